/**
 * `sf sharing exposure`'s HTML report in a real browser: headless Chromium (Debian's `chromium`, installed by
 * scripts/ensure-tools.sh) opens the page with every request sent to a closed proxy port, so the page must work without
 * network access. The rendered DOM must hold the graph's nodes and the hostile label as text, the page's own script
 * must have run (its Content-Security-Policy hash is right), the console must stay empty, and a screenshot is saved.
 * A probe page in the same browser set-up proves the console and the network block are observed at all.
 *
 * Runs on one Node only (@single-node): it tests the browser, not the Node version the plugin runs on.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { SharingExposureResult } from '../../src/commands/sharing/exposure.js';
import { exposureFixture, HOSTILE_LABEL } from '../unit/exposure/fixture.js';
import { createOrgEnv, pluginRoot, succeeded, type OrgEnv } from '../helpers/e2e.js';

const exec = promisify(execFile);

/** Chromium's path, installing Debian's package when missing (scripts/ensure-tools.sh, as root here and in CI). */
async function ensureChromium(): Promise<string> {
  const { stdout } = await exec('bash', [join(pluginRoot, 'scripts', 'ensure-tools.sh'), 'chromium'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return /^chromium=(.+)$/m.exec(stdout)?.[1] ?? '/usr/bin/chromium';
}

describe('e2e: the exposure HTML page in headless Chromium @single-node', function () {
  this.timeout(600_000);
  let env: OrgEnv;
  let chromium: string;
  let result: SharingExposureResult;
  let page: string;

  /** Runs Chromium headless on a file with no network (closed proxy port) and console logging on stderr. */
  async function browse(file: string, mode: string[]): Promise<{ stdout: string; console: string[] }> {
    const { stdout, stderr } = await exec(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        `--user-data-dir=${join(env.work, 'chromium-profile')}`,
        '--proxy-server=127.0.0.1:9',
        '--enable-logging=stderr',
        '--v=0',
        ...mode,
        pathToFileURL(file).href,
      ],
      { timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HOME: env.home } }
    );
    return { stdout, console: stderr.split('\n').filter((line) => /:CONSOLE[:(]/.test(line)) };
  }

  before(async () => {
    chromium = await ensureChromium();
    env = await createOrgEnv({
      fixture: exposureFixture({ users: 60, hostile: true, seed: 9 }),
      work: 'exposure-browser-',
    });
    page = join(env.work, 'exposure.html');
    const run = succeeded(
      await env.run<SharingExposureResult>(['sharing', 'exposure', '-o', env.alias, '--output-file', page, '--json'])
    );
    expect(run.code, run.stderr).to.equal(0);
    result = run.json.result;
  });

  after(async () => env?.cleanup());

  it('sees console messages and blocked requests at all (a probe page)', async () => {
    const probe = join(env.work, 'probe.html');
    await writeFile(
      probe,
      '<!DOCTYPE html><html><body><script>console.error("probe-console");' +
        'fetch("http://example.com/x").catch(function(e){console.error("probe-network " + e)})</script></body></html>'
    );
    const { console } = await browse(probe, ['--virtual-time-budget=5000', '--dump-dom']);
    expect(console.join('\n')).to.contain('probe-console').and.contain('probe-network');
  });

  it('draws the graph: every profile, sharing set and object is a node of the rendered page', async () => {
    const { stdout: dom, console } = await browse(page, ['--virtual-time-budget=5000', '--dump-dom']);
    const count = (kind: string): number => (dom.match(new RegExp(`class="node ${kind}"`, 'g')) ?? []).length;
    const distinct = (values: string[]): number => new Set(values.map((v) => v.toLowerCase())).size;
    expect(count('profile')).to.equal(distinct(result.mappings.flatMap((m) => m.profiles)));
    expect(count('set')).to.equal(distinct(result.mappings.map((m) => m.sharingSet)));
    expect(count('object')).to.equal(distinct(result.mappings.map((m) => m.object)));
    expect(count('set')).to.be.greaterThan(5);
    // The page's one script ran: the policy's hash matches it.
    expect(dom).to.contain('data-tables="sortable"');
    // The hostile label is text in the drawing and the tables, never an element.
    expect(dom).to.contain('&lt;img src=x onerror=alert(1)&gt;');
    expect(dom).to.not.match(/<img\b/);
    expect(HOSTILE_LABEL).to.contain('<img');
    expect(console, console.join('\n')).to.deep.equal([]);
  });

  it('saves a screenshot of the page', async () => {
    const shot = join(env.work, 'exposure.png');
    const { console } = await browse(page, ['--window-size=1220,1000', `--screenshot=${shot}`]);
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
    expect(png.length).to.be.greaterThan(20_000);
    expect(console, console.join('\n')).to.deep.equal([]);
  });
});

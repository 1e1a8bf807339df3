/**
 * The plugin installed as a user installs it before it is published: `npm pack`, then `sf plugins install
 * file://…tgz` into the real Salesforce CLI (scripts/ensure-tools.sh), in a temporary HOME, XDG_DATA_HOME and
 * XDG_CONFIG_HOME. Installed that way the plugin's `overrides` do not apply, so its dependencies resolve as in a
 * user's install (undici 8 under @jsforce/jsforce-node): on Node 22 every command works; on an older Node.js the
 * plugin's init hook (src/hooks/nodeVersion.ts) refuses in one line instead of crashing while @salesforce/core loads.
 * Needs the npm registry (the install fetches the plugin's dependencies) and a build (`npm run build`).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { createOrgEnv, pluginRoot, type OrgEnv } from '../helpers/e2e.js';
import { ensureTools, type Tools } from '../helpers/tools.js';
import { below, minimumOf } from '../../src/hooks/nodeVersion.js';

const run = promisify(execFile);
type Ran = { code: number; stdout: string; stderr: string };

/** The machine's npm settings an install in a temporary HOME still needs (a CA file, a registry mirror). */
async function npmSettings(): Promise<Record<string, string>> {
  const settings: Record<string, string> = {};
  for (const key of ['cafile', 'registry']) {
    // eslint-disable-next-line no-await-in-loop
    const value = (await run('npm', ['config', 'get', key]).catch(() => ({ stdout: '' }))).stdout.trim();
    if (value && value !== 'null' && value !== 'undefined') settings[`npm_config_${key}`] = value;
  }
  return settings;
}

describe('e2e: installed from a packed tarball into the real sf @single-node', function () {
  this.timeout(900_000);
  let env: OrgEnv;
  let tools: Tools;
  let tarball: string;
  let childEnv: NodeJS.ProcessEnv;

  async function sf(node: string, args: string[]): Promise<Ran> {
    try {
      const { stdout, stderr } = await run(node, [tools.sf, ...args], {
        env: childEnv,
        cwd: env.work,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  before(async () => {
    tools = await ensureTools();
    env = await createOrgEnv({ fixture: 'demo', work: 'plugin-sharing-install-' });
    const packs = join(env.work, 'packs');
    await mkdir(packs);
    // The build is the test's input (as for every e2e test): pack it as it is, without the prepack build.
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], { cwd: pluginRoot });
    tarball = join(packs, (await readdir(packs))[0]);
    const config = join(env.home, '.config');
    childEnv = env.childEnv({
      XDG_DATA_HOME: join(env.home, '.local', 'share'),
      XDG_CONFIG_HOME: config,
      XDG_CACHE_HOME: join(env.home, '.cache'),
      ...(await npmSettings()),
    });
    // An unsigned plugin makes sf ask; its allow list (by URL for a tarball) lets the install run unattended.
    await mkdir(join(config, 'sf'), { recursive: true });
    await writeFile(join(config, 'sf', 'unsignedPluginAllowList.json'), JSON.stringify([`file://${tarball}`]));
    const installed = await sf(tools.node22, ['plugins', 'install', `file://${tarball}`]);
    expect(installed.code, installed.stderr).to.equal(0);
  });

  after(async () => env?.cleanup());

  it('packs the plugin with its manifest, messages and schemas', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    for (const file of ['package/oclif.manifest.json', 'package/messages/install.md', 'package/lib/hooks/nodeVersion.js']) {
      expect(stdout).to.contain(file);
    }
  });

  it('is installed as a user plugin, in the temporary data folder', async () => {
    const { code, stdout } = await sf(tools.node22, ['plugins', '--json']);
    expect(code).to.equal(0);
    const plugins = JSON.parse(stdout) as Array<{ name: string; type: string; root: string }>;
    const plugin = plugins.find((each) => each.name === 'plugin-sharing');
    expect(plugin?.type).to.equal('user');
    expect(plugin?.root.startsWith(env.home)).to.equal(true);
  });

  it('on Node 22: shows help and runs a command against the emulator', async () => {
    const help = await sf(tools.node22, ['sharing', 'set', 'list', '--help']);
    expect(help.code, help.stderr).to.equal(0);
    expect(help.stdout).to.contain('sf sharing set list');
    env.emulator.clearLog();
    const list = await sf(tools.node22, ['sharing', 'set', 'list', '--target-org', env.alias, '--json']);
    expect(list.code, list.stderr).to.equal(0);
    const { result } = JSON.parse(list.stdout) as { result: { sharingSets: Array<{ fullName: string }> } };
    const expected = env.emulator.state.sharingSets.map((set) => set.fullName).sort();
    expect(result.sharingSets.map((set) => set.fullName).sort()).to.deep.equal(expected);
    expect(env.emulator.writeCalls()).to.deep.equal([]);
  });

  it("on this machine's Node.js: works, or refuses in one line naming the Node.js needed", async () => {
    const list = await sf(process.execPath, ['sharing', 'set', 'list', '--target-org', env.alias, '--json']);
    const installedUndici = join(env.home, '.local', 'share', 'sf', 'node_modules', 'undici', 'package.json');
    const { readFile } = await import('node:fs/promises');
    const engines = (JSON.parse(await readFile(installedUndici, 'utf8')) as { engines?: { node?: string } }).engines;
    const minimum = minimumOf(engines?.node);
    if (minimum && below(process.versions.node.split('.').map(Number), minimum)) {
      expect(list.code).to.equal(1);
      const lines = list.stderr.trim().split('\n');
      expect(lines, list.stderr).to.have.length(1);
      expect(lines[0]).to.contain(`can't run on Node.js ${process.versions.node}`);
      expect(lines[0]).to.contain(`${minimum.join('.')} or later`);
      expect(list.stdout).to.equal('');
      // sf itself, and its other commands, are unaffected.
      const version = await sf(process.execPath, ['version']);
      expect(version.code, version.stderr).to.equal(0);
    } else {
      expect(list.code, list.stderr).to.equal(0);
    }
  });
});

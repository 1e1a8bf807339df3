/**
 * The plugin inside the binary users run: the real Salesforce CLI (installed from the npm registry by
 * scripts/ensure-tools.sh, run on Node 22 as it requires), with this plugin linked into an isolated HOME, against the
 * emulator. Nothing of the user's own `sf` state (logins, plugins, config) is read or changed.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type * as Sarif from 'sarif';
import { createOrgEnv, pluginRoot, type OrgEnv } from '../helpers/e2e.js';
import { ensureTools } from '../helpers/tools.js';

const run = promisify(execFile);

describe('e2e: inside the real sf CLI', function () {
  this.timeout(600_000);
  let env: OrgEnv;
  let tools: { node22: string; sf: string };

  async function sf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(tools.node22, [tools.sf, ...args], {
        env: env.childEnv(),
        cwd: env.home,
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
    env = await createOrgEnv({ fixture: 'demo' });
    const linked = await sf(['plugins', 'link', '--no-install', pluginRoot]);
    expect(linked.code, linked.stderr).to.equal(0);
  });

  after(async () => env?.cleanup());

  it('lists the plugin as linked', async () => {
    const { code, stdout } = await sf(['plugins', '--json']);
    expect(code).to.equal(0);
    const plugins = JSON.parse(stdout) as Array<{ name: string; type: string }>;
    expect(plugins.find((plugin) => plugin.name === 'plugin-sharing')?.type).to.equal('link');
  });

  it('runs sf sharing set list against the emulator, with the same result as bin/run.js', async () => {
    env.emulator.clearLog();
    const { code, stdout } = await sf(['sharing', 'set', 'list', '--target-org', env.alias, '--json']);
    expect(code).to.equal(0);
    const result = (JSON.parse(stdout) as { result: { sharingSets: Array<{ fullName: string }> } }).result;
    const expected = env.emulator.state.sharingSets.map((set) => set.fullName).sort();
    expect(result.sharingSets.map((set) => set.fullName).sort()).to.deep.equal(expected);
    const reads = env.emulator.log.filter((entry) => entry.soapOperation === 'readMetadata');
    expect(reads).to.have.length(Math.ceil(expected.length / 10));
    expect(env.emulator.writeCalls()).to.deep.equal([]);
  });

  it('runs every read command through sf with --json, and never writes', async () => {
    env.emulator.clearLog();
    const runs: Array<[string[], number]> = [
      [['sharing', 'profile', 'list', '--target-org', env.alias, '--json'], 0],
      [['sharing', 'audit', '--target-org', env.alias, '--json'], 3],
      [['sharing', 'audit', '--source-dir', `${pluginRoot}/test/fixtures/projects/ursa-major`, '--json'], 3],
      [
        [
          'sharing',
          'set',
          'diff',
          '--target-org',
          env.alias,
          '--source-dir',
          `${pluginRoot}/test/fixtures/projects/drift`,
          '--json',
        ],
        3,
      ],
      // A flag value the parser rejects is a bad flag (2) inside sf too, whose own oclif settings differ from ours.
      [['sharing', 'audit', '--source-dir', `${pluginRoot}/no-such-folder`, '--json'], 2],
    ];
    for (const [args, expected] of runs) {
      // eslint-disable-next-line no-await-in-loop
      const { code, stdout } = await sf(args);
      expect(code, args.join(' ')).to.equal(expected);
      expect((JSON.parse(stdout) as { status: number }).status).to.equal(expected);
    }
    expect(env.emulator.writeCalls()).to.deep.equal([]);
  });

  it("names this plugin and its own version in reports, not the host sf CLI's package (issue 14, point 3)", async () => {
    const pjson = JSON.parse(await readFile(join(pluginRoot, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      homepage: string;
    };
    const sarifFile = join(env.home, 'inside-sf.sarif');
    const { code, stdout } = await sf([
      'sharing',
      'audit',
      '--source-dir',
      `${pluginRoot}/test/fixtures/projects/ursa-major`,
      '--output-file',
      sarifFile,
    ]);
    expect(code).to.equal(3);
    const driver = (JSON.parse(await readFile(sarifFile, 'utf8')) as Sarif.Log).runs[0].tool.driver;
    expect({ name: driver.name, version: driver.version, informationUri: driver.informationUri }).to.deep.equal({
      name: pjson.name,
      version: pjson.version,
      informationUri: pjson.homepage,
    });
    expect(stdout).to.contain(`(${pjson.name} ${pjson.version})`);
    expect(stdout).to.not.contain('@salesforce/cli');
  });

  it('creates and deletes through sf', async () => {
    const create = await sf([
      'sharing',
      'set',
      'create',
      '--target-org',
      env.alias,
      '--name',
      'Via_Sf',
      '--profile',
      'Customer Community User',
      '--mapping',
      'Case.Account=Account',
      '--json',
    ]);
    expect(create.code, create.stdout).to.equal(0);
    expect(env.emulator.state.sharingSets.some((set) => set.fullName === 'Via_Sf')).to.equal(true);
    const removed = await sf([
      'sharing',
      'set',
      'delete',
      '--target-org',
      env.alias,
      '--name',
      'Via_Sf',
      '--no-prompt',
      '--json',
    ]);
    expect(removed.code, removed.stdout).to.equal(0);
    expect(env.emulator.state.sharingSets.some((set) => set.fullName === 'Via_Sf')).to.equal(false);
  });

  it('documents the gate exit codes in help', async () => {
    for (const command of [
      ['sharing', 'audit'],
      ['sharing', 'set', 'diff'],
    ]) {
      // eslint-disable-next-line no-await-in-loop
      const { stdout } = await sf([...command, '--help']);
      expect(stdout).to.contain('ERROR CODES');
    }
  });

  it('shows the sharing topic in help', async () => {
    const { code, stdout } = await sf(['sharing', '--help']);
    expect(code).to.equal(0);
    expect(stdout).to.contain('sharing set');
    expect(stdout).to.contain('sharing profile');
  });
});

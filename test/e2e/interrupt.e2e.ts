import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { createOrgEnv, makeTempDir, pluginBin, pluginRoot, type OrgEnv } from '../helpers/e2e.js';
import { expectBackupHolds, expectOldOrNew } from '../helpers/sharingSets.js';
import { removeDir } from '../helpers/tmp.js';

/**
 * Starts the plugin, waits until a request it sent has reached the org (the emulator logs a request when it arrives,
 * and holds the answer for 4 s), sends SIGINT, and returns what the process said and did. `operation` is a SOAP
 * operation, or '*' for the first request of any kind.
 */
async function interruptDuringWrite(
  env: OrgEnv,
  cwd: string,
  args: string[],
  operation: string
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.env.PLUGIN_SHARING_NODE ?? process.execPath, [pluginBin, ...args], {
    cwd,
    env: env.childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const deadline = Date.now() + 60_000;
  const arrived = (entry: { soapOperation?: string }): boolean =>
    operation === '*' || entry.soapOperation === operation;
  while (!env.emulator.log.some(arrived) && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  return { code, stderr };
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  // eslint-disable-next-line no-await-in-loop
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('e2e: interrupted writes', () => {
  let env: OrgEnv;
  let work: string;
  before(async () => {
    // Writes take 4 s, so the interrupt lands while one is in flight.
    env = await createOrgEnv({
      fixture: 'demo',
      emulator: { latency: [{ soapOperation: ['createMetadata', 'updateMetadata', 'deleteMetadata'], ms: 4000 }] },
    });
  });
  after(async () => env.cleanup());
  beforeEach(async () => {
    env.emulator.clearLog();
    work = await makeTempDir('plugin-sharing-interrupt-');
  });
  afterEach(async () => removeDir(work));

  it('create --update: the backup stays and the message says how to restore it', async () => {
    const before = env.emulator.state.sharingSets;
    const { code, stderr } = await interruptDuringWrite(
      env,
      work,
      [
        'sharing',
        'set',
        'create',
        '-o',
        env.alias,
        '--name',
        'Case_Sharing',
        '--label',
        'Interrupted Update',
        '--description',
        'sent, then interrupted',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Account',
        '--update',
      ],
      'updateMetadata'
    );
    expect(code, stderr).to.equal(130);
    const [backup] = readdirSync(join(work, '.sharing-backups'));
    expect(backup).to.match(/^Case_Sharing-\d{8}T\d{6}Z\.sharingSet-meta\.xml$/);
    expect(stderr).to.contain('Interrupted while writing Case_Sharing');
    expect(stderr).to.contain(`--definition-file .sharing-backups/${backup} --update`);
    // The backup holds what the update replaces, whole.
    await expectBackupHolds(
      join(work, '.sharing-backups', backup),
      before.find((set) => set.fullName === 'Case_Sharing')
    );
    // The update was on its way: once the org has answered it, the org holds the new definition, whole, and nothing
    // else changed.
    await until(() => env.emulator.log.every((entry) => entry.end !== undefined));
    const next = before.map((set) =>
      set.fullName === 'Case_Sharing'
        ? {
            fullName: 'Case_Sharing',
            name: 'Interrupted Update',
            description: 'sent, then interrupted',
            profiles: ['Customer Community User'],
            accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
          }
        : set
    );
    expect(expectOldOrNew(env.emulator.state.sharingSets, before, next)).to.equal('new');
  });

  it('delete: the backup stays and the message says how to restore it', async () => {
    const before = env.emulator.state.sharingSets;
    const { code, stderr } = await interruptDuringWrite(
      env,
      work,
      ['sharing', 'set', 'delete', '-o', env.alias, '--name', 'Asset_Sharing', '--no-prompt'],
      'deleteMetadata'
    );
    expect(code, stderr).to.equal(130);
    const [backup] = readdirSync(join(work, '.sharing-backups'));
    expect(stderr).to.contain('Interrupted while deleting Asset_Sharing');
    expect(stderr).to.contain(`--definition-file .sharing-backups/${backup}`);
    await expectBackupHolds(
      join(work, '.sharing-backups', backup),
      before.find((set) => set.fullName === 'Asset_Sharing')
    );
    // The delete was on its way: once the org has answered it, the set is gone whole (never half a set), and the
    // other sets are untouched.
    await until(() => env.emulator.log.every((entry) => entry.end !== undefined));
    expect(env.emulator.state.sharingSets.map((set) => set.fullName)).to.not.include('Asset_Sharing');
    const next = before.filter((set) => set.fullName !== 'Asset_Sharing');
    expect(expectOldOrNew(env.emulator.state.sharingSets, before, next)).to.equal('new');
  });

  it('create (a new set): says the org either has it or not, how to check, and that nothing needed a backup', async () => {
    const before = env.emulator.state.sharingSets;
    const { code, stderr } = await interruptDuringWrite(
      env,
      work,
      [
        'sharing',
        'set',
        'create',
        '-o',
        env.alias,
        '--name',
        'Brand_New',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Account',
      ],
      'createMetadata'
    );
    expect(code, stderr).to.equal(130);
    expect(stderr).to.contain('Interrupted while creating Brand_New');
    expect(stderr).to.contain(`sf sharing set list --target-org ${env.username} --name Brand_New`);
    expect(existsSync(join(work, '.sharing-backups')), 'nothing was replaced').to.equal(false);
    // Once the org has answered the create, it holds the new set, whole, beside the others.
    await until(() => env.emulator.log.every((entry) => entry.end !== undefined));
    const next = [
      ...before,
      {
        fullName: 'Brand_New',
        name: 'Brand New',
        profiles: ['Customer Community User'],
        accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
      },
    ];
    expect(expectOldOrNew(env.emulator.state.sharingSets, before, next)).to.equal('new');
  });
});

describe('e2e: interrupted reads', () => {
  let env: OrgEnv;
  let work: string;
  before(async () => {
    // Every answer takes 4 s, so the interrupt lands while the command is reading.
    env = await createOrgEnv({ fixture: 'demo', emulator: { latencyMs: 4000 } });
  });
  after(async () => env.cleanup());
  beforeEach(async () => {
    env.emulator.clearLog();
    work = await makeTempDir('plugin-sharing-interrupt-');
  });
  afterEach(async () => removeDir(work));

  const project = join(pluginRoot, 'test', 'fixtures', 'projects', 'ursa-major');
  const commands: Array<{ title: string; args: (alias: string) => string[] }> = [
    { title: 'set list', args: (alias) => ['sharing', 'set', 'list', '-o', alias] },
    { title: 'profile list', args: (alias) => ['sharing', 'profile', 'list', '-o', alias] },
    { title: 'set diff', args: (alias) => ['sharing', 'set', 'diff', '-o', alias, '--source-dir', project] },
    {
      title: 'audit with report files',
      args: (alias) => ['sharing', 'audit', '-o', alias, '-f', 'report.sarif', '-f', 'report.xml', '--json'],
    },
    {
      title: 'set create, while checking against the org',
      args: (alias) => [
        'sharing',
        'set',
        'create',
        '-o',
        alias,
        '--name',
        'New_Set',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Account',
        '--output-dir',
        'force-app',
      ],
    },
    {
      title: 'set delete, while reading',
      args: (alias) => ['sharing', 'set', 'delete', '-o', alias, '-n', 'Asset_Sharing', '--no-prompt'],
    },
  ];
  for (const { title, args } of commands) {
    it(`${title}: one line saying nothing changed, exit 130, no stack trace, no file left`, async () => {
      const { code, stderr } = await interruptDuringWrite(env, work, args(env.alias), '*');
      expect(code, stderr).to.equal(130);
      expect(stderr).to.contain('Interrupted. Nothing was changed in the org, and no file was left half-written.');
      expect(stderr).not.to.match(/ExitError|\n\s+at /);
      expect(readdirSync(work), 'files left in the working folder').to.deep.equal([]);
      expect(env.emulator.log.filter((entry) => entry.write)).to.deep.equal([]);
    });
  }
});

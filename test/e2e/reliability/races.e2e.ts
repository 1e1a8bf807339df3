import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { createOrgEnv, makeTempDir, pluginBin, type OrgEnv } from '../../helpers/e2e.js';
import { removeDir } from '../../helpers/tmp.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the plugin, waits for the first file to appear in `backupDir`, sends SIGINT at once, and returns what the
 * process said and the backup's name.
 */
async function interruptAfterBackup(
  env: OrgEnv,
  cwd: string,
  args: string[],
  backupDir: string
): Promise<{ code: number | null; stderr: string; backup: string }> {
  const child = spawn(process.env.PLUGIN_SHARING_NODE ?? process.execPath, [pluginBin, ...args], {
    cwd,
    env: env.childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  const deadline = Date.now() + 60_000;
  const backups = (): string[] =>
    existsSync(backupDir) ? readdirSync(backupDir).filter((f) => !f.startsWith('.')) : [];
  while (backups().length === 0 && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await sleep(10);
  }
  child.kill('SIGINT');
  const code = await closed;
  return { code, stderr, backup: backups()[0] };
}

describe('e2e reliability: races and interrupts', () => {
  let env: OrgEnv;
  let work: string;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo' });
  });
  after(async () => env.cleanup());
  beforeEach(async () => {
    env.emulator.clearLog();
    env.emulator.setLatency(0, []);
    work = await makeTempDir('plugin-sharing-races-');
  });
  afterEach(async () => removeDir(work));

  it('two concurrent creates of one new name: one succeeds, the other fails clearly, the org holds one valid set', async () => {
    // Both runs check the org before either writes; the writes then arrive one after the other.
    env.emulator.setLatency(0, [{ soapOperation: 'createMetadata', ms: 1500 }]);
    const create = (label: string): ReturnType<OrgEnv['run']> =>
      env.run(
        [
          'sharing',
          'set',
          'create',
          '-o',
          env.alias,
          '--name',
          'Race_Set',
          '--label',
          label,
          '--profile',
          'Customer Community User',
          '--mapping',
          'Case.Account=Account',
          '--json',
        ],
        { cwd: work }
      );
    const results = await Promise.all([create('First'), create('Second')]);
    const creates = env.emulator.log.filter((entry) => entry.soapOperation === 'createMetadata');
    expect(creates, 'both runs reached the write').to.have.length(2);
    const winners = results.filter((r) => r.code === 0);
    const losers = results.filter((r) => r.code !== 0);
    expect(winners, JSON.stringify(results.map((r): unknown => r.json?.message))).to.have.length(1);
    expect(losers).to.have.length(1);
    const [loser] = losers;
    expect(loser.code).to.equal(1);
    expect(loser.json.message).to.match(
      /The org rejected the create of sharing set Race_Set: DUPLICATE_DEVELOPER_NAME/
    );
    expect(loser.json.message).to.not.contain('\n');
    expect(loser.stderr).to.not.match(/^\s{4}at /m);
    const sets = env.emulator.state.sharingSets.filter((set) => set.fullName === 'Race_Set');
    expect(sets).to.have.length(1);
    expect(sets[0].name).to.equal(winners[0].json.result.sharingSet.label);
    expect(sets[0].profiles).to.deep.equal(['Customer Community User']);
  });

  it('create --update interrupted right after the backup: the backup stays and the message says how to restore', async () => {
    env.emulator.setLatency(0, [{ soapOperation: 'updateMetadata', ms: 3000 }]);
    const before = env.emulator.state.sharingSets.find((set) => set.fullName === 'Case_Sharing');
    const backupDir = join(work, 'backups');
    const { code, stderr, backup } = await interruptAfterBackup(
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
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Account',
        '--update',
        '--backup-dir',
        backupDir,
      ],
      backupDir
    );
    expect(code, stderr).to.equal(130);
    expect(backup).to.match(/^Case_Sharing-\d{8}T\d{6}Z\.sharingSet-meta\.xml$/);
    expect(await readFile(join(backupDir, backup), 'utf8')).to.contain('<SharingSet');
    // Before the update request left, nothing changed and the message says so; after, it says how to restore.
    expect(stderr).to.match(
      /Interrupted while writing Case_Sharing|Interrupted before anything was sent: Case_Sharing/
    );
    expect(stderr, 'the message names the backup on disk').to.contain(join(backupDir, backup));
    if (stderr.includes('Interrupted while writing'))
      expect(stderr).to.contain(`--definition-file ${join(backupDir, backup)} --update`);
    expect(stderr).to.not.match(/^\s{4}at /m);
    // The update was held by the org, not lost: once it lands, the org holds the old or the new definition.
    await sleep(3500);
    const after = env.emulator.state.sharingSets.find((set) => set.fullName === 'Case_Sharing');
    expect([JSON.stringify(before?.profiles), JSON.stringify(['Customer Community User'])]).to.include(
      JSON.stringify(after?.profiles)
    );
  });

  it('delete interrupted right after the backup: the backup stays and the message says how to restore', async () => {
    env.emulator.setLatency(0, [{ soapOperation: 'deleteMetadata', ms: 3000 }]);
    const backupDir = join(work, 'backups');
    const { code, stderr, backup } = await interruptAfterBackup(
      env,
      work,
      [
        'sharing',
        'set',
        'delete',
        '-o',
        env.alias,
        '--name',
        'Asset_Sharing',
        '--no-prompt',
        '--backup-dir',
        backupDir,
      ],
      backupDir
    );
    expect(code, stderr).to.equal(130);
    expect(backup).to.match(/^Asset_Sharing-\d{8}T\d{6}Z\.sharingSet-meta\.xml$/);
    expect(await readFile(join(backupDir, backup), 'utf8')).to.contain('<SharingSet');
    // Before the delete request left, nothing changed and the message says so; after, it says how to restore.
    expect(stderr).to.match(
      /Interrupted while deleting Asset_Sharing|Interrupted before anything was deleted: Asset_Sharing/
    );
    expect(stderr, 'the message names the backup on disk').to.contain(join(backupDir, backup));
    if (stderr.includes('Interrupted while deleting'))
      expect(stderr).to.contain(`--definition-file ${join(backupDir, backup)}`);
    expect(stderr).to.not.match(/^\s{4}at /m);
  });
});

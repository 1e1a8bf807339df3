import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import type { FixtureSharingSet } from '../../emulator/index.js';
import {
  failed,
  settled as allAnswered,
  sleep,
  spawnPlugin,
  succeeded,
  useOrgEnv,
  type OrgEnv,
  type RunResult,
} from '../../helpers/e2e.js';
import type { SharingSetCreateResult } from '../../../src/commands/sharing/set/create.js';
import { expectBackupHolds, expectOldOrNew } from '../../helpers/sharingSets.js';

/**
 * Starts the plugin and sends SIGINT right after it saved its backup: as soon as the backup file appears (`when:
 * 'backup'`, which races with the write request leaving), or once the write request that follows the backup has
 * reached the org (`when: 'write'`; the org holds it for a few seconds, so the interrupt lands while it is in flight).
 * Returns what the process said, the backup's name and whether the write had reached the org when the signal was sent.
 */
async function interruptAfterBackup(
  env: OrgEnv,
  cwd: string,
  args: string[],
  backupDir: string,
  when: { backup: true } | { write: string }
): Promise<{ code: number | null; stderr: string; backup: string; writeSent: boolean }> {
  const plugin = spawnPlugin(env, cwd, args);
  const deadline = Date.now() + 60_000;
  const backups = (): string[] =>
    existsSync(backupDir) ? readdirSync(backupDir).filter((f) => !f.startsWith('.')) : [];
  const writes = (): number => env.emulator.log.filter((entry) => entry.write).length;
  const ready = (): boolean => ('backup' in when ? backups().length > 0 : writes() > 0);
  while (!ready() && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await sleep('backup' in when ? 2 : 10);
  }
  const writeSent = writes() > 0;
  const backupsAtSignal = backups().length;
  const sentAtSignal = env.emulator.log.filter((entry) => entry.write).map((entry) => entry.soapOperation);
  plugin.child.kill('SIGINT');
  const code = await plugin.closed;
  if ('write' in when) {
    expect(backupsAtSignal, 'the backup was on disk before the write left').to.equal(1);
    expect(sentAtSignal, 'the write had reached the org').to.deep.equal([when.write]);
  }
  return { code, stderr: plugin.stderr(), backup: backups()[0], writeSent };
}

/** Waits until every request the org received has been answered (a held write has landed, or been refused). */
async function settled(env: OrgEnv, ms = 15_000): Promise<void> {
  await allAnswered(env, ms);
  expect(
    env.emulator.log.filter((entry) => entry.end === undefined),
    'every request answered'
  ).to.deep.equal([]);
}

/** Puts a backed-up set back the way the interrupt message says to: `set create --definition-file <backup> [--update]`. */
async function restore(env: OrgEnv, file: string, update: boolean): Promise<void> {
  const result = await env.run(
    ['sharing', 'set', 'create', '--definition-file', file, ...(update ? ['--update'] : []), '-o', env.alias, '--json'],
    { cwd: dirname(file) }
  );
  expect(result.code, result.stdout).to.equal(0);
}

describe('e2e reliability: races and interrupts', () => {
  let env: OrgEnv;
  let work: string;
  useOrgEnv({ fixture: 'demo', workPerTest: 'plugin-sharing-races-' }, (ready) => {
    env = ready;
  });
  beforeEach(() => {
    env.emulator.setLatency(0, []);
    work = env.work;
  });

  it('two concurrent creates of one new name: one succeeds, the other fails clearly, the org holds one valid set', async () => {
    // Both runs check the org before either writes; the writes then arrive one after the other.
    env.emulator.setLatency(0, [{ soapOperation: 'createMetadata', ms: 1500 }]);
    const create = (label: string): Promise<RunResult<SharingSetCreateResult>> =>
      env.run<SharingSetCreateResult>(
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
    const loser = failed(losers[0]);
    expect(loser.code).to.equal(1);
    expect(loser.json.message).to.match(
      /The org rejected the create of sharing set Race_Set: DUPLICATE_DEVELOPER_NAME/
    );
    expect(loser.json.message).to.not.contain('\n');
    expect(loser.stderr).to.not.match(/^\s{4}at /m);
    const sets = env.emulator.state.sharingSets.filter((set) => set.fullName === 'Race_Set');
    expect(sets).to.have.length(1);
    expect(sets[0].name).to.equal(succeeded(winners[0]).json.result.sharingSet.label);
    expect(sets[0].profiles).to.deep.equal(['Customer Community User']);
  });

  /** What `create --update` below sends: every field given, so "the new definition, whole" is known exactly. */
  const UPDATE_ARGS = [
    'sharing',
    'set',
    'create',
    '--name',
    'Case_Sharing',
    '--label',
    'Held Update',
    '--description',
    'sent while interrupted',
    '--profile',
    'Customer Community User',
    '--mapping',
    'Case.Account=Account',
    '--update',
  ];
  const updated = (sets: FixtureSharingSet[]): FixtureSharingSet[] =>
    sets.map((set) =>
      set.fullName === 'Case_Sharing'
        ? {
            fullName: 'Case_Sharing',
            name: 'Held Update',
            description: 'sent while interrupted',
            profiles: ['Customer Community User'],
            accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
          }
        : set
    );
  const deleted = (sets: FixtureSharingSet[]): FixtureSharingSet[] =>
    sets.filter((set) => set.fullName !== 'Asset_Sharing');

  const cases = [
    {
      title: 'create --update',
      name: 'Case_Sharing',
      operation: 'updateMetadata',
      args: UPDATE_ARGS,
      next: updated,
      sent: /Interrupted while writing Case_Sharing/,
      notSent: /Interrupted before anything was sent: Case_Sharing/,
      restore: (file: string): string => `--definition-file ${file} --update`,
    },
    {
      title: 'delete',
      name: 'Asset_Sharing',
      operation: 'deleteMetadata',
      args: ['sharing', 'set', 'delete', '--name', 'Asset_Sharing', '--no-prompt'],
      next: deleted,
      sent: /Interrupted while deleting Asset_Sharing/,
      notSent: /Interrupted before anything was deleted: Asset_Sharing/,
      restore: (file: string): string => `--definition-file ${file}`,
    },
  ];

  for (const entry of cases) {
    it(`${entry.title} interrupted while its write, sent right after the backup, is in flight: says how to restore; old or new, whole`, async () => {
      env.emulator.setLatency(0, [{ soapOperation: entry.operation, ms: 3000 }]);
      const before = env.emulator.state.sharingSets;
      const backupDir = join(work, 'backups');
      const { code, stderr, backup } = await interruptAfterBackup(
        env,
        work,
        [...entry.args, '-o', env.alias, '--backup-dir', backupDir],
        backupDir,
        { write: entry.operation }
      );
      expect(code, stderr).to.equal(130);
      expect(backup).to.match(new RegExp(`^${entry.name}-\\d{8}T\\d{6}Z\\.sharingSet-meta\\.xml$`));
      await expectBackupHolds(
        join(backupDir, backup),
        before.find((set) => set.fullName === entry.name)
      );
      // The request had left: the message must say so, name the backup and give the command that restores it.
      expect(stderr).to.match(entry.sent);
      expect(stderr).to.not.match(entry.notSent);
      expect(stderr, 'the message names the backup on disk').to.contain(join(backupDir, backup));
      expect(stderr, 'how to restore').to.contain(entry.restore(join(backupDir, backup)));
      expect(stderr).to.not.match(/^\s{4}at /m);
      // The write was held by the org, not lost: once it lands, the org holds the new definition, whole.
      await settled(env);
      expect(expectOldOrNew(env.emulator.state.sharingSets, before, entry.next(before))).to.equal('new');
      // The command the message gives puts the old definition back, whole.
      await restore(env, join(backupDir, backup), entry.operation === 'updateMetadata');
      expect(expectOldOrNew(env.emulator.state.sharingSets, before, before)).to.equal('old');
    });

    it(`${entry.title} interrupted the moment its backup appears (5 runs): the message matches what reached the org; old or new, whole`, async () => {
      env.emulator.setLatency(0, [{ soapOperation: entry.operation, ms: 1500 }]);
      const branches: string[] = [];
      for (let runNo = 0; runNo < 5; runNo++) {
        env.emulator.clearLog();
        const before = env.emulator.state.sharingSets;
        const backupDir = join(work, `backups-${runNo}`);
        // eslint-disable-next-line no-await-in-loop
        const { code, stderr, backup } = await interruptAfterBackup(
          env,
          work,
          [...entry.args, '-o', env.alias, '--backup-dir', backupDir],
          backupDir,
          { backup: true }
        );
        expect(code, stderr).to.equal(130);
        // eslint-disable-next-line no-await-in-loop
        await expectBackupHolds(
          join(backupDir, backup),
          before.find((set) => set.fullName === entry.name)
        );
        expect(stderr, 'the message names the backup on disk').to.contain(join(backupDir, backup));
        expect(stderr).to.not.match(/^\s{4}at /m);
        // eslint-disable-next-line no-await-in-loop
        await sleep(300); // a request already on the wire reaches the org's log
        // eslint-disable-next-line no-await-in-loop
        await settled(env);
        const writes = env.emulator.log.filter((e) => e.write);
        const held = expectOldOrNew(env.emulator.state.sharingSets, before, entry.next(before));
        if (entry.sent.test(stderr)) {
          branches.push('sent');
          expect(stderr, 'how to restore').to.contain(entry.restore(join(backupDir, backup)));
        } else {
          branches.push('not sent');
          expect(stderr).to.match(entry.notSent);
          // "Nothing was sent" must be true: no write reached the org, and it holds the old definition.
          expect(writes, 'no write reached the org').to.deep.equal([]);
          expect(held).to.equal('old');
        }
        if (writes.length === 0) expect(held, 'no write, old definition').to.equal('old');
        // Put the org back for the next run.
        // eslint-disable-next-line no-await-in-loop
        if (held === 'new') await restore(env, join(backupDir, backup), entry.operation === 'updateMetadata');
        expect(expectOldOrNew(env.emulator.state.sharingSets, before, before)).to.equal('old');
      }
      expect(branches, 'the runs').to.have.length(5);
    });
  }
});

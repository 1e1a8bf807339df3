import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Fixture, FixtureSharingSet, LogEntry } from '../emulator/index.js';
import { loadFixture } from '../emulator/fixture.js';
import {
  createOrgEnv,
  failed,
  makeTempDir,
  spawnPlugin,
  succeeded,
  waitUntil,
  type OrgEnv,
  type RunResult,
} from '../helpers/e2e.js';
import { expectBackupHolds, expectOldOrNew, fromFixture, writeProject } from '../helpers/sharingSets.js';
import { runInTerminal } from '../helpers/terminal.js';
import { removeDir } from '../helpers/tmp.js';
import { diffSharingSets } from '../../src/diff/diff.js';
import { readSharingSetFile } from '../../src/source/index.js';
import type { SharingSetDeployResult } from '../../src/commands/sharing/set/deploy.js';
import type { SharingSetDiffResult } from '../../src/commands/sharing/set/diff.js';
import { assertMatchesSchema } from './schema.js';

const clone = <T>(value: T): T => structuredClone(value);
const byName = (sets: FixtureSharingSet[], name: string): FixtureSharingSet => {
  const found = sets.find((set) => set.fullName === name);
  if (!found) throw new Error(`no set ${name}`);
  return found;
};
const writesOf = (log: LogEntry[]): LogEntry[] => log.filter((entry) => entry.write);
const bulk = (n: number): FixtureSharingSet => ({
  fullName: `Bulk_${String(n).padStart(2, '0')}`,
  name: `Bulk ${n}`,
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
});

/**
 * The demo org's sets, made deployable: in the demo org, Contact_Directory holds an internal profile and
 * Partner_Opportunities a profile the org lacks, which block.
 */
function cleanSets(): FixtureSharingSet[] {
  const sets = clone(loadFixture('demo').sharingSets);
  byName(sets, 'Contact_Directory').profiles = ['Customer Community Plus User'];
  byName(sets, 'Partner_Opportunities').profiles = ['Partner Community User'];
  return sets;
}

describe('e2e: sf sharing set deploy', function () {
  this.timeout(180_000);
  let env: OrgEnv;
  let work: string;
  let cell = 0;
  const deploy = (project: string, ...more: string[]): Promise<RunResult<SharingSetDeployResult>> =>
    env.run<SharingSetDeployResult>(
      [
        'sharing',
        'set',
        'deploy',
        '-o',
        env.alias,
        '--source-dir',
        project,
        '--backup-dir',
        join(work, `backups-${++cell}`),
        ...more,
      ],
      { cwd: work }
    );

  describe('a project with new, changed, unchanged and dropped sets', () => {
    let project: string;
    let initial: FixtureSharingSet[];
    before(async () => {
      const fixture: Fixture = loadFixture('demo');
      fixture.sharingSets = cleanSets();
      env = await createOrgEnv({ fixture });
      work = await makeTempDir('plugin-sharing-deploy-');
      initial = env.emulator.state.sharingSets;
      const sets = cleanSets().filter((set) => set.fullName !== 'Solar_Panel_Sharing');
      byName(sets, 'Asset_Sharing').profiles.push('Customer Community Login User');
      byName(sets, 'Entitlement_Cases').description = 'Cases of the entitlements of the account';
      sets.push({
        fullName: 'Order_Sharing',
        name: 'Share orders',
        profiles: ['Customer Community Plus User'],
        accessMappings: [{ accessLevel: 'Read', object: 'Order', objectField: 'Account', userField: 'Account' }],
      });
      project = await writeProject(join(work, 'project'), sets);
    });
    after(async () => {
      await env?.cleanup();
      await removeDir(work);
    });

    it('--dry-run prints the plan and writes nothing (no backup either)', async () => {
      env.emulator.clearLog();
      const run = succeeded(await deploy(project, '--delete-missing', '--dry-run', '--json'));
      expect(run.code).to.equal(0);
      assertMatchesSchema('sharing-set-deploy', run.json.result);
      expect(run.json.result.plan.map((item) => `${item.fullName}: ${item.action}`)).to.deep.equal([
        'Account_Self_Service: unchanged',
        'Asset_Sharing: update',
        'Case_Sharing: unchanged',
        'Contact_Directory: unchanged',
        'Entitlement_Cases: update',
        'Order_Sharing: create',
        'Partner_Opportunities: unchanged',
        'Solar_Panel_Sharing: delete',
      ]);
      expect(run.json.result.notAttempted).to.have.members([
        'Solar_Panel_Sharing',
        'Asset_Sharing',
        'Entitlement_Cases',
        'Order_Sharing',
      ]);
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
      expect(await readdir(join(work, `backups-${cell}`)).catch(() => [])).to.deep.equal([]);
      expect(env.emulator.state.sharingSets).to.deep.equal(initial);
    });

    it('--dry-run --result-format markdown gives a table for a pull-request comment', async () => {
      const run = await deploy(project, '--delete-missing', '--dry-run', '--result-format', 'markdown');
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/^### Sharing sets deploy plan for /m);
      expect(run.stdout).to.contain('| Order\\_Sharing | create |');
      expect(run.stdout).to.contain('| Solar\\_Panel\\_Sharing | delete |');
    });

    it('without --no-prompt under --json, refuses before writing (exit 2)', async () => {
      env.emulator.clearLog();
      const run = failed(await deploy(project, '--delete-missing', '--json'));
      expect(run.code).to.equal(2);
      expect(run.json.name).to.equal('PromptNeededError');
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
    });

    it('deploys: writes only the changed sets, deletes first, backs up what it replaces; then set diff finds no drift', async () => {
      env.emulator.clearLog();
      const run = succeeded(await deploy(project, '--delete-missing', '--no-prompt', '--json'));
      expect(run.code, run.stderr).to.equal(0);
      assertMatchesSchema('sharing-set-deploy', run.json.result);
      const result = run.json.result;
      expect(result.created).to.deep.equal(['Order_Sharing']);
      expect(result.updated).to.deep.equal(['Asset_Sharing', 'Entitlement_Cases']);
      expect(result.deleted).to.deep.equal(['Solar_Panel_Sharing']);
      expect(result.unchanged).to.have.length(4);
      expect(result.failed).to.deep.equal([]);
      expect(result.notAttempted).to.deep.equal([]);
      const writes = writesOf(env.emulator.log);
      expect(writes.map((entry) => [entry.soapOperation, entry.names])).to.deep.equal([
        ['deleteMetadata', ['Solar_Panel_Sharing']],
        ['updateMetadata', ['Asset_Sharing', 'Entitlement_Cases']],
        ['createMetadata', ['Order_Sharing']],
      ]);
      expect(result.apiCalls.metadataWrite).to.equal(3);
      // The backup folder is a project holding the org's old definitions of what was replaced or deleted.
      const backup = result.backupDir as string;
      const files = (await readdir(join(backup, 'sharingSets'))).sort();
      expect(files).to.deep.equal([
        'Asset_Sharing.sharingSet-meta.xml',
        'Entitlement_Cases.sharingSet-meta.xml',
        'Solar_Panel_Sharing.sharingSet-meta.xml',
      ]);
      for (const file of files) {
        const name = file.replace('.sharingSet-meta.xml', '');
        // eslint-disable-next-line no-await-in-loop
        const saved = await readSharingSetFile(join(backup, 'sharingSets', file));
        expect(diffSharingSets([fromFixture(byName(initial, name))], [saved]).hasDrift, name).to.equal(false);
      }
      const diff = succeeded(
        await env.run<SharingSetDiffResult>([
          'sharing',
          'set',
          'diff',
          '-o',
          env.alias,
          '--source-dir',
          project,
          '--json',
        ])
      );
      expect(diff.code).to.equal(0);
      expect(diff.json.result.hasDrift).to.equal(false);
    });

    it('a second run writes nothing', async () => {
      env.emulator.clearLog();
      const run = succeeded(await deploy(project, '--delete-missing', '--no-prompt', '--json'));
      expect(run.code).to.equal(0);
      expect(run.json.result.unchanged).to.have.length(7);
      expect(run.json.result.backupDir).to.equal(undefined);
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
    });

    it('refuses a plan whose project has a blocking problem (exit 2), listing it, and writes nothing', async () => {
      const broken = cleanSets();
      byName(broken, 'Case_Sharing').profiles.push('Standard User');
      byName(broken, 'Asset_Sharing').description = 'changed, but refused with the rest';
      const dir = await writeProject(join(work, 'refused'), broken);
      const state = env.emulator.state.sharingSets;
      env.emulator.clearLog();
      const run = failed(await deploy(dir, '--no-prompt', '--json'));
      expect(run.code).to.equal(2);
      expect(run.json.name).to.equal('RefusedError');
      expect(run.json.message).to.contain('Case_Sharing').and.to.contain('Standard User');
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
      expect(env.emulator.state.sharingSets).to.deep.equal(state);
    });

    it('--ignore-problems --dry-run names each problem it would ignore, and writes nothing', async () => {
      const broken = cleanSets();
      byName(broken, 'Case_Sharing').profiles.push('Standard User');
      const dir = await writeProject(join(work, 'ignored'), broken);
      env.emulator.clearLog();
      const run = succeeded(await deploy(dir, '--ignore-problems', '--dry-run', '--json'));
      expect(run.code, run.stderr).to.equal(0);
      const warning = (run.json.warnings ?? []).find((text) => text.includes('--ignore-problems')) ?? '';
      expect(warning).to.match(/^1 blocking problem\(s\) ignored/);
      expect(warning).to.contain('Case_Sharing: ').and.contain('Standard User');
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
    });

    it('--ignore-problems in a terminal prints the ignored problems inertly (a profile name holding U+202E)', async () => {
      const broken = cleanSets();
      byName(broken, 'Case_Sharing').profiles.push('Evil\u202eProfile');
      const dir = await writeProject(join(work, 'ignored-hostile'), broken);
      env.emulator.clearLog();
      const run = await deploy(dir, '--ignore-problems', '--dry-run');
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).to.contain('blocking problem(s) ignored').and.contain('Case_Sharing: ');
      expect(run.stderr + run.stdout).not.to.contain('\u202e');
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
    });

    it('refuses to delete most of the org without --force', async () => {
      const dir = await writeProject(join(work, 'almost-empty'), cleanSets().slice(0, 2));
      env.emulator.clearLog();
      const run = failed(await deploy(dir, '--delete-missing', '--no-prompt', '--json'));
      expect(run.code).to.equal(2);
      expect(run.json.name).to.equal('TooManyDeletesError');
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
    });
  });

  describe('a failure in the second of three batches', () => {
    let project: string;
    let initial: FixtureSharingSet[];
    before(async () => {
      const fixture: Fixture = loadFixture('demo');
      fixture.sharingSets = [...cleanSets(), ...Array.from({ length: 25 }, (_, i) => bulk(i + 1))];
      env = await createOrgEnv({ fixture });
      work = await makeTempDir('plugin-sharing-deploy-');
      initial = env.emulator.state.sharingSets;
      const sets = fixture.sharingSets.map((set) =>
        set.fullName.startsWith('Bulk_') ? { ...clone(set), description: 'new' } : clone(set)
      );
      project = await writeProject(join(work, 'project'), sets);
    });
    after(async () => {
      await env?.cleanup();
      await removeDir(work);
    });

    it('leaves the first batch new and the rest old, says so in the message and the JSON, and exits 68', async () => {
      env.emulator.setFaults([{ soapOperation: 'updateMetadata', fault: 'http500', nth: 2 }]);
      env.emulator.clearLog();
      const run = await deploy(project, '--no-prompt', '--json');
      env.emulator.setFaults([]);
      expect(run.code, run.stderr).to.equal(68);
      const { json } = succeeded(run);
      expect(json.status).to.equal(68);
      assertMatchesSchema('sharing-set-deploy', json.result);
      const names = (from: number, to: number): string[] =>
        Array.from({ length: to - from + 1 }, (_, i) => bulk(from + i).fullName);
      expect(json.result.updated).to.deep.equal(names(1, 10));
      expect(json.result.failed).to.deep.equal(names(11, 20));
      expect(json.result.failures.every((failure) => failure.holds === 'old')).to.equal(true);
      expect(json.result.notAttempted).to.deep.equal(names(21, 25));
      expect(json.warnings.join('\n')).to.contain('Partial deploy').and.to.contain(json.result.backupDir);
      // Writes: three batches planned, two sent (10 each), none retried.
      const writes = writesOf(env.emulator.log);
      expect(writes.map((entry) => entry.names?.length)).to.deep.equal([10, 10]);
      const after = env.emulator.state.sharingSets;
      for (const set of after.filter((candidate) => candidate.fullName.startsWith('Bulk_'))) {
        const n = Number(set.fullName.slice(5));
        expect(set.description, set.fullName).to.equal(n <= 10 ? 'new' : undefined);
      }
      expect(after.filter((set) => !set.fullName.startsWith('Bulk_'))).to.deep.equal(
        initial.filter((set) => !set.fullName.startsWith('Bulk_'))
      );
      // The backup holds the 25 sets the run would have replaced, as the org held them.
      expect(await readdir(join(json.result.backupDir as string, 'sharingSets'))).to.have.length(25);
    });

    it('the human message says which sets hold what, and how to restore', async () => {
      const fixtureDir = await writeProject(
        join(work, 'again'),
        env.emulator.state.sharingSets.map((set) =>
          set.fullName.startsWith('Bulk_') ? { ...set, description: 'again' } : set
        )
      );
      env.emulator.setFaults([{ soapOperation: 'updateMetadata', fault: 'partial', name: 'Bulk_12', nth: 2 }]);
      const run = await deploy(fixtureDir, '--no-prompt');
      env.emulator.setFaults([]);
      expect(run.code, run.stderr).to.equal(68);
      expect(run.stderr).to.contain('Bulk_12').and.to.contain('UNKNOWN_EXCEPTION');
      expect(run.stderr).to.match(/sf sharing set deploy --target-org \S+ --source-dir \S+deploy-/);
      const held = env.emulator.state.sharingSets
        .filter((set) => set.description === 'again')
        .map((set) => set.fullName);
      // The first batch and every item of the second but the one the org refused.
      expect(held).to.have.length(19);
      expect(held).to.not.include('Bulk_12');
    });
  });

  describe('interrupts after planning: the message says what the org and the disk hold', () => {
    before(async () => {
      const fixture: Fixture = loadFixture('demo');
      fixture.sharingSets = [...cleanSets(), ...Array.from({ length: 12 }, (_, i) => bulk(i + 1))];
      env = await createOrgEnv({ fixture });
      work = await makeTempDir('plugin-sharing-deploy-');
    });
    beforeEach(() => env.emulator.clearLog());
    afterEach(() => {
      env.emulator.setLatency(0, []);
      env.emulator.setFaults([]);
    });
    after(async () => {
      await env?.cleanup();
      await removeDir(work);
    });

    /** A project in which the Bulk sets `changed` get a new description; the others are as the org holds them. */
    const projectWith = async (label: string, changed: (n: number) => boolean): Promise<FixtureSharingSet[]> => {
      const sets = env.emulator.state.sharingSets.map((set) =>
        set.fullName.startsWith('Bulk_') && changed(Number(set.fullName.slice(5)))
          ? { ...clone(set), description: label }
          : clone(set)
      );
      await writeProject(join(work, label), sets);
      return sets;
    };

    /**
     * Starts the deploy, waits until the org has received the request `reached` picks (its answer is held by a latency
     * rule), sends `signal`, and returns the exit code, stderr and the run's backup folder (if any).
     */
    async function interruptAt(
      label: string,
      reached: (log: LogEntry[], stdout: string) => boolean,
      signal: 'SIGINT' | 'SIGTERM' = 'SIGINT'
    ): Promise<{ code: number | null; stderr: string; backups: string }> {
      const backups = join(work, `backups-${label}`);
      const plugin = spawnPlugin(env, work, [
        'sharing',
        'set',
        'deploy',
        '-o',
        env.alias,
        '--source-dir',
        join(work, label),
        '--backup-dir',
        backups,
        '--no-prompt',
      ]);
      let stdout = '';
      plugin.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const arrived = await waitUntil(() => reached(env.emulator.log, stdout), 60_000);
      expect(arrived, `the request to interrupt at never came:\n${plugin.stderr()}`).to.equal(true);
      plugin.child.kill(signal);
      const code = await plugin.closed;
      return { code, stderr: plugin.stderr(), backups };
    }

    /** The one run folder under `backups`, and that it holds exactly `names` as `old` held them. */
    async function expectBackups(backups: string, names: string[], old: FixtureSharingSet[]): Promise<string> {
      const runs = await readdir(backups);
      expect(runs, 'one backup folder per run').to.have.length(1);
      const run = join(backups, runs[0]);
      const files = (await readdir(join(run, 'sharingSets'))).sort();
      expect(files, 'no temporary file left in the backup').to.deep.equal(
        names.map((name) => `${name}.sharingSet-meta.xml`).sort()
      );
      for (const name of names) {
        // eslint-disable-next-line no-await-in-loop
        await expectBackupHolds(join(run, 'sharingSets', `${name}.sharingSet-meta.xml`), byName(old, name));
      }
      return run;
    }

    /** Deploying the run's backup folder back brings the org from `expected` back to `before`. */
    async function expectRestores(
      run: string,
      label: string,
      before: FixtureSharingSet[],
      expected: FixtureSharingSet[]
    ): Promise<void> {
      const args = ['sharing', 'set', 'deploy', '-o', env.alias, '--source-dir', run, '--no-prompt'];
      const restored = await env.run([...args, '--backup-dir', join(work, label)], { cwd: work });
      expect(restored.code, restored.stderr).to.equal(0);
      expect(expectOldOrNew(env.emulator.state.sharingSets, before, expected)).to.equal('old');
    }

    /** No temporary file (`.<name>.<hex>.tmp`, src/io/files.ts) anywhere under the working folder. */
    const expectNoTempFiles = async (): Promise<void> => {
      const left = (await readdir(work, { recursive: true })).filter((path) => path.endsWith('.tmp'));
      expect(left, 'temporary files left').to.deep.equal([]);
    };

    const bulkNames = (from: number, to: number): string[] =>
      Array.from({ length: to - from + 1 }, (_, i) => bulk(from + i).fullName);

    it('SIGTERM during an update batch: exit 143, the batch in flight named, the earlier batch new, the backup restores the replaced sets', async () => {
      const before = env.emulator.state.sharingSets;
      const next = await projectWith('update-batch', () => true);
      // Batch 1 (10 sets) is answered at once; batch 2 (Bulk_11, Bulk_12) is held, and the signal lands while it is.
      env.emulator.setFaults([{ soapOperation: 'updateMetadata', fault: 'hang', nth: 2 }]);
      const { code, stderr, backups } = await interruptAt(
        'update-batch',
        (log) => log.filter((entry) => entry.soapOperation === 'updateMetadata').length === 2,
        'SIGTERM'
      );
      expect(code, stderr).to.equal(143);
      const run = await expectBackups(backups, bulkNames(1, 12), before);
      expect(stderr).to.contain('Interrupted while writing batch 2 of 2');
      expect(stderr).to.contain(`The org holds the new definition of ${bulkNames(1, 10).join(', ')};`);
      expect(stderr).to.contain('in flight (Bulk_11, Bulk_12)');
      expect(stderr).to.contain('not attempted: none');
      expect(stderr).to.contain(`saved in ${run}`);
      expect(stderr).not.to.match(/ExitError|\n\s+at /);
      // The held batch never reaches the org (a hang is never answered): the first batch new, the rest old, each whole.
      const now = env.emulator.state.sharingSets;
      const expected = before.map((set) =>
        set.fullName.startsWith('Bulk_') && Number(set.fullName.slice(5)) <= 10 ? byName(next, set.fullName) : set
      );
      expect(expectOldOrNew(now, before, expected)).to.equal('new');
      await expectNoTempFiles();
      // Deploying the backup folder back restores every replaced set.
      env.emulator.setFaults([]);
      await expectRestores(run, 'backups-restore1', before, expected);
    });

    it('SIGINT while reading back the last batch it wrote: exit 130, the written sets new, the batch read back new, the backup restores', async () => {
      const before = env.emulator.state.sharingSets;
      const next = await projectWith('read-back', (n) => n <= 3);
      // Every read answers in 5 s; the signal lands once the read after the write has reached the org.
      env.emulator.setLatency(0, [{ soapOperation: 'readMetadata', ms: 5000 }]);
      const { code, stderr, backups } = await interruptAt('read-back', (log) => {
        const write = log.find((entry) => entry.write);
        return (
          write?.end !== undefined &&
          log.some((entry) => entry.seq > write.seq && entry.soapOperation === 'readMetadata')
        );
      });
      expect(code, stderr).to.equal(130);
      const run = await expectBackups(backups, bulkNames(1, 3), before);
      // The write was answered: the org holds the new definitions, whole.
      const expected = before.map((set) => (set.fullName.startsWith('Bulk_') ? byName(next, set.fullName) : set));
      expect(expectOldOrNew(env.emulator.state.sharingSets, before, expected)).to.equal('new');
      // The message: the sets written are in flight or written (never said to hold the old definition), and where the backup is.
      expect(stderr).to.match(/Interrupted (while writing batch 1 of 1|after writing)/);
      expect(stderr).to.contain('Bulk_01, Bulk_02, Bulk_03');
      expect(stderr).to.contain(`saved in ${run}`);
      expect(stderr).not.to.match(/ExitError|\n\s+at /);
      await expectNoTempFiles();
      await expectRestores(run, 'backups-restore2', before, expected);
    });
    it('SIGINT after the writes were read back, while the command finishes: exit 130, InterruptedVerify names the written sets and the backup', async () => {
      const before = env.emulator.state.sharingSets;
      const next = await projectWith('verified', (n) => n === 4 || n === 5);
      // The allowance read (/limits, sent in the background) answers in 60 s: once the writes are read back and the
      // success line is out, the command waits for it, the last thing it does.
      env.emulator.setLatency(0, [{ kind: 'limits', ms: 60_000 }]);
      const { code, stderr, backups } = await interruptAt(
        'verified',
        (log, stdout) =>
          stdout.includes("now holds the project's sharing sets") &&
          log.some((entry) => entry.kind === 'limits' && entry.end === undefined)
      );
      expect(code, stderr).to.equal(130);
      const run = await expectBackups(backups, ['Bulk_04', 'Bulk_05'], before);
      expect(stderr).to.contain(
        `Interrupted after writing to ${env.username}: Bulk_04, Bulk_05 hold the new definition.`
      );
      expect(stderr).to.contain(`saved in ${run}`);
      expect(stderr).not.to.match(/ExitError|\n\s+at /);
      const expected = before.map((set) => (set.fullName.startsWith('Bulk_') ? byName(next, set.fullName) : set));
      expect(expectOldOrNew(env.emulator.state.sharingSets, before, expected)).to.equal('new');
      await expectNoTempFiles();
    });
    // A SIGINT sent to the process, and Ctrl-C typed at the prompt (which the terminal, in raw mode, hands to the prompt
    // as a key rather than as a signal).
    for (const how of ['SIGINT', 'Ctrl-C'] as const) {
      it(`${how} once the backup is saved, at the prompt before the first write: exit 130, nothing written, the backup whole`, async () => {
        const before = env.emulator.state.sharingSets;
        const label = `backup-${how.toLowerCase()}`;
        await projectWith(label, (n) => n === 6 || n === 7);
        const backups = join(work, `backups-${label}`);
        // The prompt needs a terminal (test/helpers/terminal.ts). Between the backup and the first write it asks
        // (src/cli/deployApply.ts), so the interrupt lands there, deterministically.
        const run = runInTerminal(
          env,
          ['sharing', 'set', 'deploy', '-o', env.alias, '--source-dir', join(work, label), '--backup-dir', backups],
          work
        );
        expect(await run.shows('The current definitions are saved in'), `no prompt:\n${run.output()}`).to.equal(true);
        const plugin = run.pluginPid();
        expect(plugin, 'the plugin process').to.be.a('number');
        if (how === 'SIGINT') process.kill(plugin as number, 'SIGINT');
        else run.type('\x03');
        const code = await run.ended();
        const output = run.output();
        expect(code, output).to.equal(130);
        const saved = await expectBackups(backups, ['Bulk_06', 'Bulk_07'], before);
        expect(output.replace(/\r?\n/g, ' ')).to.contain(
          `Interrupted before the first write: nothing was written to ${env.username}. The current definitions of the sets it would replace are saved in ${saved}.`
        );
        expect(output).not.to.match(/ExitError|\n\s+at /);
        expect(env.emulator.log.filter((entry) => entry.write)).to.deep.equal([]);
        expect(env.emulator.state.sharingSets).to.deep.equal(before);
        await expectNoTempFiles();
      });
    }
  });

  describe('bad inputs', () => {
    before(async () => {
      env = await createOrgEnv({ fixture: 'demo' });
      work = await makeTempDir('plugin-sharing-deploy-');
    });
    after(async () => {
      await env?.cleanup();
      await removeDir(work);
    });

    it('no project folder: exit 2', async () => {
      const run = failed(await deploy(join(work, 'missing'), '--json'));
      expect(run.code).to.equal(2);
      expect(run.json.message).to.contain('missing');
    });

    it('an invalid file: exit 2, the file named, nothing written', async () => {
      const dir = await writeProject(join(work, 'invalid'), cleanSets());
      await writeFile(
        join(dir, 'force-app', 'main', 'default', 'sharingSets', 'Broken.sharingSet-meta.xml'),
        '<SharingSet><name>'
      );
      env.emulator.clearLog();
      const run = failed(await deploy(dir, '--no-prompt', '--json'));
      expect(run.code).to.equal(2);
      expect(run.json.message).to.contain('Broken.sharingSet-meta.xml');
      expect(writesOf(env.emulator.log)).to.deep.equal([]);
    });

    it('an empty project with --delete-missing: refused without --force (exit 2)', async () => {
      const dir = await writeProject(join(work, 'empty'), []);
      const run = failed(await deploy(dir, '--delete-missing', '--no-prompt', '--json'));
      expect(run.code).to.equal(2);
      expect(run.json.name).to.equal('TooManyDeletesError');
      expect(run.json.message).to.contain('7 of the 7');
    });

    it('an unknown org: exit 1', async () => {
      const dir = await writeProject(join(work, 'unknown-org'), []);
      const run = failed(
        await env.run(['sharing', 'set', 'deploy', '-o', 'nobody', '--source-dir', dir, '--json'], { cwd: work })
      );
      expect(run.code).to.equal(1);
    });
  });
});

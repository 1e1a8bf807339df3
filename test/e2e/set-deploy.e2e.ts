import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Fixture, FixtureSharingSet, LogEntry } from '../emulator/index.js';
import { loadFixture } from '../emulator/fixture.js';
import { createOrgEnv, failed, makeTempDir, succeeded, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import { fromFixture } from '../helpers/sharingSets.js';
import { removeDir } from '../helpers/tmp.js';
import { serializeSharingSet } from '../../src/source/index.js';
import { diffSharingSets } from '../../src/diff/diff.js';
import { readSharingSetFile } from '../../src/source/index.js';
import type { SharingSetDeployResult } from '../../src/commands/sharing/set/deploy.js';
import type { SharingSetDiffResult } from '../../src/commands/sharing/set/diff.js';
import { assertMatchesSchema } from './schema.js';

/** Writes an SFDX project holding `sets` (source format) into `dir`. */
async function writeProject(dir: string, sets: FixtureSharingSet[]): Promise<string> {
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  for (const set of sets) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(join(folder, `${set.fullName}.sharingSet-meta.xml`), serializeSharingSet(fromFixture(set)));
  }
  return dir;
}

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

import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingSetDeploy from '../../../../src/commands/sharing/set/deploy.js';
import { serializeSharingSet } from '../../../../src/source/sharingSetXml.js';
import type { SharingSet } from '../../../../src/model/types.js';
import { installFakeOrg, type FakeOrg, type Rec } from '../../../helpers/fakeOrg.js';
import { withTempDir } from '../../../helpers/tmp.js';

const set = (fullName: string, accessLevel: 'Read' | 'Edit', profile = 'Customer Community User'): SharingSet => ({
  fullName,
  label: fullName,
  profiles: [profile],
  accessMappings: [{ accessLevel, object: 'Case', objectField: 'Account', userField: 'Account' }],
});

/** The org's form of a set (what readMetadata answers). */
const inOrg = (s: SharingSet): Rec => ({
  fullName: s.fullName,
  name: s.label,
  profiles: s.profiles,
  accessMappings: s.accessMappings,
});

async function project(dir: string, sets: SharingSet[]): Promise<void> {
  await writeFile(join(dir, 'sfdx-project.json'), '{"packageDirectories":[{"path":"force-app","default":true}]}');
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  for (const each of sets) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(join(folder, `${each.fullName}.sharingSet-meta.xml`), serializeSharingSet(each));
  }
}

describe('sharing set deploy', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let org: FakeOrg;

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    org = { orgSets: [], writes: [] };
    installFakeOrg($$, org);
  });

  afterEach(() => $$.restore());

  it('--dry-run: the plan (create, update, unchanged, kept), nothing written', () =>
    withTempDir(async (dir) => {
      org.orgSets = [inOrg(set('Same', 'Read')), inOrg(set('Changed', 'Read')), inOrg(set('Only_In_Org', 'Read'))];
      await project(dir, [set('Same', 'Read'), set('Changed', 'Edit'), set('Brand_New', 'Read')]);
      const result = await SharingSetDeploy.run(['--target-org', testOrg.username, '--source-dir', dir, '--dry-run']);
      const actions = result.plan.map((entry) => `${entry.fullName}: ${entry.action}`);
      expect(actions).to.include.members(['Same: unchanged', 'Changed: update', 'Brand_New: create']);
      expect(result.kept).to.deep.equal(['Only_In_Org']);
      expect(result.dryRun).to.equal(true);
      expect(org.writes).to.deep.equal([]);
    }));

  it('writes only what changed, then a second run writes nothing', () =>
    withTempDir(async (dir) => {
      org.orgSets = [inOrg(set('Same', 'Read')), inOrg(set('Changed', 'Read'))];
      await project(dir, [set('Same', 'Read'), set('Changed', 'Edit'), set('Brand_New', 'Read')]);
      const backups = join(dir, 'backups');
      const args = ['--target-org', testOrg.username, '--source-dir', dir, '--no-prompt', '--backup-dir', backups];
      const first = await SharingSetDeploy.run(args);
      expect(first.created).to.deep.equal(['Brand_New']);
      expect(first.updated).to.deep.equal(['Changed']);
      expect(first.unchanged).to.deep.equal(['Same']);
      expect(org.writes.map((write) => write.op)).to.deep.equal(['update', 'create']);
      // The replaced set was saved from the org's answer first, into a folder of this run that is itself a project.
      expect(first.backupDir?.startsWith(backups)).to.equal(true);
      const saved = await readdir(join(first.backupDir as string, 'sharingSets'));
      expect(saved).to.deep.equal(['Changed.sharingSet-meta.xml']);
      org.writes = [];
      const second = await SharingSetDeploy.run(args);
      expect(second.created).to.deep.equal([]);
      expect(second.updated).to.deep.equal([]);
      expect(org.writes).to.deep.equal([]);
    }));

  it('a project set naming an internal profile refuses the whole plan (exit 2), nothing written', () =>
    withTempDir(async (dir) => {
      await project(dir, [set('Fine', 'Read'), set('Internal', 'Read', 'Standard User')]);
      const error = await SharingSetDeploy.run([
        '--target-org',
        testOrg.username,
        '--source-dir',
        dir,
        '--no-prompt',
      ]).then(
        () => undefined,
        (caught: unknown) => caught as Error & { exitCode?: number }
      );
      expect(error?.exitCode).to.equal(2);
      expect(error?.message).to.contain('Internal');
      expect(org.writes).to.deep.equal([]);
    }));
});

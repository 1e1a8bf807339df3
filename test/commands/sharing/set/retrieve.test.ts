// SOAP calls bypass TestContext's fakeConnectionRequest, so the Metadata API class itself is stubbed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingSetRetrieve from '../../../../src/commands/sharing/set/retrieve.js';
import { parseSharingSetXml } from '../../../../src/source/sharingSetXml.js';
import { withTempDir } from '../../../helpers/tmp.js';

const caseSet = {
  fullName: 'Case_Sharing',
  name: 'Share cases',
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
};

describe('sharing set retrieve', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let reads: string[][];

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    reads = [];
    $$.SANDBOX.stub(MetadataApi.prototype, 'list').resolves([
      { fullName: 'Case_Sharing', type: 'SharingSet' },
    ] as never);
    $$.SANDBOX.stub(MetadataApi.prototype, 'read').callsFake(((_type: string, names: string[]) => {
      reads.push(names);
      return Promise.resolve(names.map((name) => (name === 'Case_Sharing' ? caseSet : {})));
    }) as never);
  });

  afterEach(() => $$.restore());

  it('writes each set into the default package directory, and the file reads back to the org definition', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'sfdx-project.json'), '{"packageDirectories":[{"path":"force-app","default":true}]}');
      await mkdir(join(dir, 'force-app'));
      const result = await SharingSetRetrieve.run(['--target-org', testOrg.username, '--output-dir', dir]);
      const file = join(dir, 'force-app', 'main', 'default', 'sharingSets', 'Case_Sharing.sharingSet-meta.xml');
      expect(result.files).to.deep.equal([{ fullName: 'Case_Sharing', path: file, action: 'created' }]);
      const read = parseSharingSetXml(await readFile(file, 'utf8'), file, 'Case_Sharing');
      expect(read.profiles).to.deep.equal(caseSet.profiles);
      expect(read.accessMappings).to.deep.equal(caseSet.accessMappings);
      expect(read.label).to.equal(caseSet.name);
    }));

  it('a name typed in another case is retrieved under the org spelling', () =>
    withTempDir(async (dir) => {
      const result = await SharingSetRetrieve.run([
        '--target-org',
        testOrg.username,
        '--output-dir',
        dir,
        '--name',
        'case_sharing',
      ]);
      expect(reads).to.deep.equal([['Case_Sharing']]);
      expect(result.files.map((file) => file.fullName)).to.deep.equal(['Case_Sharing']);
    }));

  it('an existing file is refused without --force, before any definition is read', () =>
    withTempDir(async (dir) => {
      await mkdir(join(dir, 'sharingSets'));
      const existing = join(dir, 'sharingSets', 'Case_Sharing.sharingSet-meta.xml');
      await writeFile(existing, 'mine');
      const error = await SharingSetRetrieve.run(['--target-org', testOrg.username, '--output-dir', dir]).then(
        () => undefined,
        (caught: unknown) => caught as Error
      );
      expect(error?.message).to.contain('Case_Sharing.sharingSet-meta.xml');
      expect(reads).to.deep.equal([]);
      expect(await readFile(existing, 'utf8')).to.equal('mine');
    }));

  it('a name the org does not have: an error naming it, nothing read', () =>
    withTempDir(async (dir) => {
      const error = await SharingSetRetrieve.run([
        '--target-org',
        testOrg.username,
        '--output-dir',
        dir,
        '--name',
        'No_Such_Set',
      ]).then(
        () => undefined,
        (caught: unknown) => caught as Error
      );
      expect(error?.name).to.equal('NotFoundError');
      expect(error?.message).to.contain('No_Such_Set');
      expect(reads).to.deep.equal([]);
    }));
});

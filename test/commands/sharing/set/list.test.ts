// SOAP calls bypass TestContext's fakeConnectionRequest, so the Metadata API class itself is stubbed.
import { MetadataApi as Metadata } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { expect } from 'chai';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import SharingSetList from '../../../../src/commands/sharing/set/list.js';

type FakeRecord = Record<string, unknown>;

/** Replaces the connection's Metadata API with an in-memory one (SOAP calls bypass fakeConnectionRequest). */
function stubMetadata($$: TestContext, records: FakeRecord[]): { reads: string[][] } {
  const calls = { reads: [] as string[][] };
  $$.SANDBOX.stub(Metadata.prototype, 'list').callsFake(() =>
    Promise.resolve(records.map((record) => ({ fullName: record.fullName, type: 'SharingSet' })) as never)
  );
  $$.SANDBOX.stub(Metadata.prototype, 'read').callsFake(((_type: string, names: string[]) => {
    calls.reads.push(names);
    return Promise.resolve(names.map((name) => records.find((record) => record.fullName === name) ?? {}));
  }) as never);
  return calls;
}

const caseSet = {
  fullName: 'Case_Sharing',
  name: 'Share cases with users',
  profiles: ['Customer Community User'],
  accessMappings: [
    { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
    { accessLevel: 'Edit', object: 'Case', objectField: 'Contact', userField: 'Contact' },
  ],
};

describe('sharing set list', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let sfCommandUxStubs: ReturnType<typeof stubSfCommandUx>;

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    sfCommandUxStubs = stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
  });

  afterEach(() => {
    $$.restore();
  });

  it('returns every sharing set with its mappings and profiles, and prints one row per mapping', async () => {
    const calls = stubMetadata($$, [caseSet]);
    const result = await SharingSetList.run(['--target-org', testOrg.username]);
    expect(result.sharingSets).to.deep.equal([
      {
        fullName: 'Case_Sharing',
        label: 'Share cases with users',
        profiles: ['Customer Community User'],
        accessMappings: caseSet.accessMappings,
      },
    ]);
    expect(calls.reads).to.deep.equal([['Case_Sharing']]);
    expect(result.apiCalls).to.include({ metadataList: 1, metadataRead: 1, total: 2 });
    // Not a terminal here: the columns at their natural width, one line per mapping.
    const lines = sfCommandUxStubs.log
      .getCalls()
      .map((call) => String(call.args[0]))
      .join('\n')
      .split('\n');
    expect(lines[0]).to.match(/^Sharing Set\s+Label\s+Profiles\s+Object\s+Object Field\s+User Field\s+Access$/);
    expect(lines[2]).to.match(/^Case_Sharing\s+Share cases with users\s+Customer Community User\s+Case\s+.*Read$/);
    expect(lines[3]).to.match(/^\s+Case\s+.*Edit$/);
  });

  it('says so when the org has no sharing sets', async () => {
    stubMetadata($$, []);
    const result = await SharingSetList.run(['--target-org', testOrg.username]);
    expect(result.sharingSets).to.deep.equal([]);
    const logged = sfCommandUxStubs.log.getCalls().map((call) => String(call.args[0]));
    expect(logged.join('\n')).to.match(/has no sharing sets/);
    expect(logged.join('\n')).to.not.contain('Sharing Set');
  });

  it('reads only the named sets, in the spelling the list gives', async () => {
    const calls = stubMetadata($$, [caseSet]);
    const result = await SharingSetList.run(['--target-org', testOrg.username, '--name', 'case_SHARING']);
    expect(result.sharingSets.map((set) => set.fullName)).to.deep.equal(['Case_Sharing']);
    expect(result.apiCalls.metadataList).to.equal(1);
    expect(calls.reads).to.deep.equal([['Case_Sharing']]);
  });

  it('lists the --name sets that exist and reports the others, with exit code 5', async () => {
    stubMetadata($$, [caseSet]);
    const result = await SharingSetList.run([
      '--target-org',
      testOrg.username,
      '--name',
      'Nope',
      '--name',
      'case_sharing',
      '--name',
      'Gone',
    ]);
    expect(result.sharingSets.map((set) => set.fullName)).to.deep.equal(['Case_Sharing']);
    expect(result.missing).to.deep.equal(['Nope', 'Gone']);
    expect(process.exitCode).to.equal(5);
    const printed = sfCommandUxStubs.log.getCalls().map((call) => String(call.args[0]));
    expect(printed.join('\n')).to.contain('Case_Sharing');
    const warned = sfCommandUxStubs.warn.getCalls().map((call) => String(call.args[0]));
    expect(warned.join('\n'))
      .to.contain('No sharing set named Nope, Gone')
      .and.contain('the other names given are listed');
    process.exitCode = 0;
  });

  it('a --name the org does not have, alone: says so without claiming that other sets are listed (exit 5)', async () => {
    stubMetadata($$, [caseSet]);
    const result = await SharingSetList.run(['--target-org', testOrg.username, '--name', 'Gone']);
    expect(result.sharingSets).to.deep.equal([]);
    expect(process.exitCode).to.equal(5);
    const warned = sfCommandUxStubs.warn.getCalls().map((call) => String(call.args[0]));
    expect(warned.join('\n')).to.contain('No sharing set named Gone').and.not.contain('listed');
    process.exitCode = 0;
  });

  it('filters by --profile, --object and --access in any case, reading every set', async () => {
    const other = {
      ...caseSet,
      fullName: 'Asset_Sharing',
      profiles: ['Partner Community User'],
      accessMappings: [{ accessLevel: 'Read', object: 'Asset', objectField: 'Account', userField: 'Account' }],
    };
    const calls = stubMetadata($$, [caseSet, other]);
    const byProfile = await SharingSetList.run([
      '--target-org',
      testOrg.username,
      '--profile',
      'PARTNER community user',
    ]);
    expect(byProfile.sharingSets.map((set) => set.fullName)).to.deep.equal(['Asset_Sharing']);
    expect(calls.reads.flat().sort()).to.deep.equal(['Asset_Sharing', 'Case_Sharing']);
    const byAccess = await SharingSetList.run([
      '--target-org',
      testOrg.username,
      '--object',
      'asset',
      '--access',
      'edit',
    ]);
    expect(byAccess.sharingSets).to.deep.equal([]);
    const caseEdit = await SharingSetList.run([
      '--target-org',
      testOrg.username,
      '--object',
      'CASE',
      '--access',
      'Edit',
    ]);
    expect(caseEdit.sharingSets.map((set) => set.fullName)).to.deep.equal(['Case_Sharing']);
    const logged = sfCommandUxStubs.log.getCalls().map((call) => String(call.args[0]));
    expect(logged.join('\n')).to.contain('None of the 2 sharing set(s)');
  });

  it('suggests the profile a filter value most likely meant when nothing matches', async () => {
    stubMetadata($$, [caseSet]);
    const result = await SharingSetList.run(['--target-org', testOrg.username, '--profile', 'Customer Comunity User']);
    expect(result.sharingSets).to.deep.equal([]);
    const logged = sfCommandUxStubs.log.getCalls().map((call) => String(call.args[0]));
    expect(logged.join('\n')).to.contain('Did you mean "Customer Community User"?');
  });

  it('refuses an --access other than Read or Edit (exit 2)', async () => {
    stubMetadata($$, [caseSet]);
    try {
      await SharingSetList.run(['--target-org', testOrg.username, '--access', 'Write']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).message).to.contain('--access takes Read or Edit, not "Write"');
      expect((error as { exitCode?: number }).exitCode).to.equal(2);
    }
  });

  it('reads 25 sets in batches of at most 10 names', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...caseSet, fullName: `Set_${String(i).padStart(2, '0')}` }));
    const calls = stubMetadata($$, many);
    const result = await SharingSetList.run(['--target-org', testOrg.username, '--json']);
    expect(result.sharingSets).to.have.length(25);
    expect(calls.reads.map((batch) => batch.length)).to.deep.equal([10, 10, 5]);
  });
});

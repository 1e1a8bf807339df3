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
    const table = sfCommandUxStubs.table.firstCall.args[0] as { data: Array<Record<string, string>> };
    expect(table.data).to.have.length(2);
    expect(table.data[0]).to.include({ set: 'Case_Sharing', object: 'Case', access: 'Read' });
    expect(table.data[1]).to.include({ set: '', object: 'Case', access: 'Edit' });
  });

  it('says so when the org has no sharing sets', async () => {
    stubMetadata($$, []);
    const result = await SharingSetList.run(['--target-org', testOrg.username]);
    expect(result.sharingSets).to.deep.equal([]);
    const logged = sfCommandUxStubs.log.getCalls().map((call) => String(call.args[0]));
    expect(logged.join('\n')).to.match(/has no sharing sets/);
    expect(sfCommandUxStubs.table.called).to.equal(false);
  });

  it('reads only the named sets, in the spelling the list gives', async () => {
    const calls = stubMetadata($$, [caseSet]);
    const result = await SharingSetList.run(['--target-org', testOrg.username, '--name', 'case_SHARING']);
    expect(result.sharingSets.map((set) => set.fullName)).to.deep.equal(['Case_Sharing']);
    expect(result.apiCalls.metadataList).to.equal(1);
    expect(calls.reads).to.deep.equal([['Case_Sharing']]);
  });

  it('fails naming every --name that does not exist', async () => {
    stubMetadata($$, [caseSet]);
    try {
      await SharingSetList.run([
        '--target-org',
        testOrg.username,
        '--name',
        'Nope',
        '--name',
        'Case_Sharing',
        '--name',
        'Gone',
      ]);
      expect.fail('expected an error');
    } catch (error) {
      const err = error as Error & { actions?: string[] };
      expect(err.name).to.equal('NotFoundError');
      expect(err.message).to.contain('Nope, Gone');
      expect(err.actions?.join(' ')).to.contain('sf sharing set list --target-org');
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

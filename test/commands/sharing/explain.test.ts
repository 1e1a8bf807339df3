// SOAP calls bypass TestContext's fakeConnectionRequest, so the Metadata API class itself is stubbed; the REST
// queries are answered by fakeConnectionRequest from the FROM clause.
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingExplain from '../../../src/commands/sharing/explain.js';

const USER_ID = '005000000000002AAA';
const ACCOUNT_ID = '001000000000001AAA';
const OTHER_ACCOUNT_ID = '001000000000009AAA';
const CASE_ID = '500000000000001AAA';
const OTHER_CASE_ID = '500000000000002AAA';

const userRow = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  Id: USER_ID,
  Username: 'rose@edge.example',
  Name: 'Rose Gonzalez',
  IsActive: true,
  ProfileId: '00e000000000003AAA',
  Profile: {
    Name: 'Customer Community User',
    UserType: 'CspLitePortal',
    UserLicense: { Name: 'Customer Community', LicenseDefinitionKey: 'PID_Customer_Community' },
  },
  AccountId: ACCOUNT_ID,
  Account: { Name: 'Edge Communications' },
  ContactId: '003000000000001AAA',
  Contact: { Name: 'Rose Gonzalez' },
  ManagerId: null,
  Manager: null,
  ...overrides,
});

const caseSet = {
  fullName: 'Case_Sharing',
  name: 'Share cases',
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Edit', object: 'Case', objectField: 'Account', userField: 'Account' }],
};

type Answers = { users?: Array<Record<string, unknown>>; access?: string };

describe('sharing explain', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let ux: ReturnType<typeof stubSfCommandUx>;
  let queries: string[];
  let reads: number;

  const answer = (answers: Answers): void => {
    $$.fakeConnectionRequest = ((request: unknown): Promise<unknown> => {
      const url = typeof request === 'string' ? request : (request as { url: string }).url;
      const soql = decodeURIComponent(url.split('q=')[1] ?? '').replace(/\+/g, ' ');
      if (soql.includes('FROM Organization')) return Promise.resolve({ totalSize: 0, done: true, records: [] });
      if (soql) queries.push(soql);
      const from = /FROM (\w+)/.exec(soql)?.[1];
      const rows: Record<string, Array<Record<string, unknown>>> = {
        User: answers.users ?? [userRow()],
        EntityDefinition: [
          {
            QualifiedApiName: 'Case',
            KeyPrefix: '500',
            InternalSharingModel: 'Private',
            ExternalSharingModel: 'Private',
          },
        ],
        PermissionSetAssignment: [],
        ObjectPermissions: [
          {
            ParentId: '0PS000000000009AAA',
            Parent: { Name: 'X00', IsOwnedByProfile: true },
            SobjectType: 'Case',
            PermissionsRead: true,
            PermissionsEdit: true,
          },
        ],
        AccountContactRelation: [],
        Case: [
          { Id: CASE_ID, CaseNumber: '00001001', Account: { Id: ACCOUNT_ID, Name: 'Edge Communications' } },
          { Id: OTHER_CASE_ID, CaseNumber: '00001002', Account: { Id: OTHER_ACCOUNT_ID, Name: 'Other' } },
        ].filter((row) => soql.includes(row.Id)),
        UserRecordAccess: [CASE_ID, OTHER_CASE_ID]
          .filter((id) => soql.includes(id))
          .map((id) => ({
            RecordId: id,
            HasReadAccess: id === CASE_ID,
            HasEditAccess: id === CASE_ID,
            MaxAccessLevel: id === CASE_ID ? answers.access ?? 'Edit' : 'None',
          })),
      };
      const records = rows[from ?? ''] ?? [];
      return Promise.resolve({ totalSize: records.length, done: true, records });
    }) as typeof $$.fakeConnectionRequest;
  };

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    ux = stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    queries = [];
    reads = 0;
    $$.SANDBOX.stub(MetadataApi.prototype, 'list').resolves([
      { fullName: 'Case_Sharing', type: 'SharingSet' },
    ] as never);
    $$.SANDBOX.stub(MetadataApi.prototype, 'read').callsFake((() => {
      reads++;
      return Promise.resolve([caseSet]);
    }) as never);
  });

  afterEach(() => $$.restore());

  it('grants Edit through the matching mapping, denies the record of another account, and agrees with Salesforce', async () => {
    answer({});
    const result = await SharingExplain.run([
      '--target-org',
      testOrg.username,
      '--user',
      'rose@edge.example',
      '--record',
      CASE_ID,
      '--record',
      OTHER_CASE_ID,
    ]);
    const [granted, denied] = result.records;
    expect(granted).to.include({ id: CASE_ID, access: 'Edit' });
    expect(granted.grantedBy).to.deep.equal([{ sharingSet: 'Case_Sharing', mappingIndex: 0 }]);
    expect(granted.salesforceAnswer?.agrees).to.equal(true);
    expect(denied).to.include({ id: OTHER_CASE_ID, access: 'None' });
    expect(denied.nearestMiss).to.deep.equal({ sharingSet: 'Case_Sharing', mappingIndex: 0 });
    expect(denied.salesforceAnswer?.agrees).to.equal(true);
    expect(result.roundTrips).to.equal(3);
    expect(reads).to.equal(1);
    // The assignments are read with the user (by username), not after it.
    expect(queries.some((q) => q.includes("Assignee.Username = 'rose@edge.example'"))).to.equal(true);
    const printed = ux.log
      .getCalls()
      .map((call) => String(call.args[0]))
      .join('\n');
    expect(printed).to.contain('Case_Sharing mapping 1');
    expect(printed).to.contain('Edge Communications');
  });

  it('names what it does not model when Salesforce reports more access than sharing sets explain', async () => {
    answer({ access: 'All' });
    const result = await SharingExplain.run(['--target-org', testOrg.username, '--user', USER_ID, '--record', CASE_ID]);
    const comparison = result.records[0].salesforceAnswer;
    expect(comparison?.agrees).to.equal(false);
    expect(comparison?.mayExplain.join(' ')).to.match(/ownership/);
  });

  it('refuses an Id that is not an Id before any request', async () => {
    answer({});
    try {
      await SharingExplain.run(['--target-org', testOrg.username, '--user', USER_ID, '--record', '500abc']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as { name: string }).name).to.equal('NotAnIdError');
      expect((error as { exitCode: number }).exitCode).to.equal(2);
    }
    expect(queries).to.deep.equal([]);
    expect(reads).to.equal(0);
  });

  it('says that sharing sets do not apply to an inactive user', async () => {
    answer({ users: [userRow({ IsActive: false })] });
    try {
      await SharingExplain.run(['--target-org', testOrg.username, '--user', USER_ID, '--record', CASE_ID]);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as { name: string }).name).to.equal('UserInactiveError');
      expect((error as Error).message).to.contain('inactive');
      expect((error as { exitCode: number }).exitCode).to.equal(2);
    }
  });

  it('says the user does not exist', async () => {
    answer({ users: [] });
    try {
      await SharingExplain.run(['--target-org', testOrg.username, '--user', 'nobody@edge.example']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as { name: string }).name).to.equal('UserNotFoundError');
      expect((error as { exitCode: number }).exitCode).to.equal(2);
    }
  });
});

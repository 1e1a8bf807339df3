import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingProfileList from '../../../../src/commands/sharing/profile/list.js';

const profiles = [
  {
    Id: '00e000000000001AAA',
    Name: 'Customer Community User',
    UserType: 'CspLitePortal',
    UserLicense: { Name: 'Customer Community', LicenseDefinitionKey: 'PID_Customer_Community' },
  },
  {
    Id: '00e000000000002AAA',
    Name: 'System Administrator',
    UserType: 'Standard',
    UserLicense: { Name: 'Salesforce', LicenseDefinitionKey: 'SFDC' },
  },
  {
    Id: '00e000000000003AAA',
    Name: 'Standard User',
    UserType: 'Standard',
    UserLicense: { Name: 'Salesforce', LicenseDefinitionKey: 'SFDC' },
  },
];

const sharingSet = {
  fullName: 'Case_Sharing',
  name: 'Share cases',
  profiles: ['customer community user', 'Standard User', 'Ghost Profile'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
};

describe('sharing profile list', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let ux: ReturnType<typeof stubSfCommandUx>;
  let queries: string[];

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    ux = stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    queries = [];
    $$.fakeConnectionRequest = ((request: unknown): Promise<unknown> => {
      const url = typeof request === 'string' ? request : (request as { url: string }).url;
      const soql = decodeURIComponent(url.split('q=')[1] ?? '').replace(/\+/g, ' ');
      // @salesforce/core itself asks for the Organization when the mock auth has no edition: not the plugin's query.
      if (soql && !soql.includes('FROM Organization')) queries.push(soql);
      const records = soql.includes('FROM Profile') ? profiles : [{ ProfileId: '00e000000000001AAA', userCount: 7 }];
      return Promise.resolve({ totalSize: records.length, done: true, records });
    }) as typeof $$.fakeConnectionRequest;
    $$.SANDBOX.stub(MetadataApi.prototype, 'list').resolves([
      { fullName: 'Case_Sharing', type: 'SharingSet' },
    ] as never);
    $$.SANDBOX.stub(MetadataApi.prototype, 'read').resolves([sharingSet] as never);
  });

  afterEach(() => $$.restore());

  it('classifies profiles, counts active users and links sharing sets case-insensitively', async () => {
    const result = await SharingProfileList.run(['--target-org', testOrg.username]);
    const community = result.profiles.find((row) => row.name === 'Customer Community User');
    expect(community).to.include({ eligibility: 'eligible', activeUsers: 7 });
    expect(community?.sharingSets).to.deep.equal(['Case_Sharing']);
    // Standard User is internal but named by a sharing set: shown. System Administrator is hidden.
    expect(result.profiles.map((row) => row.name)).to.deep.equal(['Customer Community User', 'Standard User']);
    expect(result.profiles[1]).to.include({ eligibility: 'ineligible', internal: true, activeUsers: 0 });
    expect(result.hiddenInternal).to.equal(1);
    expect(result.missingProfiles).to.deep.equal([{ name: 'Ghost Profile', sharingSets: ['Case_Sharing'] }]);
    expect(queries).to.have.length(2);
    expect(ux.warn.firstCall.args[0]).to.contain('"Ghost Profile" (Case_Sharing)');
  });

  it('prints a narrow table of facts, then why each profile that cannot use sharing sets cannot', async () => {
    await SharingProfileList.run(['--target-org', testOrg.username]);
    const logged = ux.log.getCalls().map((call) => String(call.args[0]));
    expect(logged[0].split('\n')[0]).to.match(/^Profile\s+License\s+Eligible\s+Active\s+Used By$/);
    const why = logged.indexOf('Why not (or not known to be) eligible:');
    expect(why, logged.join('\n')).to.be.greaterThan(-1);
    expect(logged[why + 1]).to.match(/^ {2}- Profile "Standard User" uses the "Salesforce" license .*internal users/);
    expect(logged.join('\n')).to.not.contain('Profile "Customer Community User" uses');
  });

  it('shows internal profiles with --include-internal', async () => {
    const result = await SharingProfileList.run(['--target-org', testOrg.username, '--include-internal']);
    expect(result.profiles.map((row) => row.name)).to.include('System Administrator');
    expect(result.hiddenInternal).to.equal(0);
  });

  it('--eligible-only leaves out every profile that is not eligible', async () => {
    const result = await SharingProfileList.run(['--target-org', testOrg.username, '--eligible-only']);
    expect(result.profiles.map((row) => row.name)).to.deep.equal(['Customer Community User']);
  });

  it('--profile shows a named internal profile, and rejects unknown names with an action', async () => {
    const result = await SharingProfileList.run([
      '--target-org',
      testOrg.username,
      '--profile',
      'system administrator',
    ]);
    expect(result.profiles.map((row) => row.name)).to.deep.equal(['System Administrator']);
    try {
      await SharingProfileList.run(['--target-org', testOrg.username, '--profile', 'Nobody']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('ProfileNotFoundError');
      expect((error as { actions?: string[] }).actions?.join(' ')).to.contain('--include-internal');
    }
  });
});

import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingExposure from '../../../src/commands/sharing/exposure.js';

const profiles = [
  {
    Id: '00e000000000001AAA',
    Name: 'Customer Community User',
    UserType: 'CspLitePortal',
    UserLicense: { Name: 'Customer Community', LicenseDefinitionKey: 'PID_Customer_Community' },
  },
  {
    Id: '00e000000000002AAA',
    Name: 'Standard User',
    UserType: 'Standard',
    UserLicense: { Name: 'Salesforce', LicenseDefinitionKey: 'SFDC' },
  },
  {
    Id: '00e000000000003AAA',
    Name: 'Odd Portal',
    UserType: 'CspLitePortal',
    UserLicense: { Name: 'Something New', LicenseDefinitionKey: 'PID_Something_New' },
  },
];

const sharingSet = {
  fullName: 'Case_Sharing',
  name: 'Share cases',
  profiles: ['customer community user', 'Standard User', 'Odd Portal'],
  accessMappings: [{ accessLevel: 'Edit', object: 'Case', objectField: 'Account', userField: 'Account' }],
};

const A1 = '001000000000001AAA';
const A2 = '001000000000002AAA';

describe('sharing exposure', () => {
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
      if (url.includes('/limits/recordCount')) return Promise.resolve({ sObjects: [{ name: 'Case', count: 10 }] });
      const soql = decodeURIComponent(url.split('q=')[1] ?? '').replace(/\+/g, ' ');
      if (soql && !soql.includes('FROM Organization')) queries.push(soql);
      let records: unknown[] = [];
      if (soql.includes('FROM Profile')) records = profiles;
      else if (soql.includes('GROUP BY ProfileId')) records = [{ ProfileId: '00e000000000001AAA', userCount: 5 }];
      else if (soql.includes('FROM User')) {
        records = [
          { AccountId: A1, Name: 'Edge', n: 3 },
          { AccountId: A2, Name: 'Burlington', n: 2 },
        ];
      } else if (soql.includes('FROM Case')) records = [{ Id: A1, n: 10 }];
      return Promise.resolve({ totalSize: records.length, done: true, records });
    }) as typeof $$.fakeConnectionRequest;
    $$.SANDBOX.stub(MetadataApi.prototype, 'list').resolves([
      { fullName: 'Case_Sharing', type: 'SharingSet' },
    ] as never);
    $$.SANDBOX.stub(MetadataApi.prototype, 'read').resolves([sharingSet] as never);
  });

  afterEach(() => $$.restore());

  it('joins users per key with records per key: users, records, grants, top keys; eligible profiles only', async () => {
    const result = await SharingExposure.run(['--target-org', testOrg.username, '--top', '1']);
    expect(result.mappings).to.have.length(1);
    expect(result.mappings[0]).to.include({ users: 5, records: 10, grants: 30, keys: 2, accessLevel: 'Edit' });
    expect(result.mappings[0].profiles).to.deep.equal(['Customer Community User']);
    expect(result.mappings[0].topKeys).to.deep.equal([{ id: A1, name: 'Edge', users: 3, records: 10 }]);
    expect(result.totals.org).to.deep.equal({ mappings: 1, users: 5, records: 10, grants: 30, editGrants: 30 });
    const users = queries.find((soql) => soql.includes('AND ProfileId IN'));
    expect(users).to.contain("ProfileId IN ('00e000000000001AAA')").and.contain('GROUP BY AccountId, Account.Name');
    expect(queries.find((soql) => soql.includes('FROM Case'))).to.equal(
      `SELECT Account.Id, COUNT(Id) n FROM Case WHERE Account.Id IN ('${A1}', '${A2}') GROUP BY Account.Id`
    );
    const printed = ux.log.getCalls().map((call) => String(call.args[0]));
    expect(printed.join('\n')).to.match(/Edit: Case_Sharing mapping 1 lets 5 user\(s\) edit 10 Case record\(s\)/);
    // The table, with the set's API name whole.
    expect(printed.some((text) => text.includes('Sharing set') && text.includes('Case_Sharing'))).to.equal(true);
    // A license the plugin does not recognise: its users are left out, and the output says so.
    const warnings = ux.warn.getCalls().map((call) => String(call.args[0]));
    expect(warnings.join('\n')).to.match(/license of profile Odd Portal is not one the plugin recognises/);
  });

  it('prints Markdown with the Mermaid graph on stdout', async () => {
    await SharingExposure.run(['--target-org', testOrg.username, '--result-format', 'markdown']);
    const printed = ux.log
      .getCalls()
      .map((call) => String(call.args[0]))
      .join('\n');
    expect(printed)
      .to.match(/^## Sharing set exposure/)
      .and.contain('```mermaid');
    expect(printed).to.match(/s\d+ ==>\|"Edit#58; 5 users#44; 10 records#44; 30 grants"\| o\d+/);
  });
});

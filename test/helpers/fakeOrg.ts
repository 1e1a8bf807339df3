/**
 * An org faked in-process for command tests (TestContext): profiles, EntityDefinition and describes answered through
 * fakeConnectionRequest, and the Metadata API class stubbed (SOAP calls bypass fakeConnectionRequest) over a list of
 * sharing sets that writes change, each write recorded.
 */
/* eslint-disable no-param-reassign -- the fake org is changed in place by the stubbed writes, as a real org would be */
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import type { TestContext } from '@salesforce/core/testSetup';

export type Rec = Record<string, unknown>;

export const profiles = [
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
];

export const describeResult = (name: string, fields: Array<[string, string, string[], string?]>): Rec => ({
  name,
  fields: fields.map(([field, type, referenceTo, relationshipName]) => ({
    name: field,
    type,
    referenceTo,
    relationshipName,
  })),
});

export const describes: Record<string, Rec> = {
  Case: describeResult('Case', [
    ['Id', 'id', []],
    ['AccountId', 'reference', ['Account'], 'Account'],
    ['Subject', 'string', []],
  ]),
  Account: describeResult('Account', [['Id', 'id', []]]),
  Contact: describeResult('Contact', [
    ['Id', 'id', []],
    ['AccountId', 'reference', ['Account'], 'Account'],
  ]),
  User: describeResult('User', [
    ['Id', 'id', []],
    ['AccountId', 'reference', ['Account'], 'Account'],
    ['ContactId', 'reference', ['Contact'], 'Contact'],
  ]),
};

/** What the fake org holds and what was written to it. */
export type FakeOrg = { orgSets: Rec[]; writes: Array<{ op: string; payload: unknown }> };

/** Installs the fake org on `$$`; `org` is changed in place by the writes. */
export function installFakeOrg($$: TestContext, org: FakeOrg): void {
  $$.fakeConnectionRequest = ((request: unknown): Promise<unknown> => {
    const { url, body } =
      typeof request === 'string' ? { url: request, body: undefined } : (request as { url: string; body?: string });
    if (url.endsWith('/composite')) {
      const parsed = JSON.parse(body ?? '{}') as { compositeRequest: Array<{ url: string; referenceId: string }> };
      return Promise.resolve({
        compositeResponse: parsed.compositeRequest.map((sub) => {
          const name = decodeURIComponent(sub.url.split('/sobjects/')[1].split('/')[0]);
          const found = describes[name];
          return found
            ? { body: found, httpStatusCode: 200, referenceId: sub.referenceId }
            : {
                body: [{ errorCode: 'NOT_FOUND', message: 'no' }],
                httpStatusCode: 404,
                referenceId: sub.referenceId,
              };
        }),
      });
    }
    const soql = decodeURIComponent(url.split('q=')[1] ?? '').replace(/\+/g, ' ');
    const records = soql.includes('FROM Profile')
      ? profiles
      : soql.includes('FROM EntityDefinition')
      ? [{ QualifiedApiName: 'Case', InternalSharingModel: 'Private', ExternalSharingModel: 'Private' }]
      : [];
    return Promise.resolve({ totalSize: records.length, done: true, records });
  }) as typeof $$.fakeConnectionRequest;
  $$.SANDBOX.stub(MetadataApi.prototype, 'list').callsFake(
    () => Promise.resolve(org.orgSets.map((set) => ({ fullName: set.fullName, type: 'SharingSet' }))) as never
  );
  $$.SANDBOX.stub(MetadataApi.prototype, 'read').callsFake(((_type: string, names: string[]) =>
    Promise.resolve(names.map((name) => org.orgSets.find((set) => set.fullName === name) ?? {}))) as never);
  const save = (op: string): never =>
    ((_type: string, payload: Rec[] | string[]) => {
      org.writes.push({ op, payload });
      for (const item of payload) {
        const fullName = typeof item === 'string' ? item : (item.fullName as string);
        org.orgSets = org.orgSets.filter((set) => set.fullName !== fullName);
        if (op !== 'delete') org.orgSets.push(item as Rec);
      }
      return Promise.resolve(
        payload.map((item) => ({ fullName: typeof item === 'string' ? item : item.fullName, success: true }))
      );
    }) as never;
  $$.SANDBOX.stub(MetadataApi.prototype, 'create').callsFake(save('create'));
  $$.SANDBOX.stub(MetadataApi.prototype, 'update').callsFake(save('update'));
  $$.SANDBOX.stub(MetadataApi.prototype, 'delete').callsFake(save('delete'));
}

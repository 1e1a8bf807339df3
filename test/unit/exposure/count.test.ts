/** The pure counting of `sf sharing exposure` (src/exposure/count.ts) and the chunking of keys (src/org/queries.ts). */
import { expect } from 'chai';
import {
  exposureTotals,
  joinSides,
  mergeUserKeys,
  semiJoinForm,
  setProfiles,
  userKeyForm,
} from '../../../src/exposure/count.js';
import type { MappingExposure } from '../../../src/exposure/types.js';
import type { ProfileInfo, SharingSet } from '../../../src/model/types.js';
import { exposureRecordsQuery, exposureSemiJoinQuery, keyChunks, MAX_QUERY_CHARS } from '../../../src/org/queries.js';

const id = (n: number): string => `001${String(n).padStart(12, '0')}AAA`;

describe('exposure/count', () => {
  it('reads every documented userField form through the paths explain uses, and refuses the others', () => {
    expect(userKeyForm('Account')).to.deep.equal({ kind: 'path', id: 'AccountId', name: 'Account.Name' });
    expect(userKeyForm(' contact ')).to.deep.equal({ kind: 'path', id: 'ContactId', name: 'Contact.Name' });
    expect(userKeyForm('Manager.Contact')).to.deep.equal({
      kind: 'path',
      id: 'Manager.Contact.Id',
      name: 'Manager.Contact.Name',
    });
    expect(userKeyForm('Account.Parent_Account__c')).to.deep.equal({
      kind: 'path',
      id: 'Account.Parent_Account__r.Id',
      name: 'Account.Parent_Account__r.Name',
    });
    expect(userKeyForm('contact.relatedaccount')).to.deep.equal({ kind: 'relatedAccount' });
    expect(userKeyForm('Profile')).to.equal(undefined);
    expect(userKeyForm("Account.X' OR Id != null")).to.equal(undefined);
  });

  it('joins the two sides: records of the keys users bring, grants as users × records per key, top keys by records', () => {
    const users = [
      { id: id(1), name: 'A', users: 2 },
      { id: id(2), name: 'B', users: 1 },
      { id: id(3), users: 4 },
    ];
    // Record keys compare on 15 characters: an 18-character Id with another suffix case is the same record.
    const records = new Map([
      [id(1).slice(0, 15), 5],
      [id(3).slice(0, 15), 1],
      [id(9).slice(0, 15), 100],
    ]);
    const joined = joinSides(users, records, 1);
    expect(joined).to.deep.equal({
      records: 6,
      grants: 14,
      keys: 3,
      topKeys: [{ id: id(1), name: 'A', users: 2, records: 5 }],
    });
    expect(joinSides(users, records, 0).topKeys).to.deep.equal([]);
  });

  it('adds the users of a key met twice', () => {
    expect(
      mergeUserKeys([
        { id: id(1), users: 1 },
        { id: id(2), users: 1 },
        { id: id(1), users: 3 },
      ])
    ).to.deep.equal([
      { id: id(1), users: 4 },
      { id: id(2), users: 1 },
    ]);
  });

  const profiles: ProfileInfo[] = [
    {
      id: '00e1',
      name: 'Customer Community User',
      userType: 'CspLitePortal',
      licenseName: 'Customer Community',
      licenseKey: 'PID_Customer_Community',
      activeUsers: 10,
    },
    {
      id: '00e2',
      name: 'Standard User',
      userType: 'Standard',
      licenseName: 'Salesforce',
      licenseKey: 'SFDC',
      activeUsers: 50,
    },
    { id: '00e3', name: 'Odd', userType: 'CspLitePortal', licenseName: 'Something New', activeUsers: 3 },
  ];
  const set = (fullName: string, names: string[], accessLevel: 'Read' | 'Edit' = 'Read'): SharingSet => ({
    fullName,
    label: fullName,
    profiles: names,
    accessMappings: [{ accessLevel, object: 'Case', objectField: 'Account', userField: 'Account' }],
  });

  it('counts only eligible profiles present in the org; ineligible, unknown and absent ones are named apart', () => {
    const split = setProfiles(set('S', ['customer community user', 'Standard User', 'Odd', 'Ghost']), profiles);
    expect(split.counted.map((p) => p.name)).to.deep.equal(['Customer Community User']);
    expect(split.others).to.deep.equal([
      { name: 'Standard User', status: 'ineligible' },
      { name: 'Odd', status: 'unknown' },
      { name: 'Ghost', status: 'absent' },
    ]);
  });

  it('totals per set, object, profile and org; users once per profile, Edit grants apart', () => {
    const mapping = (sharingSet: string, accessLevel: 'Read' | 'Edit', grants: number): MappingExposure => ({
      sharingSet,
      label: sharingSet,
      mappingIndex: 0,
      object: 'Case',
      accessLevel,
      objectField: 'Account',
      userField: 'Account',
      profiles: ['Customer Community User'],
      users: 7,
      records: grants,
      grants,
      keys: 1,
      topKeys: [],
      cost: { queries: 2, roundTrips: 2 },
    });
    const sets = [
      set('A', ['Customer Community User', 'Standard User']),
      set('B', ['Customer Community User'], 'Edit'),
    ];
    const totals = exposureTotals([mapping('A', 'Read', 3), mapping('B', 'Edit', 5)], sets, profiles);
    expect(totals.org).to.deep.equal({ mappings: 2, users: 10, records: 8, grants: 8, editGrants: 5 });
    expect(totals.bySet.map((t) => [t.sharingSet, t.users, t.grants, t.editGrants])).to.deep.equal([
      ['A', 10, 3, 0],
      ['B', 10, 5, 5],
    ]);
    expect(totals.byObject).to.deep.equal([
      { object: 'Case', mappings: 2, users: 10, records: 8, grants: 8, editGrants: 5 },
    ]);
    expect(totals.byProfile).to.deep.equal([
      {
        name: 'Customer Community User',
        status: 'eligible',
        activeUsers: 10,
        sharingSets: ['A', 'B'],
        objects: ['Case'],
      },
      { name: 'Standard User', status: 'ineligible', activeUsers: 50, sharingSets: ['A'], objects: [] },
    ]);
  });

  it('chunks keys so that each query stays under the URI limit and 2,000 values', () => {
    const keys = Array.from({ length: 5000 }, (_, n) => id(n));
    const build = (chunk: string[]): string => exposureRecordsQuery('Case', 'Account.Id', chunk);
    const chunks = keyChunks(keys, build);
    expect(chunks.flat()).to.deep.equal(keys);
    for (const chunk of chunks) expect(build(chunk).length).to.be.at.most(MAX_QUERY_CHARS);
    expect(chunks[0].length).to.be.greaterThan(300);
    for (const chunk of chunks) expect(chunk.length).to.be.at.most(2000);
    expect(keyChunks([], build)).to.deep.equal([]);
  });

  it('uses a semi-join only where SOQL allows one: one-segment objectField, Account or Contact userField (§11)', () => {
    expect(semiJoinForm('Case', 'Account', 'Account')).to.deep.equal({ field: 'AccountId', userKey: 'AccountId' });
    expect(semiJoinForm('Case', 'ContactId', ' contact ')).to.deep.equal({ field: 'ContactId', userKey: 'ContactId' });
    expect(semiJoinForm('Panel__c', 'Installer__c', 'Contact')).to.deep.equal({
      field: 'Installer__c',
      userKey: 'ContactId',
    });
    expect(semiJoinForm('Panel__c', 'Installer__r', 'Contact')?.field).to.equal('Installer__c');
    expect(semiJoinForm('Account', 'Id', 'Account')).to.deep.equal({ field: 'Id', userKey: 'AccountId' });
    // A relationship path on either side, a nested semi-join (related accounts), or User as the mapped object: none.
    expect(semiJoinForm('Case', 'Entitlement.Account', 'Account')).to.equal(undefined);
    expect(semiJoinForm('Case', 'Account', 'Manager.Account')).to.equal(undefined);
    expect(semiJoinForm('Case', 'Account', 'Account.ParentId')).to.equal(undefined);
    expect(semiJoinForm('Case', 'Account', 'Contact.RelatedAccount')).to.equal(undefined);
    expect(semiJoinForm('User', 'Contact', 'Contact')).to.equal(undefined);
  });

  it('builds the semi-join: keys from User in the sub-select, paged by key, never a key in the text', () => {
    const first = exposureSemiJoinQuery('Case', 'AccountId', 'AccountId', ['00e000000000003AAA']);
    expect(first).to.equal(
      "SELECT AccountId, COUNT(Id) n FROM Case WHERE AccountId IN (SELECT AccountId FROM User WHERE IsActive = true AND ProfileId IN ('00e000000000003AAA') AND AccountId != null) GROUP BY AccountId ORDER BY AccountId LIMIT 2000"
    );
    const next = exposureSemiJoinQuery('Contact', 'Id', 'ContactId', ['00e000000000003AAA'], "003'x");
    expect(next).to.equal(
      "SELECT Id FROM Contact WHERE Id IN (SELECT ContactId FROM User WHERE IsActive = true AND ProfileId IN ('00e000000000003AAA') AND ContactId != null) AND Id > '003\\'x' ORDER BY Id LIMIT 2000"
    );
    expect(() => exposureSemiJoinQuery('Case; DELETE', 'AccountId', 'AccountId', [])).to.throw(/Refusing/);
  });
});

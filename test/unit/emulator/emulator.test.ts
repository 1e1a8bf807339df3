/* eslint-disable no-await-in-loop -- calls in these tests run one after another on purpose (counts, order) */
/* eslint-disable @typescript-eslint/no-unsafe-return -- jsforce results are read as loosely typed records */
/* eslint-disable camelcase -- sharing-set API names and userinfo fields are not camelCase */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { emptyOrg, generateLargeOrg, orgWithSets } from '../../emulator/generate.js';
import { type Emulator, startEmulator } from '../../emulator/server.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';

const realHome = homedir();

/** A sharing set in XSD element order (jsforce writes keys in insertion order). */
const caseSet = (fullName: string, extra: Record<string, unknown> = {}): any => {
  const s: Record<string, unknown> = {
    fullName,
    accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
    description: undefined,
    name: `Label of ${fullName}`,
    profiles: ['Customer Community User'],
    ...extra,
  };
  if (s.description === undefined) delete s.description;
  return s;
};

const firstError = (r: any): any => [r.errors].flat()[0];

describe('org emulator through @salesforce/core', () => {
  let org: Emulator;
  let conn: Connection;
  const tmp = isolateHome();

  before(async () => {
    org = await startEmulator({ fixture: 'demo' });
    conn = await connectTo(org);
  });
  after(async () => {
    await org?.stop();
  });
  beforeEach(() => org.clearLog());

  describe('auth and start-up', () => {
    it('AuthInfo.create with an access token completes the start-up calls and writes nothing to the real ~/.sfdx', async () => {
      const { AuthInfo, StateAggregator } = await import('@salesforce/core');
      await (await StateAggregator.getInstance()).orgs.remove(org.username);
      const info = await AuthInfo.create({
        username: org.username,
        accessTokenOptions: { accessToken: org.token, instanceUrl: org.url, loginUrl: org.url },
      });
      expect(info.getFields().orgId).to.equal(org.orgId);
      // core 8 saves the auth file after its Organization query: that is why tests run under isolateHome()
      expect(existsSync(join(tmp.home, '.sfdx', `${org.username}.json`))).to.equal(true);
      expect(existsSync(join(realHome, '.sfdx', `${org.username}.json`))).to.equal(false);
      expect(org.log.map((e) => e.kind)).to.include.members(['auth', 'rest-query']);
    });

    it('answers userinfo, the versions list and the Organization query', async () => {
      const info = await conn.request<{ user_id: string; organization_id: string }>(
        `${org.url}/services/oauth2/userinfo`
      );
      expect(info).to.include({ user_id: org.userId, organization_id: org.orgId });
      const versions = await conn.request<Array<{ version: string; url: string }>>(`${org.url}//services/data`);
      expect(versions.at(-1)).to.deep.include({ version: '62.0', url: '/services/data/v62.0' });
      const orgRow = await conn.singleRecordQuery<{ Name: string; IsSandbox: boolean }>(
        'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization'
      );
      expect(orgRow).to.include({ Name: 'Ursa Major Solar', IsSandbox: false });
    });

    it('answers the ScratchOrgInfo probe with a 4xx (not a Dev Hub)', async () => {
      const e = await rejection(conn.query('SELECT Id FROM ScratchOrgInfo LIMIT 1'));
      expect(e.errorCode ?? e.name).to.equal('INVALID_TYPE');
    });

    it('rejects a wrong token with INVALID_SESSION_ID (REST 401)', async () => {
      const res = await fetch(`${org.url}/services/data/v62.0/query?q=SELECT+Id+FROM+Profile`, {
        headers: { Authorization: 'Bearer 00Dwrong!token' },
      });
      expect(res.status).to.equal(401);
      expect(await res.json()).to.deep.equal([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    });
  });

  describe('queries', () => {
    it('returns profiles with nested UserLicense relationship records', async () => {
      const r = await conn.query<any>(
        'SELECT Id, Name, UserType, UserLicense.Name, UserLicense.LicenseDefinitionKey FROM Profile ORDER BY Name'
      );
      expect(r.done).to.equal(true);
      expect(r.totalSize).to.equal(r.records.length).and.be.greaterThan(6);
      const ccu = r.records.find((p) => p.Name === 'Customer Community User');
      expect(ccu.attributes).to.deep.equal({
        type: 'Profile',
        url: `/services/data/v62.0/sobjects/Profile/${String(ccu.Id)}`,
      });
      expect(ccu.UserType).to.equal('CspLitePortal');
      expect(ccu.UserLicense).to.deep.include({
        Name: 'Customer Community',
        LicenseDefinitionKey: 'PID_Customer_Community',
      });
      expect(ccu.UserLicense.attributes.type).to.equal('UserLicense');
      const names = r.records.map((p) => p.Name as string);
      expect(names).to.deep.equal([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    });

    it('counts active users per profile as AggregateResult rows (alias and expr0)', async () => {
      const aliased = await conn.query<any>(
        'SELECT ProfileId, COUNT(Id) userCount FROM User WHERE IsActive = true GROUP BY ProfileId'
      );
      expect(aliased.records[0].attributes).to.deep.equal({ type: 'AggregateResult' });
      const total = aliased.records.reduce((n, r) => n + (r.userCount as number), 0);
      const active = (await conn.query('SELECT Id FROM User WHERE IsActive = true')).totalSize;
      expect(total).to.equal(active);
      const plain = await conn.query<any>('SELECT ProfileId, COUNT(Id) FROM User GROUP BY ProfileId');
      expect(plain.records[0]).to.have.property('expr0');
    });

    it('finds the skewed account from per-parent child counts', async () => {
      const r = await conn.query<any>(
        'SELECT AccountId, COUNT(Id) cnt FROM Case WHERE AccountId != null GROUP BY AccountId HAVING COUNT(Id) > 10000'
      );
      expect(r.records).to.have.length(1);
      expect(r.records[0].cnt).to.equal(12_000);
      const acct = await conn.query<any>(`SELECT Name FROM Account WHERE Id = '${String(r.records[0].AccountId)}'`);
      expect(acct.records[0].Name).to.equal('Burlington Textiles Corp of America');
      const count = await conn.query('SELECT COUNT() FROM Case');
      expect(count.totalSize).to.equal(12_000 + 250 + 40 + 35);
      expect(count.records).to.deep.equal([]);
    });

    it('filters with IN, NOT IN, LIKE, OR, parentheses and escapes', async () => {
      const r = await conn.query<any>(
        "SELECT Name FROM Profile WHERE (Name LIKE 'customer%' AND NOT Name IN ('Customer Community User')) OR Name = 'guest\\'s'"
      );
      expect(r.records.map((x) => x.Name)).to.have.members([
        'Customer Community Login User',
        'Customer Community Plus User',
      ]);
      const none = await conn.query("SELECT Id FROM Profile WHERE Name NOT IN ('a') AND UserType = 'nope'");
      expect(none.totalSize).to.equal(0);
    });

    it('reads EntityDefinition and FieldDefinition through the Tooling API', async () => {
      const r = await conn.tooling.query<any>(
        "SELECT QualifiedApiName, InternalSharingModel, ExternalSharingModel, DurableId FROM EntityDefinition WHERE QualifiedApiName IN ('Case', 'Asset', 'Solar_Panel__c')"
      );
      const byName = Object.fromEntries(r.records.map((x) => [x.QualifiedApiName, x]));
      expect(byName.Asset).to.include({ ExternalSharingModel: 'ReadWrite' });
      expect(byName.Case).to.include({ InternalSharingModel: 'Private', DurableId: 'Case' });
      expect(byName.Solar_Panel__c.DurableId).to.match(/^01I/);
      expect(byName.Case.attributes.url).to.contain('/tooling/sobjects/EntityDefinition/Case');
      const fields = await conn.tooling.query<any>(
        "SELECT QualifiedApiName, DataType, RelationshipName, ReferenceTo FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'Case' AND RelationshipName = 'Owner'"
      );
      expect(fields.records[0]).to.deep.include({
        QualifiedApiName: 'OwnerId',
        ReferenceTo: { referenceTo: ['Group', 'User'] },
      });
    });

    it('pages with nextRecordsUrl: queryMore and autoFetch', async () => {
      const big = await startEmulator({
        fixture: generateLargeOrg({ users: 4500, customObjects: 10, sharingSets: 5, profiles: 20 }),
      });
      try {
        const c = await connectTo(big);
        const first = await c.query('SELECT Id FROM User');
        expect(first).to.include({ totalSize: 4500, done: false });
        expect(first.records).to.have.length(2000);
        expect(first.nextRecordsUrl).to.match(/\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-2000$/);
        const second = await c.queryMore(first.nextRecordsUrl as string);
        expect(second.records).to.have.length(2000);
        const all = await c.query('SELECT Id FROM User', { autoFetch: true, maxFetch: 10_000 });
        expect(all.records).to.have.length(4500);
        expect(new Set(all.records.map((r) => r.Id)).size).to.equal(4500);
      } finally {
        await big.stop();
      }
    });

    it('refuses queryMore on EntityDefinition (EXCEEDED_ID_LIMIT) so clients page with WHERE', async () => {
      const small = await startEmulator({ fixture: 'demo', queryBatchSize: 5 });
      try {
        const c = await connectTo(small);
        const e = await rejection(c.tooling.query('SELECT QualifiedApiName FROM EntityDefinition'));
        expect(e.errorCode).to.equal('EXCEEDED_ID_LIMIT');
        expect(e.message).to.contain('EntityDefinition does not support queryMore()');
        const limited = await c.tooling.query(
          'SELECT QualifiedApiName FROM EntityDefinition ORDER BY QualifiedApiName LIMIT 5'
        );
        expect(limited.records).to.have.length(5);
        const users = await c.query('SELECT Id FROM User', { autoFetch: true });
        expect(users.records.length).to.be.greaterThan(5);
      } finally {
        await small.stop();
      }
    });

    it('answers unknown objects, unknown fields and bad syntax with 400 and the real error codes', async () => {
      expect((await rejection(conn.query('SELECT Id FROM Nope__c'))).errorCode).to.equal('INVALID_TYPE');
      expect((await rejection(conn.query('SELECT Nope FROM Profile'))).errorCode).to.equal('INVALID_FIELD');
      expect((await rejection(conn.query('SELECT Nope.Name FROM Profile'))).errorCode).to.equal('INVALID_FIELD');
      expect((await rejection(conn.query('SELECT Id FROM'))).errorCode).to.equal('MALFORMED_QUERY');
      expect((await rejection(conn.query('SELECT Name, COUNT(Id) FROM Profile'))).errorCode).to.equal(
        'MALFORMED_QUERY'
      );
    });

    it('answers columns=true with the column metadata sf data query reads (relationships as join columns)', async () => {
      const q = 'SELECT Id, Name, UserLicense.Name FROM Profile';
      const r = await conn.request<any>(`/services/data/v62.0/query?q=${encodeURIComponent(q)}&columns=true`);
      expect(r.entityName).to.equal('Profile');
      expect(r.idSelected).to.equal(true);
      expect(r.columnMetadata.map((c: any) => c.columnName)).to.deep.equal(['Id', 'Name', 'UserLicense']);
      expect(r.columnMetadata[2].joinColumns.map((c: any) => c.columnName)).to.deep.equal(['Name']);
      const agg = await conn.request<any>(
        `/services/data/v62.0/query?q=${encodeURIComponent(
          'SELECT ProfileId, COUNT(Id) FROM User GROUP BY ProfileId'
        )}&columns=true`
      );
      expect(agg.columnMetadata[1]).to.deep.include({ columnName: 'expr0', displayName: 'COUNT(Id)', aggregate: true });
      const bad = await rejection(
        conn.request(`/services/data/v62.0/query?q=${encodeURIComponent('SELECT Nope FROM Profile')}&columns=true`)
      );
      expect(bad.errorCode).to.equal('INVALID_FIELD');
    });

    it('reports limits', async () => {
      const limits = await conn.request<any>('/services/data/v62.0/limits');
      expect(limits.DailyApiRequests.Max).to.equal(15_000);
      expect(limits.DailyApiRequests.Remaining).to.be.below(14_250);
    });
  });

  describe('describe and composite', () => {
    it('describes an object with lookups, relationship names and polymorphic targets', async () => {
      const d = await conn.describe('Case');
      expect(d).to.include({ name: 'Case', custom: false });
      const byName = Object.fromEntries(d.fields.map((f) => [f.name, f]));
      expect(byName.AccountId).to.include({ type: 'reference', relationshipName: 'Account' });
      expect(byName.AccountId.referenceTo).to.deep.equal(['Account']);
      expect(byName.OwnerId.referenceTo).to.deep.equal(['Group', 'User']);
      const custom = await conn.describe('Solar_Panel__c');
      expect(custom.custom).to.equal(true);
      expect(custom.fields.find((f) => f.name === 'Account__c')?.relationshipName).to.equal('Account__r');
    });

    it('answers 404 NOT_FOUND for an unknown object', async () => {
      const e = await rejection(conn.describe('Nope__c'));
      expect(e.errorCode).to.equal('NOT_FOUND');
    });

    it('runs composite GET subrequests with per-subrequest status, and refuses more than 25', async () => {
      const compositeRequest = ['Case', 'Nope__c', 'Contact'].map((o) => ({
        method: 'GET',
        url: `/services/data/v62.0/sobjects/${o}/describe`,
        referenceId: o,
      }));
      const r = await conn.request<any>({
        method: 'POST',
        url: '/services/data/v62.0/composite',
        body: JSON.stringify({ allOrNone: false, compositeRequest }),
        headers: { 'content-type': 'application/json' },
      });
      expect(r.compositeResponse.map((x: any) => [x.referenceId, x.httpStatusCode])).to.deep.equal([
        ['Case', 200],
        ['Nope__c', 404],
        ['Contact', 200],
      ]);
      expect(r.compositeResponse[1].body).to.deep.equal([
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ]);
      expect(r.compositeResponse[0].body.name).to.equal('Case');
      expect(org.writeCalls()).to.deep.equal([]);
      const tooMany = Array.from({ length: 26 }, (_, i) => ({ ...compositeRequest[0], referenceId: `r${i}` }));
      const e = await rejection(
        conn.request({
          method: 'POST',
          url: '/services/data/v62.0/composite',
          body: JSON.stringify({ allOrNone: false, compositeRequest: tooMany }),
          headers: { 'content-type': 'application/json' },
        })
      );
      expect(e.errorCode).to.equal('LIMIT_EXCEEDED');
    });
  });

  describe('metadata API', () => {
    it('lists sharing sets as FileProperties', async () => {
      const list = await conn.metadata.list([{ type: 'SharingSet' }]);
      const caseSharing = list.find((f) => f.fullName === 'Case_Sharing');
      expect(caseSharing).to.include({ type: 'SharingSet', fileName: 'sharingSets/Case_Sharing.sharingSet' });
      expect(caseSharing?.id).to.match(/^[A-Za-z0-9]{18}$/);
      expect(caseSharing?.createdDate).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(await conn.metadata.list([{ type: 'ApexClass' }])).to.deep.equal([]);
    });

    it('reads sharing sets; a missing name comes back without fullName', async () => {
      const read = await conn.metadata.read('SharingSet', ['Case_Sharing', 'Does_Not_Exist']);
      expect(read).to.have.length(2);
      expect(read[0]).to.deep.include({ fullName: 'Case_Sharing', name: 'Share cases with users' });
      expect(read[0].profiles).to.deep.equal(['Customer Community User', 'customer community login user']);
      expect(read[0].accessMappings[1]).to.deep.equal({
        accessLevel: 'Read',
        object: 'Case',
        objectField: 'Contact',
        userField: 'Contact',
      });
      expect(read[1]).to.not.have.property('fullName');
      const log = org.log.find((e) => e.soapOperation === 'readMetadata');
      expect(log).to.deep.include({
        kind: 'soap',
        names: ['Case_Sharing', 'Does_Not_Exist'],
        metadataType: 'SharingSet',
        write: false,
      });
    });

    it('creates, updates, upserts and deletes, changing the org', async () => {
      const created = await conn.metadata.create('SharingSet', [caseSet('Emu_Create_1'), caseSet('Case_Sharing')]);
      expect(created[0]).to.include({ fullName: 'Emu_Create_1', success: true });
      expect(firstError(created[1]).statusCode).to.equal('DUPLICATE_DEVELOPER_NAME');
      const updated = await conn.metadata.update('SharingSet', [
        caseSet('Emu_Create_1', { description: 'now described' }),
      ]);
      expect(updated[0].success).to.equal(true);
      expect(org.state.sharingSets.find((s) => s.fullName === 'Emu_Create_1')?.description).to.equal('now described');
      const missingUpdate = await conn.metadata.update('SharingSet', [caseSet('Emu_Missing')]);
      expect(firstError(missingUpdate[0])).to.include({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' });
      const upserted = await conn.metadata.upsert('SharingSet', [caseSet('Emu_Create_1'), caseSet('Emu_Upsert_2')]);
      expect(upserted.map((u) => [u.fullName, u.success, u.created])).to.deep.equal([
        ['Emu_Create_1', true, false],
        ['Emu_Upsert_2', true, true],
      ]);
      const deleted = await conn.metadata.delete('SharingSet', ['Emu_Create_1', 'Emu_Upsert_2', 'Emu_Missing']);
      expect(deleted.map((d) => d.success)).to.deep.equal([true, true, false]);
      expect(org.state.sharingSets.map((s) => s.fullName)).to.not.include.members(['Emu_Create_1', 'Emu_Upsert_2']);
      expect(org.writeCalls().map((e) => e.soapOperation)).to.deep.equal([
        'createMetadata',
        'updateMetadata',
        'updateMetadata',
        'upsertMetadata',
        'deleteMetadata',
      ]);
    });

    it('validates payloads like an org: required fields, access level, description length, profiles, objects', async () => {
      const r = (await conn.metadata.upsert('SharingSet', [
        caseSet('Emu_Bad_Level', {
          accessMappings: [{ accessLevel: 'All', object: 'Case', objectField: 'Account', userField: 'Account' }],
        }),
        caseSet('Emu_Long', { description: 'x'.repeat(256) }),
        caseSet('Emu_Profile', { profiles: ['customer community USER', 'No Such Profile'] }),
        caseSet('Emu_Object', {
          accessMappings: [{ accessLevel: 'Read', object: 'Nope__c', objectField: 'Account', userField: 'Account' }],
        }),
        caseSet('Emu_Path', {
          accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Subject', userField: 'Account' }],
        }),
        { fullName: 'Emu_No_Name', profiles: ['Customer Community User'] },
        caseSet('Emu_Missing_Field', {
          accessMappings: [{ accessLevel: 'Read', object: 'Case', userField: 'Account' }],
        }),
        caseSet('Emu_Deep_Path', {
          accessMappings: [
            { accessLevel: 'Read', object: 'Case', objectField: 'Entitlement.Account', userField: 'Account' },
          ],
        }),
        caseSet('bad name!'),
      ])) as any[];
      const codes = Object.fromEntries(
        r.map((x) => [
          x.fullName,
          x.success
            ? 'ok'
            : [x.errors]
                .flat()
                .map((e: any) => e.statusCode as string)
                .join(','),
        ])
      );
      expect(codes).to.deep.equal({
        Emu_Bad_Level: 'FIELD_INTEGRITY_EXCEPTION',
        Emu_Long: 'STRING_TOO_LONG',
        Emu_Profile: 'FIELD_INTEGRITY_EXCEPTION',
        Emu_Object: 'FIELD_INTEGRITY_EXCEPTION',
        Emu_Path: 'FIELD_INTEGRITY_EXCEPTION',
        Emu_No_Name: 'REQUIRED_FIELD_MISSING',
        Emu_Missing_Field: 'REQUIRED_FIELD_MISSING',
        Emu_Deep_Path: 'ok',
        'bad name!': 'FIELD_INTEGRITY_EXCEPTION',
      });
      await conn.metadata.delete('SharingSet', ['Emu_Deep_Path']);
    });

    it('rejects unknown or misplaced elements the way the SOAP parser does (soapenv:Client fault)', async () => {
      for (const bad of [
        { fullName: 'Emu_Label', label: 'x', name: 'x' },
        { fullName: 'Emu_PS', name: 'x', permissionSets: 'y' },
        { fullName: 'Emu_Wrap', name: 'x', profiles: { profile: 'Customer Community User' } },
        {
          fullName: 'Emu_Order',
          name: 'x',
          accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
        },
      ]) {
        const e = await rejection(conn.metadata.upsert('SharingSet', [bad as any]));
        expect(e.errorCode, bad.fullName).to.equal('soapenv:Client');
        expect(e.message, bad.fullName).to.match(
          /Element \{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}\w+ invalid at this location in type (SharingSet|AccessMapping|string)/
        );
      }
      expect(org.state.sharingSets.map((s) => s.fullName)).to.not.include('Emu_Label');
    });

    it('allows 10 names per call and faults on 11 (EXCEEDED_ID_LIMIT)', async () => {
      const names = Array.from({ length: 11 }, (_, i) => `Emu_Batch_${i}`);
      const ten = await conn.metadata.upsert(
        'SharingSet',
        names.slice(0, 10).map((n) => caseSet(n))
      );
      expect(ten.every((x) => x.success)).to.equal(true);
      for (const call of [
        (): Promise<unknown> => conn.metadata.read('SharingSet', names),
        (): Promise<unknown> =>
          conn.metadata.upsert(
            'SharingSet',
            names.map((n) => caseSet(n))
          ),
        (): Promise<unknown> => conn.metadata.delete('SharingSet', names),
      ]) {
        const e = await rejection(call());
        expect(e.errorCode).to.equal('sf:EXCEEDED_ID_LIMIT');
      }
      await conn.metadata.delete('SharingSet', names.slice(0, 10));
    });

    it('describes metadata types', async () => {
      const d = await conn.metadata.describe('62.0');
      expect(d.metadataObjects.find((m) => m.xmlName === 'SharingSet')).to.include({
        directoryName: 'sharingSets',
        suffix: 'sharingSet',
      });
    });
  });

  describe('generated orgs', () => {
    it('generateLargeOrg is deterministic and has the requested shape', () => {
      const a = generateLargeOrg({ seed: 7 });
      const b = generateLargeOrg({ seed: 7 });
      expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
      expect(a.profiles).to.have.length(300);
      expect(a.sharingSets).to.have.length(250);
      expect(a.users).to.have.length(20_000);
      expect(a.objects.filter((o) => o.custom)).to.have.length(1500);
      for (const s of a.sharingSets) {
        expect(s.accessMappings.length).to.be.within(1, 4);
        expect(s.profiles.length).to.be.within(1, 5);
      }
      expect(JSON.stringify(generateLargeOrg({ seed: 8 }))).to.not.equal(JSON.stringify(a));
    });

    for (const n of [0, 1, 10, 11]) {
      it(`orgWithSets(${n}) lists ${n} sets and every one can be read in batches of 10`, async () => {
        const small = await startEmulator({ fixture: n === 0 ? emptyOrg() : orgWithSets(n) });
        try {
          const c = await connectTo(small);
          const list = await c.metadata.list([{ type: 'SharingSet' }]);
          expect(list).to.have.length(n);
          const names = list.map((f) => f.fullName);
          for (let i = 0; i < names.length; i += 10) {
            const read = await c.metadata.read('SharingSet', names.slice(i, i + 10));
            expect(read.every((r) => typeof r.fullName === 'string')).to.equal(true);
          }
        } finally {
          await small.stop();
        }
      });
    }
  });
});

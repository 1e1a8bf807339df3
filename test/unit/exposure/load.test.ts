/* eslint-disable no-await-in-loop -- loads run one after another on purpose (logs) */
/**
 * The exposure loader (src/org/exposure.ts) against the in-process emulator over a real jsforce connection: exact counts
 * against a brute-force count of the same org (every userField and objectField form, two-level paths, profiles that are
 * ineligible or absent), key paging past 2,000 keys, the calls per mapping, time-outs split or reported, never a crash.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { createOrgClient, type OrgClient } from '../../../src/org/client.js';
import { loadExposure, MAX_TIMEOUTS_PER_OBJECT, type ExposureData } from '../../../src/org/exposure.js';
import { startEmulator, type Emulator, type EmulatorOptions, type Fixture } from '../../emulator/index.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { bruteForce, exposureFixture } from './fixture.js';

type Started = { org: Emulator; client: OrgClient };

describe('org/exposure: loadExposure against the emulator', () => {
  isolateHome();
  const started: Emulator[] = [];
  after(async () => Promise.all(started.map((org) => org.stop())));

  async function start(fixture: Fixture, options: Omit<EmulatorOptions, 'fixture'> = {}): Promise<Started> {
    const org = await startEmulator({ fixture, ...options });
    started.push(org);
    const conn: Connection = await connectTo(org);
    return { org, client: createOrgClient(conn, { org: 'exposure', instanceUrl: org.url }) };
  }

  function expectExact(data: ExposureData, fixture: Fixture): void {
    const expected = bruteForce(fixture);
    expect(data.mappings.length).to.equal(expected.size);
    for (const m of data.mappings) {
      const want = expected.get(`${m.sharingSet}#${m.mappingIndex}`);
      expect(
        { users: m.users, records: m.records, grants: m.grants },
        `${m.sharingSet}#${m.mappingIndex}`
      ).to.deep.equal(want);
      expect(m.notCounted, `${m.sharingSet}#${m.mappingIndex}`).to.equal(undefined);
    }
  }

  it('counts users, records and grants exactly, for every userField and objectField form', async () => {
    const fixture = exposureFixture();
    const { client } = await start(fixture);
    const data = await loadExposure(client, { top: 3 });
    expectExact(data, fixture);
    // The forms are all there, and the data is not trivial: a count of zero everywhere would prove nothing.
    const forms = new Set(data.mappings.map((m) => m.userField.toLowerCase()));
    for (const form of [
      'account',
      'contact',
      'manager.account',
      'manager.contact',
      'contact.relatedaccount',
      'account.parentid',
      'contact.reportstoid',
    ]) {
      expect(forms, form).to.include(form);
    }
    const by = (set: string, index = 0): ExposureData['mappings'][number] =>
      data.mappings.find((m) => m.sharingSet === set && m.mappingIndex === index) as ExposureData['mappings'][number];
    expect(by('Case_Related_Accounts').grants).to.be.greaterThan(by('Case_Related_Accounts').records);
    expect(by('Case_Entitlement').records).to.be.greaterThan(0);
    expect(by('Self_Service', 1).records).to.be.greaterThan(0);
    // Users of the Standard User profile and of profiles the org lacks are never counted.
    expect(by('Internal_Only')).to.include({ users: 0, records: 0, grants: 0 });
    expect(by('Internal_Only').profiles).to.deep.equal([]);
    expect(by('Mixed_Profiles').profiles).to.deep.equal(['Customer Community User', 'Partner Community User']);
    // Top keys: most records first, named, at most --top.
    const top = by('Case_Account').topKeys;
    expect(top.length).to.equal(3);
    expect(top.map((key) => key.records)).to.deep.equal([...top.map((key) => key.records)].sort((a, b) => b - a));
    expect(top[0].name).to.match(/^(Account \d+|Edge Communications|Northwind Traders)$/);
  });

  it('pages past 2,000 keys; a semi-join costs one call per 2,000 keys, key chunks only where SOQL allows no semi-join', async () => {
    const fixture = exposureFixture({ users: 2300, cases: 600, seed: 11, uniform: true });
    const { org, client } = await start(fixture);
    org.clearLog();
    const names = ['Case_Contact', 'Self_Service', 'Case_Manager'];
    const data = await loadExposure(client, { top: 5, names });
    expectExact(data, { ...fixture, sharingSets: fixture.sharingSets.filter((s) => names.includes(s.fullName)) });
    const by = (set: string, index = 0): ExposureData['mappings'][number] =>
      data.mappings.find((m) => m.sharingSet === set && m.mappingIndex === index) as ExposureData['mappings'][number];
    const contact = by('Case_Contact');
    expect(contact.keys).to.be.greaterThan(2000);
    const queries = org.log.filter((entry) => entry.kind === 'rest-query' && entry.soql).map((e) => e.soql ?? '');
    const userPages = queries.filter((soql) =>
      soql.startsWith('SELECT ContactId, Contact.Name, COUNT(Id) n FROM User')
    );
    expect(userPages.length).to.equal(2);
    expect(userPages[1]).to.match(/ContactId > '003/);
    // Case by Contact: one semi-join on User, no key in the URI; its answer (≤ 2,000 keys with cases) is one call.
    const caseQueries = queries.filter((soql) => soql.includes('FROM Case WHERE ContactId'));
    expect(caseQueries).to.have.length(1);
    expect(caseQueries[0]).to.match(/WHERE ContactId IN \(SELECT ContactId FROM User WHERE IsActive = true/);
    expect(caseQueries[0]).to.not.match(/'003/);
    // Contacts by Id: more than 2,000 records reached, so two calls, the second after the last Id of the first.
    const contactQueries = queries.filter((soql) => soql.startsWith('SELECT Id FROM Contact WHERE Id IN (SELECT'));
    expect(contactQueries).to.have.length(2);
    expect(contactQueries[1]).to.match(/AND Id > '003/);
    expect(by('Self_Service', 1).records).to.be.greaterThan(2000);
    // Per mapping: user pages plus semi-join pages, each one call per 2,000 keys.
    for (const m of [contact, by('Self_Service', 1)]) {
      expect(m.cost.queries, m.sharingSet).to.be.at.most(2 + 2 * Math.floor(m.keys / 2000));
    }
    // A manager's contact is a path on User: SOQL allows no semi-join on it, so its keys travel in chunks that fit
    // the URI (src/org/queries.ts MAX_QUERY_CHARS): one call per chunk.
    const manager = by('Case_Manager', 1);
    const chunks = queries.filter((soql) =>
      soql.startsWith('SELECT Contact.Id, COUNT(Id) n FROM Case WHERE Contact.Id IN (')
    );
    expect(manager.keys).to.be.greaterThan(400);
    expect(chunks.length).to.be.greaterThan(1);
    expect(chunks.every((soql) => soql.length <= 8000)).to.equal(true);
    expect(manager.cost.queries).to.equal(1 + chunks.length);
  });

  it('splits an aggregate the org cannot finish in time and still counts exactly', async () => {
    const fixture = exposureFixture({ users: 400, seed: 5 });
    const { org, client } = await start(fixture, {
      behaviours: { queryTimeoutOverIn: { object: 'Case', maxValues: 40 } },
    });
    const data = await loadExposure(client, { top: 1 });
    expectExact(data, fixture);
    expect(org.log.some((entry) => entry.status === 400)).to.equal(true);
  });

  it('asks again in key chunks when the org cannot run the semi-join, and still counts exactly', async () => {
    const fixture = exposureFixture({ users: 1200, cases: 300, seed: 13, uniform: true });
    const { org, client } = await start(fixture, {
      // A semi-join holds more values than any list (test/emulator/behaviours.ts): it times out, chunks do not.
      behaviours: { queryTimeoutOverIn: { object: 'Case', maxValues: 400 } },
    });
    org.clearLog();
    const names = ['Case_Contact'];
    const data = await loadExposure(client, { top: 1, names });
    expectExact(data, { ...fixture, sharingSets: fixture.sharingSets.filter((s) => names.includes(s.fullName)) });
    const caseQueries = org.log.filter((entry) => (entry.soql ?? '').includes('FROM Case WHERE'));
    expect(caseQueries[0].soql).to.match(/IN \(SELECT ContactId FROM User/);
    expect(caseQueries[0].status).to.equal(400);
    expect(
      caseQueries.slice(1).every((entry) => entry.status === 200 && (entry.soql ?? '').includes("IN ('003"))
    ).to.equal(true);
    const userPages = org.log.filter((entry) => (entry.soql ?? '').startsWith('SELECT ContactId, Contact.Name'));
    expect(data.mappings[0].cost.queries).to.equal(userPages.length + caseQueries.length);
  });

  it('stops sending to an object after its time-out budget and names its size in the reason; never a crash', async () => {
    const fixture = exposureFixture({ users: 1200, cases: 300, seed: 13, uniform: true });
    const { org, client } = await start(fixture, {
      behaviours: { queryTimeoutOn: ['Case'], recordCounts: { Case: 5_000_000 } },
    });
    org.clearLog();
    const data = await loadExposure(client, { top: 1 });
    const onCase = data.mappings.filter((m) => m.object === 'Case' && m.keys > 0);
    expect(onCase.length).to.be.greaterThan(3);
    for (const m of onCase) {
      expect(m.notCounted?.code, `${m.sharingSet}#${m.mappingIndex}`).to.equal('QUERY_TIMEOUT');
      expect(m.notCounted?.reason).to.contain('Case: about 5,000,000 records');
    }
    // The budget bounds the time-outs: past it no piece is sent, so what is sent is the first wave of chunks, the
    // budget and the halves it had already sent; splitting every chunk down to one key would have sent thousands.
    const onCaseQueries = org.log.filter((entry) => (entry.soql ?? '').includes('FROM Case'));
    expect(onCaseQueries.filter((entry) => entry.status === 400).length).to.be.at.least(MAX_TIMEOUTS_PER_OBJECT);
    expect(onCaseQueries.length).to.be.below(4 * MAX_TIMEOUTS_PER_OBJECT);
    // Other objects are counted as usual, and the sizes took one call.
    const expected = bruteForce(fixture);
    const invoices = data.mappings.find((m) => m.sharingSet === 'Invoices') as ExposureData['mappings'][number];
    expect({ users: invoices.users, records: invoices.records, grants: invoices.grants }).to.deep.equal(
      expected.get('Invoices#0')
    );
    expect(invoices.notCounted).to.equal(undefined);
    expect(org.log.filter((entry) => entry.path.includes('/limits/recordCount'))).to.have.length(1);
  });

  it('reports a mapping "not counted" with the reason when even one key times out, or the path does not exist', async () => {
    const fixture = exposureFixture({ users: 20 });
    fixture.sharingSets.push({
      fullName: 'Broken_Path',
      name: 'Broken Path',
      profiles: ['Customer Community User'],
      accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Nope__c', userField: 'Account' }],
    });
    const { client } = await start(fixture, {
      behaviours: { queryTimeoutOverIn: { object: 'Invoice__c', maxValues: 0 } },
    });
    const data = await loadExposure(client, { top: 1 });
    const invoices = data.mappings.find((m) => m.sharingSet === 'Invoices');
    expect(invoices?.notCounted?.code).to.equal('QUERY_TIMEOUT');
    const broken = data.mappings.find((m) => m.sharingSet === 'Broken_Path');
    expect(broken?.notCounted?.code).to.equal('INVALID_FIELD');
    expect(broken?.notCounted?.reason).to.match(/Nope__r|Nope/);
    // The other mappings are still counted.
    expect(data.mappings.find((m) => m.sharingSet === 'Case_Account')?.notCounted).to.equal(undefined);
  });

  it('filters by set, profile and object', async () => {
    const fixture = exposureFixture({ users: 30 });
    const { client } = await start(fixture);
    const onlyCase = await loadExposure(client, { top: 1, objects: ['case'] });
    expect(onlyCase.mappings.every((m) => m.object === 'Case')).to.equal(true);
    const partner = await loadExposure(client, { top: 1, profiles: ['partner community user'] });
    expect(partner.mappings.map((m) => m.sharingSet)).to.deep.equal([
      'Mixed_Profiles',
      'Mixed_Profiles',
      'Mixed_Profiles',
      'Partner_Cases',
    ]);
    expect(
      partner.mappings.every((m) => m.profiles.length === 1 && m.profiles[0] === 'Partner Community User')
    ).to.equal(true);
    const missing = await loadExposure(client, { top: 1, names: ['Case_Account', 'Nope'] });
    expect(missing.missing).to.deep.equal(['Nope']);
  });
});

/* eslint-disable no-await-in-loop -- loads run one after another on purpose (logs) */
/**
 * The exposure loader (src/org/exposure.ts) against the in-process emulator over a real jsforce connection: exact counts
 * against a brute-force count of the same org (every userField and objectField form, two-level paths, profiles that are
 * ineligible or absent), key paging past 2,000 keys, the calls per mapping, time-outs split or reported, never a crash.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { createOrgClient, type OrgClient } from '../../../src/org/client.js';
import { loadExposure, type ExposureData } from '../../../src/org/exposure.js';
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

  it('pages past 2,000 keys and stays at a constant plus one call per chunk of keys for each mapping', async () => {
    const fixture = exposureFixture({ users: 2300, cases: 600, seed: 11, uniform: true });
    const { org, client } = await start(fixture);
    org.clearLog();
    const data = await loadExposure(client, { top: 5, names: ['Case_Contact'] });
    expectExact(
      { ...data, mappings: data.mappings },
      { ...fixture, sharingSets: fixture.sharingSets.filter((s) => s.fullName === 'Case_Contact') }
    );
    const [mapping] = data.mappings;
    expect(mapping.keys).to.be.greaterThan(2000);
    const queries = org.log.filter((entry) => entry.kind === 'rest-query' && entry.soql);
    const userPages = queries.filter((entry) =>
      (entry.soql ?? '').includes('FROM User WHERE IsActive = true AND ProfileId IN')
    );
    expect(userPages.length).to.equal(2);
    expect(userPages[1].soql).to.match(/Contact\.Id > '003/);
    const recordChunks = queries.filter((entry) => (entry.soql ?? '').includes('FROM Case WHERE'));
    // Each chunk stays below the URI limit (src/org/queries.ts MAX_QUERY_CHARS): its key count decides the calls.
    const perChunk = Math.min(...recordChunks.slice(0, -1).map((entry) => (entry.soql?.match(/'003/g) ?? []).length));
    expect(perChunk).to.be.greaterThan(300);
    expect(recordChunks.length).to.equal(Math.ceil(mapping.keys / perChunk));
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

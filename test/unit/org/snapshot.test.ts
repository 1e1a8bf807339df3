/* eslint-disable no-await-in-loop, camelcase -- loads in these tests run one after another on purpose (counts, logs); custom object API names are not camelCase */
/**
 * The org loader (src/org/snapshot.ts) through its exported `loadOrgSnapshot`, against the in-process emulator over a
 * real jsforce connection: what the snapshot holds (sets, profiles, objects, lookups, org-wide defaults, skew,
 * coverage), how many calls of each kind it made, and in how many dependent round trips.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { createOrgClient, type OrgClient } from '../../../src/org/client.js';
import { loadOrgSnapshot } from '../../../src/org/snapshot.js';
import { SKEW_THRESHOLD } from '../../../src/model/types.js';
import { generateLargeOrg, loadFixture, startEmulator, type Emulator, type Fixture } from '../../emulator/index.js';
import type { LogEntry } from '../../emulator/index.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { fromFixture } from '../../helpers/sharingSets.js';

const byName = <T extends { fullName: string }>(sets: T[]): T[] =>
  [...sets].sort((a, b) => a.fullName.localeCompare(b.fullName));

/**
 * The length of the longest chain of requests each sent after the previous one was answered: the loader's dependent
 * round trips (requests of one round overlap; every request is held `LATENCY_MS`, so none of a round ends before the
 * last of it starts).
 */
function roundTrips(log: LogEntry[]): number {
  const depth = new Map<LogEntry, number>();
  for (const entry of [...log].sort((a, b) => a.start - b.start)) {
    const before = log.filter((other) => other.end !== undefined && other.end <= entry.start);
    depth.set(entry, 1 + Math.max(0, ...before.map((other) => depth.get(other) ?? 0)));
  }
  return Math.max(0, ...depth.values());
}

// Long enough that a busy machine (a CI runner sharing its cores) still sends every request of a round before the
// first of them is answered: with 30 ms, a load of 13 on 2 cores chained the 25 read batches into 5 rounds.
const LATENCY_MS = 100;
const LARGE_LATENCY_MS = 400;

describe('org/snapshot: loadOrgSnapshot against the emulator', () => {
  isolateHome();
  const demo: Fixture = loadFixture('demo');
  let org: Emulator;
  let conn: Connection;
  const client = (): OrgClient => createOrgClient(conn, { org: 'demo', instanceUrl: org.url });

  before(async () => {
    org = await startEmulator({ fixture: 'demo', latencyMs: LATENCY_MS });
    conn = await connectTo(org);
  });
  after(async () => org?.stop());
  beforeEach(() => org.clearLog());

  it('sets only: every sharing set, whole; no profiles, no objects, coverage none; one list and one read', async () => {
    const c = client();
    const { snapshot, missing } = await loadOrgSnapshot(c, { org: 'demo', orgId: org.orgId });
    expect(missing).to.deep.equal([]);
    expect(byName(snapshot.sharingSets)).to.deep.equal(byName(demo.sharingSets.map(fromFixture)));
    expect(snapshot.origin).to.deep.equal({ kind: 'org', org: 'demo', orgId: org.orgId });
    expect(snapshot.profiles).to.deep.equal([]);
    expect(snapshot.objects).to.deep.equal({});
    expect(snapshot).to.not.have.property('skew');
    expect(snapshot.coverage).to.deep.equal({ profiles: 'none', objects: 'none', activeUsers: false });
    expect(c.calls).to.include({ metadataList: 1, metadataRead: 1, query: 0, describe: 0, metadataWrite: 0, total: 2 });
    expect(org.log.map((entry) => entry.soapOperation)).to.deep.equal(['listMetadata', 'readMetadata']);
    expect(org.log[1].names?.slice().sort()).to.deep.equal(demo.sharingSets.map((set) => set.fullName).sort());
    expect(roundTrips(org.log)).to.equal(2);
  });

  it('named sets: resolved against the list, read in the org spelling, the unknown ones reported missing', async () => {
    const c = client();
    const { snapshot, missing } = await loadOrgSnapshot(c, { names: ['case_sharing', 'No_Such_Set'] });
    expect(snapshot.sharingSets.map((set) => set.fullName)).to.deep.equal(['Case_Sharing']);
    expect(missing).to.deep.equal(['No_Such_Set']);
    expect(org.log.map((entry) => entry.soapOperation)).to.deep.equal(['listMetadata', 'readMetadata']);
    expect(org.log[1].names).to.deep.equal(['Case_Sharing', 'No_Such_Set']);
    expect(c.calls).to.include({ metadataList: 1, metadataRead: 1, total: 2 });
  });

  it('profiles with active users: every profile, its license and its count of active users, in the first round', async () => {
    const c = client();
    const { snapshot } = await loadOrgSnapshot(c, { profiles: true, activeUsers: true });
    expect(snapshot.coverage).to.deep.equal({ profiles: 'complete', objects: 'none', activeUsers: true });
    expect(snapshot.profiles.map((profile) => profile.name).sort()).to.deep.equal(
      demo.profiles.map((profile) => profile.name).sort()
    );
    for (const fixture of demo.profiles) {
      const profile = snapshot.profiles.find((candidate) => candidate.name === fixture.name);
      const license = demo.licenses.find((candidate) => candidate.id === fixture.licenseId);
      const active = demo.users.filter((user) => user.profileId === fixture.id && user.isActive).length;
      expect(profile, fixture.name).to.deep.equal({
        id: fixture.id,
        name: fixture.name,
        userType: fixture.userType,
        ...(license ? { licenseName: license.name, licenseKey: license.key } : {}),
        activeUsers: active,
      });
    }
    expect(c.calls).to.include({ query: 2, metadataList: 1, metadataRead: 1, describe: 0, total: 4 });
    // Profiles and user counts go out beside the list: two rounds in all.
    expect(roundTrips(org.log)).to.equal(2);
  });

  it('profiles without active users: no user query, and the counts are not known', async () => {
    const c = client();
    const { snapshot } = await loadOrgSnapshot(c, { profiles: true });
    expect(snapshot.coverage.activeUsers).to.equal(false);
    expect(snapshot.profiles.every((profile) => profile.activeUsers === undefined)).to.equal(true);
    expect(c.calls.query).to.equal(1);
  });

  it('objects: every mapped object and the path ends, with org-wide defaults, fields and lookups', async () => {
    const c = client();
    const { snapshot } = await loadOrgSnapshot(c, { objects: true });
    expect(snapshot.coverage).to.deep.equal({ profiles: 'none', objects: 'complete', activeUsers: false });
    const mapped = new Set(demo.sharingSets.flatMap((set) => set.accessMappings.map((mapping) => mapping.object)));
    for (const name of [...mapped, 'User', 'Account', 'Contact']) {
      const fixture = demo.objects.find((object) => object.name === name);
      const loaded = snapshot.objects[name];
      expect(loaded, name).to.not.equal(undefined);
      expect(loaded.name).to.equal(name);
      // Org-wide defaults of the mapped objects, exactly as the org reports them.
      if (mapped.has(name)) {
        expect(loaded.internalSharingModel, `${name} internal`).to.equal(fixture?.internalSharingModel);
        expect(loaded.externalSharingModel, `${name} external`).to.equal(fixture?.externalSharingModel);
      }
      // Every field the org defines (the emulator also answers a few standard fields the fixture leaves implicit).
      expect(
        loaded.fields?.map((field) => field.name),
        `${name} fields`
      ).to.include.members(fixture?.fields.map((field) => field.name) ?? ['the fixture lists it']);
    }
    // A lookup with its target and relationship name; the custom object's lookup to Account too.
    expect(snapshot.objects.Case.fields?.find((field) => field.name === 'AccountId')).to.deep.include({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    expect(snapshot.objects.Solar_Panel__c.fields?.find((field) => field.name === 'Account__c')).to.deep.include({
      referenceTo: ['Account'],
    });
    // Case's Entitlement.Account path goes through Entitlement: described too.
    expect(snapshot.objects.Entitlement.fields?.some((field) => field.name === 'AccountId')).to.equal(true);
    // Org-wide defaults by query, describes by composite: each counted once per request the org received.
    const composites = org.log.filter((entry) => entry.kind === 'composite').length;
    const queries = org.log.filter((entry) => entry.kind === 'rest-query' || entry.kind === 'tooling-query').length;
    expect(composites).to.be.greaterThan(0);
    expect(c.calls.describe).to.equal(composites);
    expect(c.calls.query).to.equal(queries).and.to.be.greaterThan(0);
    await c.allowance();
    expect(c.calls.total, 'every request the org received, counted').to.equal(org.log.length);
    // list, read, then defaults ∥ describes (and at most one more describe round for lookup targets).
    expect(roundTrips(org.log)).to.be.within(3, 4);
  });

  it('sets from a project: the org is asked for objects only, and the origin says source+org', async () => {
    const c = client();
    const local = [fromFixture(demo.sharingSets[0])];
    const { snapshot } = await loadOrgSnapshot(c, { sharingSets: local, objects: true, profiles: true });
    expect(snapshot.origin.kind).to.equal('source+org');
    expect(snapshot.sharingSets).to.deep.equal(local);
    expect(org.log.filter((entry) => entry.kind === 'soap')).to.deep.equal([]);
    expect(c.calls).to.include({ metadataList: 0, metadataRead: 0 });
    expect(Object.keys(snapshot.objects)).to.include.members(['Case', 'Account', 'Contact', 'User']);
  });

  it('skew: one aggregate query per Account lookup of the mapped objects; only parents above the threshold', async () => {
    const c = client();
    const { snapshot } = await loadOrgSnapshot(c, { objects: true, skew: true });
    const skewed = (demo.childCounts ?? []).filter(
      (child) =>
        child.count > SKEW_THRESHOLD && snapshot.objects[child.object]?.fields?.some((f) => f.name === child.field)
    );
    expect(snapshot.skew).to.deep.equal(
      skewed.map((child) => ({
        object: child.object,
        field: child.field,
        parentId: child.parentId,
        // The parent's Name, read in one query after the counts (the finding names the record).
        parentName: demo.records?.Account?.find((account) => account.Id === child.parentId)?.Name,
        childCount: child.count,
      }))
    );
    expect(snapshot.skew, 'the demo org plants one skewed account').to.have.length.greaterThan(0);
    expect(snapshot.skew?.every((entry) => typeof entry.parentName === 'string')).to.equal(true);
    expect(org.log.filter((entry) => (entry.soql ?? '').startsWith('SELECT Id, Name FROM Account'))).to.have.length(1);
    expect(snapshot.skewNotChecked).to.deep.equal([]);
    const aggregates = org.log.filter((entry) => (entry.soql ?? '').includes('COUNT(Id)'));
    expect(aggregates.length).to.be.greaterThan(0);
    expect(new Set(aggregates.map((entry) => entry.soql)).size, 'no lookup counted twice').to.equal(aggregates.length);
  });

  it('skew without objects: not looked at', async () => {
    const { snapshot } = await loadOrgSnapshot(client(), { skew: true });
    expect(snapshot).to.not.have.property('skew');
    expect(org.log.filter((entry) => (entry.soql ?? '').includes('COUNT(Id)'))).to.deep.equal([]);
  });

  describe('skew on large objects (issue 15, point 4)', () => {
    const aggregatesOn = (log: LogEntry[], object: string): LogEntry[] =>
      log.filter((entry) => new RegExp(`GROUP BY .* FROM ${object} |FROM ${object} .*GROUP BY`).test(entry.soql ?? ''));
    const withBehaviours = async (
      behaviours: NonNullable<Parameters<typeof startEmulator>[0]['behaviours']>,
      test: (emulator: Emulator, c: OrgClient) => Promise<void>
    ): Promise<void> => {
      const emulator = await startEmulator({ fixture: 'demo', behaviours });
      try {
        await test(emulator, createOrgClient(await connectTo(emulator), { org: 'demo', instanceUrl: emulator.url }));
      } finally {
        await emulator.stop();
      }
    };

    it('asks /limits/recordCount once and sends no aggregate for objects well below the threshold', async () => {
      const c = client();
      const { snapshot } = await loadOrgSnapshot(c, { objects: true, skew: true });
      const counts = org.log.filter((entry) => entry.path.includes('/limits/recordCount'));
      expect(counts).to.have.length(1);
      expect(decodeURIComponent(counts[0].path)).to.include('Case').and.include('Contact');
      // Contact, Asset, Entitlement and Solar_Panel__c hold a few records: never grouped. Case (12,000+) and
      // Opportunity (9,000, above SKEW_SKIP_AT_MOST) are.
      for (const small of ['Contact', 'Asset', 'Entitlement', 'Solar_Panel__c']) {
        expect(aggregatesOn(org.log, small), small).to.deep.equal([]);
      }
      expect(aggregatesOn(org.log, 'Case')).to.have.length.greaterThan(0);
      expect(aggregatesOn(org.log, 'Opportunity')).to.have.length(1);
      expect(snapshot.skew?.map((skew) => skew.object)).to.deep.equal(['Case']);
    });

    it('a QUERY_TIMEOUT leaves that lookup not checked, with its code, sent once; the other objects are counted', async () => {
      await withBehaviours({ recordCounts: { Case: 5_000_000 }, queryTimeoutOn: ['Case'] }, async (emulator, c) => {
        const { snapshot } = await loadOrgSnapshot(c, { objects: true, skew: true });
        const gaps = snapshot.skewNotChecked ?? [];
        expect(gaps.map(({ object, field, code }) => ({ object, field, code }))).to.deep.include({
          object: 'Case',
          field: 'AccountId',
          code: 'query-timeout',
        });
        expect(gaps.find((gap) => gap.field === 'AccountId')?.reason).to.include('running for too long');
        // Not retried: a cancelled two-minute query sent three times would hold the audit for six.
        const caseQueries = aggregatesOn(emulator.log, 'Case');
        expect(caseQueries.length).to.equal(new Set(caseQueries.map((entry) => entry.soql)).size);
        expect(snapshot.skew?.some((skew) => skew.object === 'Opportunity') ?? true).to.equal(false);
        expect(aggregatesOn(emulator.log, 'Opportunity')).to.have.length(1);
      });
    });

    it('a field describe says cannot be grouped is not grouped on, and is said as not checked', async () => {
      await withBehaviours({ nonGroupableFields: { Opportunity: ['AccountId'] } }, async (emulator, c) => {
        const { snapshot } = await loadOrgSnapshot(c, { objects: true, skew: true });
        expect(snapshot.objects.Opportunity.fields?.find((field) => field.name === 'AccountId')?.groupable).to.equal(
          false
        );
        expect(snapshot.skewNotChecked).to.deep.include({
          object: 'Opportunity',
          field: 'AccountId',
          reason: 'groupable: false',
          code: 'not-groupable',
        });
        expect(aggregatesOn(emulator.log, 'Opportunity')).to.deep.equal([]);
      });
    });

    it('without record counts (the resource refused) every lookup is counted, as before', async () => {
      org.setFaults([{ path: 'limits/recordCount', fault: 'http500' }]);
      try {
        const { snapshot } = await loadOrgSnapshot(client(), { objects: true, skew: true });
        expect(aggregatesOn(org.log, 'Contact')).to.have.length(1);
        expect(snapshot.skew?.map((skew) => skew.object)).to.deep.equal(['Case']);
      } finally {
        org.setFaults([]);
      }
    });
  });

  describe('fields hidden by field-level security (issue 15, point 5)', () => {
    it('looks the names describe lacks up in the Tooling FieldDefinition, once, and records the hidden field', async () => {
      const emulator = await startEmulator({
        fixture: 'demo',
        behaviours: { hiddenFields: { Solar_Panel__c: ['Account__c'] } },
      });
      try {
        const c = createOrgClient(await connectTo(emulator), { org: 'demo', instanceUrl: emulator.url });
        const { snapshot } = await loadOrgSnapshot(c, { objects: true });
        const panel = snapshot.objects.Solar_Panel__c;
        expect(panel.fields?.map((field) => field.name)).to.not.include('Account__c');
        expect(panel.hiddenFields).to.deep.equal([{ name: 'Account__c', relationshipName: 'Account__r' }]);
        const lookups = emulator.log.filter((entry) => (entry.soql ?? '').includes('FROM FieldDefinition'));
        expect(lookups).to.have.length(1);
        expect(lookups[0].kind).to.equal('tooling-query');
        expect(lookups[0].soql).to.include("IN ('Solar_Panel__c')").and.include("'Account__c'");
      } finally {
        await emulator.stop();
      }
    });

    it('sends no FieldDefinition query when every path segment is in describe', async () => {
      await loadOrgSnapshot(client(), { objects: true });
      expect(org.log.filter((entry) => (entry.soql ?? '').includes('FieldDefinition'))).to.deep.equal([]);
    });

    it('a FieldDefinition query that fails marks the object, so that no missing field is taken for certain', async () => {
      const emulator = await startEmulator({
        fixture: 'demo',
        behaviours: { hiddenFields: { Solar_Panel__c: ['Account__c'] } },
        faults: [{ kind: 'tooling-query', fault: 'http500' }],
      });
      try {
        const c = createOrgClient(await connectTo(emulator), { org: 'demo', instanceUrl: emulator.url });
        const { snapshot } = await loadOrgSnapshot(c, { objects: true });
        expect(snapshot.objects.Solar_Panel__c.hiddenFieldsUnchecked).to.equal(true);
        expect(snapshot.objects.Solar_Panel__c).to.not.have.property('hiddenFields');
      } finally {
        await emulator.stop();
      }
    });
  });

  describe('a large org', () => {
    let large: Emulator;
    let largeConn: Connection;
    const fixture = generateLargeOrg({ profiles: 40, sharingSets: 95, users: 200 });
    before(async () => {
      large = await startEmulator({ fixture, latencyMs: LARGE_LATENCY_MS });
      largeConn = await connectTo(large);
    });
    after(async () => large?.stop());

    it('reads the sets in parallel batches of at most 10 names, in the same number of round trips', async () => {
      const c = createOrgClient(largeConn, { org: 'large', instanceUrl: large.url });
      large.clearLog();
      const { snapshot } = await loadOrgSnapshot(c, { profiles: true, activeUsers: true, objects: true });
      expect(snapshot.sharingSets).to.have.length(fixture.sharingSets.length);
      expect(snapshot.profiles).to.have.length(fixture.profiles.length);
      const reads = large.log.filter((entry) => entry.soapOperation === 'readMetadata');
      expect(reads).to.have.length(Math.ceil(fixture.sharingSets.length / 10));
      expect(reads.every((entry) => (entry.names?.length ?? 0) <= 10)).to.equal(true);
      expect(reads.flatMap((entry) => entry.names ?? []).sort()).to.deep.equal(
        fixture.sharingSets.map((set) => set.fullName).sort()
      );
      expect(c.calls.metadataRead).to.equal(reads.length);
      await c.allowance();
      expect(c.calls.total).to.equal(large.log.length);
      // As many dependent rounds as for the small org: the batches go out together.
      expect(roundTrips(large.log)).to.be.within(3, 4);
    });
  });

  it('a loader round that fails fails the load, with the calls made so far', async () => {
    org.setFaults([{ kind: 'rest-query', fault: 'invalid-session' }]);
    try {
      const c = client();
      const error = await loadOrgSnapshot(c, { profiles: true }).then(
        () => undefined,
        (e: unknown) => e
      );
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).name).to.equal('SessionExpiredError');
      const data = (error as { data?: { apiCalls?: { query?: number; total?: number } } }).data;
      expect(data?.apiCalls?.query, 'the failed query, counted').to.be.greaterThan(0);
    } finally {
      org.setFaults([]);
    }
  });

  it('follows every target of a polymorphic lookup, Group first as a real describe lists them, to describe what the path needs', async () => {
    // Visit__c.Owner__c looks up Group, then Agent__c (in that order, as Salesforce lists OwnerId's Group, User); only
    // through Agent__c does "Owner__c.Account__c" reach Account. Following the first target alone never describes
    // Agent__c, and the path could not be checked.
    const fixture: Fixture = structuredClone(demo);
    fixture.objects.push(
      {
        name: 'Agent__c',
        label: 'Agent',
        custom: true,
        internalSharingModel: 'Private',
        externalSharingModel: 'Private',
        fields: [
          { name: 'Id', type: 'id' },
          { name: 'Account__c', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account__r' },
        ],
      },
      {
        name: 'Visit__c',
        label: 'Visit',
        custom: true,
        internalSharingModel: 'Private',
        externalSharingModel: 'Private',
        fields: [
          { name: 'Id', type: 'id' },
          { name: 'Owner__c', type: 'reference', referenceTo: ['Group', 'Agent__c'], relationshipName: 'Owner__r' },
        ],
      },
      {
        name: 'Group',
        label: 'Group',
        custom: false,
        internalSharingModel: 'Private',
        externalSharingModel: 'Private',
        fields: [{ name: 'Id', type: 'id' }],
      }
    );
    const set = { ...fromFixture(demo.sharingSets[0]), fullName: 'Visits' };
    set.accessMappings = [
      { accessLevel: 'Read', object: 'Visit__c', objectField: 'Owner__c.Account__c', userField: 'Account' },
    ];
    const polymorphic = await startEmulator({ fixture });
    try {
      const c = createOrgClient(await connectTo(polymorphic), { org: 'poly', instanceUrl: polymorphic.url });
      const { snapshot } = await loadOrgSnapshot(c, { sharingSets: [set], profiles: true, objects: true });
      expect(snapshot.objects.Group?.fields, 'the first target, described').to.not.equal(undefined);
      expect(snapshot.objects.Agent__c?.fields?.map((field) => field.name)).to.include('Account__c');
      const { runAudit } = await import('../../../src/audit/engine.js');
      const findings = runAudit(snapshot, { rules: ['object-field-unresolved'] }).findings;
      expect(findings, 'the path resolves through the second target').to.deep.equal([]);
    } finally {
      await polymorphic.stop();
    }
  });
});

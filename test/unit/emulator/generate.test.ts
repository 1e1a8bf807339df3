/* eslint-disable no-await-in-loop -- batches are written one after another, as a deploy writes them */
/**
 * The generated project the benchmark deploys (`deployableSharingSets`): sets a real org accepts and in which the
 * audit finds nothing. Checked through the emulator's own write checks over a real jsforce connection, and with the
 * audit's rules on a snapshot the plugin's loader reads from that org.
 */
import { expect } from 'chai';
import { runAudit } from '../../../src/audit/engine.js';
import { createOrgClient } from '../../../src/org/client.js';
import { loadOrgSnapshot } from '../../../src/org/snapshot.js';
import { deployableSharingSets, generateLargeOrg } from '../../emulator/generate.js';
import { startEmulator, type Fixture, type FixtureSharingSet } from '../../emulator/index.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { fromFixture } from '../../helpers/sharingSets.js';

/** A smaller large org (the benchmark's --quick shape), so the test reads it in a few seconds. */
const SHAPE = { profiles: 60, sharingSets: 50, customObjects: 300, users: 2000, seed: 42 };

/** The audit's findings (rule: message) on `sets` checked against the org `fixture` describes, as read by the loader. */
async function auditAgainst(fixture: Fixture, sets: FixtureSharingSet[]): Promise<string[]> {
  const org = await startEmulator({ fixture });
  try {
    const client = createOrgClient(await connectTo(org), { org: 'generated', instanceUrl: org.url });
    const { snapshot } = await loadOrgSnapshot(client, {
      sharingSets: sets.map(fromFixture),
      profiles: true,
      activeUsers: true,
      objects: true,
    });
    return runAudit(snapshot).findings.map((finding) => `${finding.ruleId}: ${finding.message}`);
  } finally {
    await org.stop();
  }
}

/** A set with its keys in XSD order (jsforce writes them in insertion order, and the org checks the sequence). */
const inXsdOrder = (set: FixtureSharingSet): Record<string, unknown> => ({
  fullName: set.fullName,
  accessMappings: set.accessMappings,
  ...(set.description === undefined ? {} : { description: set.description }),
  name: set.name,
  profiles: set.profiles,
});

/** Creates `sets` in calls of 10 in an emulated `fixture` holding none; returns the items the org refused. */
async function refusedBy(fixture: Fixture, sets: FixtureSharingSet[]): Promise<unknown[]> {
  const emulator = await startEmulator({ fixture: { ...fixture, sharingSets: [] } });
  try {
    const conn = await connectTo(emulator);
    const refused: unknown[] = [];
    for (let i = 0; i < sets.length; i += 10) {
      const results = await conn.metadata.create('SharingSet', sets.slice(i, i + 10).map(inXsdOrder) as never[]);
      refused.push(...results.filter((result) => !result.success));
    }
    return refused;
  } finally {
    await emulator.stop();
  }
}

describe('emulator/generate: generateLargeOrg', () => {
  isolateHome();

  it('every sharing set it generates is one an org accepts (a contact matched on the user’s contact by Id)', async () => {
    // Few custom objects, so that Contact is mapped often, through the user's Contact too.
    const org = generateLargeOrg({ profiles: 20, sharingSets: 50, customObjects: 10, users: 100, seed: 1 });
    const contacts = org.sharingSets.flatMap((set) => set.accessMappings).filter((m) => m.object === 'Contact');
    expect(contacts.map((m) => `${m.objectField}/${m.userField}`)).to.include.members([
      'Id/Contact',
      'Account/Account',
    ]);
    const refused = await refusedBy(org, org.sharingSets);
    expect(refused, JSON.stringify(refused[0])).to.deep.equal([]);
  });
});

describe('emulator/generate: deployableSharingSets', () => {
  isolateHome();
  const org = generateLargeOrg(SHAPE);
  const sets = deployableSharingSets(org, SHAPE.sharingSets, SHAPE.seed);

  it('is deterministic: `count` sets named Deploy_Set_0001…, the same for the same org and seed', () => {
    expect(sets.map((set) => set.fullName)).to.deep.equal(
      Array.from({ length: SHAPE.sharingSets }, (_, i) => `Deploy_Set_${String(i + 1).padStart(4, '0')}`)
    );
    expect(JSON.stringify(deployableSharingSets(org, SHAPE.sharingSets, SHAPE.seed))).to.equal(JSON.stringify(sets));
    expect(JSON.stringify(deployableSharingSets(org, SHAPE.sharingSets, 7))).to.not.equal(JSON.stringify(sets));
    const full = generateLargeOrg();
    expect(deployableSharingSets(full, 250)).to.have.length(250);
  });

  it('names every profile at most once per object, and maps only objects whose external default is Private', () => {
    const pairs = sets.flatMap((set) =>
      set.profiles.flatMap((profile) => set.accessMappings.map((mapping) => `${profile}/${mapping.object}`))
    );
    expect(new Set(pairs).size).to.equal(pairs.length);
    const models = new Map(org.objects.map((object) => [object.name, object.externalSharingModel]));
    for (const mapping of sets.flatMap((set) => set.accessMappings)) {
      expect(models.get(mapping.object), mapping.object).to.equal('Private');
    }
  });

  it('every set is accepted by the org: created in calls of 10, each item succeeds', async () => {
    const refused = await refusedBy(org, sets);
    expect(refused, JSON.stringify(refused[0])).to.deep.equal([]);
  });

  it('the audit finds nothing in them against the org; in the large org’s own sets it does (the check can fail)', async () => {
    expect(await auditAgainst(org, sets)).to.deep.equal([]);
    const own = await auditAgainst(org, org.sharingSets);
    expect(
      own.some((finding) => finding.startsWith('external-owd-public-read-write:')),
      own.join('\n')
    ).to.equal(true);
  });
});

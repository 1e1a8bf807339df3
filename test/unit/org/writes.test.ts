/**
 * Writing sharing sets (src/org/writes.ts) through its exported functions, against the in-process emulator over a real
 * jsforce connection: create, update and delete with their read-back, `readOne`, an answer lost in transit (settled by
 * reading the set again, never by a second write), an item the org refuses, and a read-back that fails.
 */
import { expect } from 'chai';
import { deleteSharingSet, formDifferences, readOne, writeSharingSet } from '../../../src/org/writes.js';
import type { SharingSet } from '../../../src/model/types.js';
import { createOrgClient, type OrgClient } from '../../../src/org/client.js';
import { startEmulator, type Emulator, type FaultRule } from '../../emulator/index.js';
import { connectTo, useConnectedEmulator } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';
import { fromFixture, newSet } from '../../helpers/sharingSets.js';

describe('org/writes against the emulator', () => {
  const env = useConnectedEmulator();
  const held = (name: string): SharingSet | undefined => {
    const set = env.org.state.sharingSets.find((candidate) => candidate.fullName === name);
    return set ? fromFixture(set) : undefined;
  };
  const operations = (): Array<string | undefined> => env.org.log.map((entry) => entry.soapOperation);
  const withFaults = async <T>(faults: FaultRule[], fn: () => Promise<T>): Promise<T> => {
    env.org.setFaults(faults);
    try {
      return await fn();
    } finally {
      env.org.setFaults([]);
    }
  };

  describe('readOne', () => {
    it('returns the set as the org holds it, whole', async () => {
      expect(await readOne(env.client, 'Case_Sharing')).to.deep.equal(held('Case_Sharing'));
      expect(operations()).to.deep.equal(['readMetadata']);
      expect(env.org.log[0].names).to.deep.equal(['Case_Sharing']);
      expect(env.client.calls).to.include({ metadataRead: 1, total: 1 });
    });

    it('returns undefined for a set the org does not have', async () => {
      expect(await readOne(env.client, 'No_Such_Set')).to.equal(undefined);
    });
  });

  describe('writeSharingSet', () => {
    it('create: one createMetadata with the one item, then a read-back; returns what the org holds', async () => {
      const set = newSet('Unit_Created', { description: 'made by a unit test' });
      const now = await writeSharingSet(env.client, set, 'create', 'demo');
      expect(now).to.deep.equal(set);
      expect(held('Unit_Created')).to.deep.equal(set);
      expect(operations()).to.deep.equal(['createMetadata', 'readMetadata']);
      expect(env.org.log[0].names).to.deep.equal(['Unit_Created']);
      expect(env.client.calls).to.include({ metadataWrite: 1, metadataRead: 1, total: 2 });
    });

    it('update: the new definition replaces the old one, whole, and is read back', async () => {
      const before = held('Asset_Sharing');
      expect(before).to.not.equal(undefined);
      const next = newSet('Asset_Sharing', {
        label: 'Assets, updated',
        profiles: ['Customer Community Plus User'],
        accessMappings: [{ accessLevel: 'Edit', object: 'Asset', objectField: 'Account', userField: 'Account' }],
      });
      const now = await writeSharingSet(env.client, next, 'update', 'demo');
      expect(now).to.deep.equal(next);
      expect(held('Asset_Sharing')).to.deep.equal(next);
      expect(await readOne(env.client, 'Asset_Sharing')).to.deep.equal(next);
      expect(operations()).to.deep.equal(['updateMetadata', 'readMetadata', 'readMetadata']);
    });

    it('a source location is never sent to the org', async () => {
      const set = { ...newSet('Unit_Located'), location: { file: '/tmp/x.sharingSet-meta.xml' } } as SharingSet;
      const now = await writeSharingSet(env.client, set, 'create', 'demo');
      expect(now).to.not.have.property('location');
      expect(held('Unit_Located')).to.deep.equal(newSet('Unit_Located'));
    });

    it('a refused item (a name the org already holds): WriteRejected with the org reason, no read-back, no change', async () => {
      const before = env.org.state.sharingSets;
      const error = await rejection(writeSharingSet(env.client, newSet('Case_Sharing'), 'create', 'demo'));
      expect(error.name).to.equal('WriteRejectedError');
      expect(error.message).to.match(
        /^The org rejected the create of sharing set Case_Sharing: DUPLICATE_DEVELOPER_NAME/
      );
      expect(operations()).to.deep.equal(['createMetadata']);
      expect(env.org.state.sharingSets).to.deep.equal(before);
    });

    it("the org's refusal of the write's one item (UNKNOWN_EXCEPTION in its result): WriteRejected, no change", async () => {
      const before = env.org.state.sharingSets;
      const error = await withFaults([{ soapOperation: 'updateMetadata', fault: 'partial' }], () =>
        rejection(writeSharingSet(env.client, newSet('Case_Sharing'), 'update', 'demo'))
      );
      expect(error.name).to.equal('WriteRejectedError');
      expect(error.message).to.match(/The org rejected the update of sharing set Case_Sharing: UNKNOWN_EXCEPTION/);
      expect(env.org.state.sharingSets).to.deep.equal(before);
      expect(operations()).to.deep.equal(['updateMetadata']);
    });

    it('a lost answer to a write the org applied (cut short): read again, the new definition returned, no second write', async () => {
      const set = newSet('Unit_Cut_Short');
      const now = await withFaults([{ soapOperation: 'createMetadata', fault: 'malformed' }], () =>
        writeSharingSet(env.client, set, 'create', 'demo')
      );
      expect(now).to.deep.equal(set);
      expect(held('Unit_Cut_Short')).to.deep.equal(set);
      expect(operations()).to.deep.equal(['createMetadata', 'readMetadata']);
      expect(env.org.writeCalls()).to.have.length(1);
    });

    it('a lost answer to a write that did not land (dropped): read again, then an error saying it may still land', async () => {
      const before = env.org.state.sharingSets;
      const error = await withFaults([{ soapOperation: 'createMetadata', fault: 'drop', times: 1 }], () =>
        rejection(writeSharingSet(env.client, newSet('Unit_Dropped'), 'create', 'demo'))
      );
      expect(error.message).to.match(/Can't reach the org/);
      expect(error.actions?.join('\n')).to.match(
        /may still be applied: check with "sf sharing set list --target-org demo --name Unit_Dropped"/
      );
      expect(env.org.state.sharingSets).to.deep.equal(before);
      // Never retried blindly: one write, then the read that settles what happened.
      expect(operations()).to.deep.equal(['createMetadata', 'readMetadata']);
    });

    it('a lost answer and a failed read: WriteUncertain, naming both and how to check', async () => {
      const error = await withFaults(
        [
          { soapOperation: 'createMetadata', fault: 'drop' },
          { soapOperation: 'readMetadata', fault: 'request-limit' },
        ],
        () => rejection(writeSharingSet(env.client, newSet('Unit_Uncertain'), 'create', 'demo'))
      );
      expect(error.message).to.match(/^The create of sharing set Unit_Uncertain may not have reached the org/);
      expect(error.actions?.join('\n')).to.contain('sf sharing set list --target-org demo --name Unit_Uncertain');
      expect(env.org.writeCalls()).to.have.length(1);
    });

    it('a write the org accepted whose read-back fails: WrittenUnverified, saying not to run it again', async () => {
      const set = newSet('Unit_Unverified');
      const error = await withFaults([{ soapOperation: 'readMetadata', fault: 'request-limit' }], () =>
        rejection(writeSharingSet(env.client, set, 'create', 'demo'))
      );
      expect(error.message).to.match(
        /^The org accepted the create of sharing set Unit_Unverified, but reading it back/
      );
      expect(error.actions?.join('\n')).to.contain(
        "Don't run the same command again as it is: the create has been done"
      );
      expect(held('Unit_Unverified')).to.deep.equal(set);
      expect(env.org.writeCalls()).to.have.length(1);
    });
  });

  describe('deleteSharingSet', () => {
    it('deletes the one set, checks it is gone, and leaves the others', async () => {
      const others = env.org.state.sharingSets.filter((set) => set.fullName !== 'Contact_Directory');
      await deleteSharingSet(env.client, 'Contact_Directory', 'demo');
      expect(env.org.state.sharingSets).to.deep.equal(others);
      expect(operations()).to.deep.equal(['deleteMetadata', 'readMetadata']);
      expect(env.org.log[0].names).to.deep.equal(['Contact_Directory']);
      expect(await readOne(env.client, 'Contact_Directory')).to.equal(undefined);
    });

    it('a lost answer to a delete the org applied: read again, success', async () => {
      await withFaults([{ soapOperation: 'deleteMetadata', fault: 'malformed' }], () =>
        deleteSharingSet(env.client, 'Unit_Created', 'demo')
      );
      expect(held('Unit_Created')).to.equal(undefined);
      expect(env.org.writeCalls()).to.have.length(1);
    });

    it('a refused delete: WriteRejected, the set still there', async () => {
      const before = env.org.state.sharingSets;
      const error = await withFaults([{ soapOperation: 'deleteMetadata', fault: 'partial' }], () =>
        rejection(deleteSharingSet(env.client, 'Case_Sharing', 'demo'))
      );
      expect(error.name).to.equal('WriteRejectedError');
      expect(error.message).to.match(/The org rejected the delete of sharing set Case_Sharing/);
      expect(env.org.state.sharingSets).to.deep.equal(before);
    });
  });

  describe('an org that keeps a normalised form (issue 15, point 8)', () => {
    let normalising: Emulator;
    let normalisingClient: OrgClient;
    before(async () => {
      normalising = await startEmulator({ fixture: 'demo', behaviours: { normalisesOnWrite: true } });
      normalisingClient = createOrgClient(await connectTo(normalising), { org: 'demo', instanceUrl: normalising.url });
    });
    after(async () => normalising?.stop());

    it('an objectField held in the other form: the write landed, and the note says which value differs', async () => {
      const notes: string[] = [];
      const set = newSet('Unit_Form', {
        accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'AccountId', userField: 'Account' }],
      });
      const now = await writeSharingSet(normalisingClient, set, 'create', 'demo', (text) => notes.push(text));
      expect(now.accessMappings[0].objectField).to.equal('Account');
      expect(notes).to.have.length(1);
      expect(notes[0]).to.include('Unit_Form landed').and.include('"Account" where "AccountId" was sent');
      expect(normalising.writeCalls()).to.have.length(1);
    });

    it('a description the update left out and the org kept: the write landed, and the note quotes it', async () => {
      const notes: string[] = [];
      await writeSharingSet(
        normalisingClient,
        newSet('Unit_Described', { description: 'old words' }),
        'create',
        'demo'
      );
      const now = await writeSharingSet(normalisingClient, newSet('Unit_Described'), 'update', 'demo', (text) =>
        notes.push(text)
      );
      expect(now.description).to.equal('old words');
      expect(notes).to.deep.equal([
        'The write of sharing set Unit_Described landed. Read back, it still holds the description "old words", which the update left out: the org keeps it. To remove it, update the sharing set in Setup.',
      ]);
    });

    it('formDifferences: only the same lookup written another way, or a description left out, is form', () => {
      const sent = newSet('Form', {
        accessMappings: [
          { accessLevel: 'Read', object: 'Case', objectField: 'AccountId', userField: 'Account' },
          { accessLevel: 'Read', object: 'Invoice__c', objectField: 'Deal__r.Account', userField: 'Account' },
        ],
      });
      const heldAs = (objectFields: [string, string], extra: Partial<SharingSet> = {}): SharingSet => ({
        ...sent,
        accessMappings: sent.accessMappings.map((mapping, index) => ({ ...mapping, objectField: objectFields[index] })),
        ...extra,
      });
      expect(formDifferences(heldAs(['Account', 'Deal__c.Account']), sent)).to.deep.equal([
        { kind: 'objectField', object: 'Case', sent: 'AccountId', held: 'Account' },
        { kind: 'objectField', object: 'Invoice__c', sent: 'Deal__r.Account', held: 'Deal__c.Account' },
      ]);
      expect(formDifferences(heldAs(['AccountId', 'Deal__r.Account'], { description: 'kept' }), sent)).to.deep.equal([
        { kind: 'description', held: 'kept' },
      ]);
      // Substance: another lookup, another profile, another description than the one sent, or no difference at all.
      expect(formDifferences(heldAs(['ContactId', 'Deal__c.Account']), sent)).to.equal(undefined);
      expect(formDifferences(heldAs(['Account', 'Deal__c.Account'], { profiles: ['Other'] }), sent)).to.equal(
        undefined
      );
      expect(formDifferences(heldAs(['Account', 'Deal__c.Account']), { ...sent, description: 'sent' })).to.equal(
        undefined
      );
      expect(formDifferences(sent, sent)).to.equal(undefined);
    });
  });
});

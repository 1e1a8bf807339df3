/**
 * A deploy's batch write (src/org/writes.ts `writeBatch`) against the in-process emulator over a real jsforce
 * connection: every item read back and said to hold the new definition, the old one or neither, whatever the call
 * answered (a refused item, a lost answer, an answer cut short after the org applied it).
 */
import { expect } from 'chai';
import { writeBatch } from '../../../src/org/writes.js';
import type { SharingSet } from '../../../src/model/types.js';
import { useConnectedEmulator } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';
import { fromFixture, newSet } from '../../helpers/sharingSets.js';

describe('org/writes writeBatch against the emulator', () => {
  const env = useConnectedEmulator();
  const current = (): SharingSet[] => env.org.state.sharingSets.map(fromFixture);
  const writes = (): Array<[string | undefined, string[] | undefined]> =>
    env.org.log.filter((entry) => entry.write).map((entry) => [entry.soapOperation, entry.names]);

  it('creates three sets in one call and reads them back', async () => {
    const sets = ['Batch_A', 'Batch_B', 'Batch_C'].map((name) => newSet(name));
    const outcome = await writeBatch(env.client, 'create', sets, []);
    expect(outcome.items).to.deep.equal(sets.map((set) => ({ fullName: set.fullName, holds: 'new' })));
    expect(outcome.error).to.equal(undefined);
    expect(writes()).to.deep.equal([['createMetadata', ['Batch_A', 'Batch_B', 'Batch_C']]]);
    expect(env.client.calls.metadataWrite).to.equal(1);
    expect(env.client.calls.metadataRead).to.equal(1);
  });

  it('an item the org refuses holds the old definition, with the org message; the others the new one', async () => {
    const before = current();
    const sets = ['Case_Sharing', 'Asset_Sharing'].map((name) => newSet(name, { description: 'batch update' }));
    env.org.setFaults([{ soapOperation: 'updateMetadata', fault: 'partial', name: 'Asset_Sharing' }]);
    const outcome = await writeBatch(env.client, 'update', sets, before);
    expect(outcome.items[0]).to.deep.equal({ fullName: 'Case_Sharing', holds: 'new' });
    expect(outcome.items[1].holds).to.equal('old');
    expect(outcome.items[1].problem).to.match(
      /The org rejected the update of sharing set Asset_Sharing: UNKNOWN_EXCEPTION/
    );
  });

  it('a lost answer: every item read back (here: none landed, so all hold the old definition), never resent', async () => {
    const before = current();
    env.org.setFaults([{ soapOperation: 'deleteMetadata', fault: 'http500', times: 1 }]);
    const targets = before.filter((set) => ['Solar_Panel_Sharing', 'Entitlement_Cases'].includes(set.fullName));
    const outcome = await writeBatch(env.client, 'delete', targets, before);
    expect(outcome.items.map((item) => item.holds)).to.deep.equal(['old', 'old']);
    expect(outcome.error).to.be.an('error');
    expect(writes()).to.have.length(1);
    expect(current()).to.deep.equal(before);
  });

  it('an answer cut short after the org applied the call: every item holds the new definition', async () => {
    const before = current();
    env.org.setFaults([{ soapOperation: 'deleteMetadata', fault: 'malformed', times: 1 }]);
    const outcome = await writeBatch(env.client, 'delete', [newSet('Batch_A'), newSet('Batch_B')], before);
    expect(outcome.items.map((item) => item.holds)).to.deep.equal(['new', 'new']);
    expect(current().map((set) => set.fullName)).to.not.include('Batch_A');
  });

  it('refuses more than 10 sets in one call, sending nothing', async () => {
    const sets = Array.from({ length: 11 }, (_, i) => newSet(`Too_Many_${i}`));
    expect((await rejection(writeBatch(env.client, 'create', sets, []))).message).to.match(/at most 10/);
    expect(writes()).to.deep.equal([]);
  });
});

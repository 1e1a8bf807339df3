/**
 * Violations `npm run chaos` found, each held by the seed and run that showed it (replay: npm run chaos -- --seed S
 * --run K) and pinned here on the smallest code that shows it: a deploy's batch write (src/org/writes.ts
 * `writeBatch`) against the emulator over a real jsforce connection.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { createOrgClient, type OrgClient } from '../../../src/org/client.js';
import { writeBatch } from '../../../src/org/writes.js';
import type { SharingSet } from '../../../src/model/types.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { fromFixture } from '../../helpers/sharingSets.js';

describe('chaos regressions: deploy batches', () => {
  isolateHome();
  let org: Emulator;
  let conn: Connection;
  let client: OrgClient;

  beforeEach(async () => {
    org = await startEmulator({ fixture: 'demo' });
    conn = await connectTo(org);
    client = createOrgClient(conn, { org: 'demo', instanceUrl: org.url });
  });
  afterEach(async () => org?.stop());
  const current = (): SharingSet[] => org.state.sharingSets.map(fromFixture);

  // Seed 1004641731, run 124: a deploy's update batch answered too late (a slow write past HTTP_TIMEOUT); the read-back
  // found the old definitions, the partial deploy said "still holds the old definition", and the write then landed.
  it('a batch whose answer was lost says, per set holding the old definition, that the write may still land', async () => {
    const before = current();
    const sets = before
      .filter((set) => ['Case_Sharing', 'Asset_Sharing'].includes(set.fullName))
      .map((set) => ({ ...set, description: 'changed by the deploy' }));
    org.setFaults([{ soapOperation: 'updateMetadata', fault: 'drop', times: 1 }]);
    const outcome = await writeBatch(client, 'update', sets, before, 'me@example.org');
    expect(outcome.items.map((item) => item.holds)).to.deep.equal(['old', 'old']);
    for (const item of outcome.items) {
      expect(item.problem).to.match(/may still be applied/);
      expect(item.problem).to.include(`sf sharing set list --target-org me@example.org --name ${item.fullName}`);
    }
  });

  it('a set the org refused outright holds the old definition without that warning', async () => {
    const before = current();
    const sets = before.filter((set) => set.fullName === 'Case_Sharing').map((set) => ({ ...set, label: 'x' }));
    org.setFaults([{ soapOperation: 'updateMetadata', fault: 'partial', name: 'Case_Sharing' }]);
    const outcome = await writeBatch(client, 'update', sets, before, 'me@example.org');
    expect(outcome.items[0].holds).to.equal('old');
    expect(outcome.items[0].problem).to.not.match(/may still be applied/);
  });

  // Seed 1004641731, run 346: the org answered that it deleted the batch, then the session expired before the
  // read-back; each set was said to "may not have reached the org", and the deploy said nothing was written.
  it('a batch the org accepted whose read-back failed says the write was done, not that it may not have reached the org', async () => {
    const names = ['Case_Sharing', 'Asset_Sharing'];
    const sets = current().filter((set) => names.includes(set.fullName));
    org.setFaults([{ soapOperation: 'readMetadata', fault: 'invalid-session' }]);
    const outcome = await writeBatch(client, 'delete', sets, sets, 'me@example.org');
    expect(org.state.sharingSets.map((set) => set.fullName)).to.not.include.members(names);
    expect(outcome.items.map((item) => item.holds)).to.deep.equal(['unknown', 'unknown']);
    for (const item of outcome.items) {
      expect(item.problem).to.match(
        /^The org accepted the delete of sharing set \w+, but reading it back to check failed/
      );
      expect(item.problem).to.not.match(/may not have reached/);
    }
  });
});

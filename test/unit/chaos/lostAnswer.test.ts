/**
 * The emulator's `lost-answer` fault, which the chaos harness injects: the org carries the write out, then the
 * connection drops before the answer, so the client sees a socket error while the org holds the new definition.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { type Emulator, startEmulator } from '../../emulator/server.js';
import { connectTo, isolateHome } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';

describe('emulator lost-answer fault', () => {
  let org: Emulator;
  let conn: Connection;
  isolateHome();

  before(async () => {
    org = await startEmulator({ fixture: 'demo' });
    conn = await connectTo(org);
  });
  after(async () => {
    await org?.stop();
  });

  it('applies the write, then drops the connection without an answer', async () => {
    org.setFaults([{ soapOperation: 'deleteMetadata', fault: 'lost-answer', times: 1 }]);
    const error = await rejection(conn.metadata.delete('SharingSet', ['Asset_Sharing']));
    expect(String((error as Error).message)).to.match(/socket|closed|fetch failed|ECONNRESET/i);
    expect(org.state.sharingSets.map((set) => set.fullName)).to.not.include('Asset_Sharing');
    const entry = org.log.find((e) => e.soapOperation === 'deleteMetadata');
    expect(entry?.fault).to.equal('lost-answer');
    expect(entry?.status).to.equal(0);
  });

  it('answers the next request as usual (times: 1)', async () => {
    await conn.metadata.delete('SharingSet', ['Case_Sharing']);
    expect(org.state.sharingSets.map((set) => set.fullName)).to.not.include('Case_Sharing');
  });
});

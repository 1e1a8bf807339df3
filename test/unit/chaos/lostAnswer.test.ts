/**
 * The emulator's `lost-answer` fault, which the chaos harness injects: the org carries the write out, then the
 * connection drops before the answer, so the client sees a socket error while the org holds the new definition.
 */
import { expect } from 'chai';
import { useConnectedEmulator } from '../../helpers/connection.js';
import { rejection } from '../../helpers/promises.js';

describe('emulator lost-answer fault', () => {
  const env = useConnectedEmulator();
  it('applies the write, then drops the connection without an answer', async () => {
    env.org.setFaults([{ soapOperation: 'deleteMetadata', fault: 'lost-answer', times: 1 }]);
    const error = await rejection(env.conn.metadata.delete('SharingSet', ['Asset_Sharing']));
    expect(String((error as Error).message)).to.match(/socket|closed|fetch failed|ECONNRESET/i);
    expect(env.org.state.sharingSets.map((set) => set.fullName)).to.not.include('Asset_Sharing');
    const entry = env.org.log.find((e) => e.soapOperation === 'deleteMetadata');
    expect(entry?.fault).to.equal('lost-answer');
    expect(entry?.status).to.equal(0);
  });

  it('answers the next request as usual (times: 1)', async () => {
    env.org.setFaults([{ soapOperation: 'deleteMetadata', fault: 'lost-answer', times: 1 }]);
    await rejection(env.conn.metadata.delete('SharingSet', ['Asset_Sharing']));
    await env.conn.metadata.delete('SharingSet', ['Case_Sharing']);
    expect(env.org.state.sharingSets.map((set) => set.fullName)).to.not.include('Case_Sharing');
    expect(env.org.log.filter((e) => e.soapOperation === 'deleteMetadata').map((e) => e.fault)).to.deep.equal([
      'lost-answer',
      undefined,
    ]);
  });
});

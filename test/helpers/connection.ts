/**
 * A real @salesforce/core Connection to an emulator, authorised by access token. core 8's AuthInfo.create
 * saves an auth file (after its Organization query), so this only runs with HOME pointing at a temporary directory
 * (isolateHome()).
 */
import { userInfo } from 'node:os';
import type { Connection } from '@salesforce/core';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { createOrgClient, type OrgClient } from '../../src/org/client.js';

export const connectTo = async (org: Emulator, apiVersion = '62.0'): Promise<Connection> => {
  if (!process.env.HOME || process.env.HOME === userInfo().homedir) {
    throw new Error('connectTo() saves auth files (core does): call isolateHome() in the describe block first');
  }
  const { AuthInfo, Connection: CoreConnection, StateAggregator } = await import('@salesforce/core');
  // AuthInfo.create refuses to overwrite an auth file: drop the one a previous emulator left for this username.
  const state = await StateAggregator.getInstance();
  if (await state.orgs.hasFile(org.username)) await state.orgs.remove(org.username);
  const authInfo = await AuthInfo.create({
    username: org.username,
    accessTokenOptions: { accessToken: org.token, instanceUrl: org.url, loginUrl: org.url },
  });
  // Passing the version skips the versions probe, whose answer core would cache by saving the auth file.
  return CoreConnection.create({ authInfo, connectionOptions: { version: apiVersion } });
};

/**
 * Points HOME at a fresh temporary directory for the duration of a describe block (core resolves ~/.sfdx through
 * os.homedir() on every use). Call inside describe(); restores HOME and removes the directory afterwards.
 */
export const isolateHome = (): { readonly home: string } => {
  const state = { home: '', previous: undefined as string | undefined };
  before(async () => {
    const { makeTempDir } = await import('./tmp.js');
    state.previous = process.env.HOME;
    state.home = await makeTempDir('plugin-sharing-home-');
    process.env.HOME = state.home;
  });
  after(async () => {
    const { removeDir } = await import('./tmp.js');
    if (state.previous === undefined) delete process.env.HOME;
    else process.env.HOME = state.previous;
    await removeDir(state.home);
  });
  return {
    get home(): string {
      return state.home;
    },
  };
};

/**
 * For a describe block: HOME isolated, an in-process emulator of the demo org and a real Connection to it; before each
 * test its faults, latency, expired token and log are reset and `client` is a fresh OrgClient (its call counts at 0).
 */
export const useConnectedEmulator = (): {
  readonly org: Emulator;
  readonly conn: Connection;
  readonly client: OrgClient;
} => {
  isolateHome();
  const state = {} as { org: Emulator; conn: Connection; client: OrgClient };
  before(async () => {
    state.org = await startEmulator({ fixture: 'demo' });
    state.conn = await connectTo(state.org);
  });
  after(async () => state.org?.stop());
  beforeEach(() => {
    state.org.setFaults([]);
    state.org.setLatency(0, []);
    state.org.expireToken(false);
    state.org.clearLog();
    state.client = createOrgClient(state.conn, { org: 'demo', instanceUrl: state.org.url });
  });
  return state;
};

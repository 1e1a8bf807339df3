import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { createOrgEnv, isolatedEnv, type OrgEnv, pluginBin, withTempDir } from '../../helpers/e2e.js';

describe('e2e helper', () => {
  let env: OrgEnv;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo', alias: 'emu' });
  });
  after(async () => {
    await env?.cleanup();
  });

  it('writes the auth files core reads, in a temporary HOME', () => {
    const auth = JSON.parse(readFileSync(join(env.home, '.sfdx', `${env.username}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(auth).to.include({
      username: env.username,
      orgId: env.emulator.orgId,
      accessToken: env.emulator.token,
      instanceUrl: env.emulator.url,
      instanceApiVersion: '62.0',
      isDevHub: false,
    });
    expect(JSON.parse(readFileSync(join(env.home, '.sfdx', 'alias.json'), 'utf8'))).to.deep.equal({
      orgs: { emu: env.username },
    });
    expect(readFileSync(join(env.home, '.sf', 'config.json'), 'utf8')).to.equal('{}');
    expect(existsSync(pluginBin)).to.equal(true);
  });

  it('isolates the child environment', () => {
    const e = isolatedEnv(env.home, { EXTRA: '1' });
    expect(e).to.include({
      HOME: env.home,
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      EXTRA: '1',
    });
    expect(e).to.not.have.property('SF_LOG_LEVEL');
  });

  it('runs the plugin binary asynchronously and collects its output', async () => {
    const r = await env.run(['--version']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('plugin-sharing');
  });

  it('withTempDir removes the directory afterwards', async () => {
    const dir = await withTempDir((d) => {
      expect(existsSync(d)).to.equal(true);
      return d;
    });
    expect(existsSync(dir)).to.equal(false);
  });

  it('cleanup stops the emulator and removes HOME', async () => {
    const other = await createOrgEnv({ fixture: 'demo' });
    await other.cleanup();
    expect(existsSync(other.home)).to.equal(false);
    const refused = await fetch(`${other.emulator.url}/__emulator/state`).then(
      () => 'answered',
      () => 'refused'
    );
    expect(refused).to.equal('refused');
  });
});

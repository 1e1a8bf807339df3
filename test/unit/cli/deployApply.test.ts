import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pluginRoot } from '../../helpers/e2e.js';
import { interruptWhenReady } from '../../helpers/interruptScript.js';

/**
 * A script run under tsx: `applyPlan` (src/cli/deployApply.ts) on a plan with one update (REPLACES set) or one create
 * only, whose confirmation prints "ready" and waits to be interrupted. The client is never reached: an interrupt at the
 * prompt comes before the first write.
 */
const SCRIPT = `
import { applyPlan } from ${JSON.stringify(join(pluginRoot, 'src', 'cli', 'deployApply.ts'))};
import { planDeploy } from ${JSON.stringify(join(pluginRoot, 'src', 'deploy', 'plan.ts'))};
const set = (fullName, accessLevel) => ({
  fullName,
  label: fullName,
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel, object: 'Case', objectField: 'AccountId', userField: 'Account' }],
});
const org = process.env.REPLACES ? [set('Cases', 'Read')] : [];
const plan = planDeploy(org, [set('Cases', 'Edit')]);
const client = new Proxy({}, { get: () => { throw new Error('the org was reached'); } });
await applyPlan({ client, orgName: 'me@example.com' }, {
  plan,
  backupDir: process.env.BACKUPS,
  sourceDir: 'project',
  ui: { info: () => undefined },
  confirm: async () => {
    process.stdout.write('ready\\n');
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return true;
  },
});
`;

const interruptedAtPrompt = (replaces: boolean, backups: string): Promise<{ code: number | null; stderr: string }> =>
  interruptWhenReady(SCRIPT, { BACKUPS: backups, ...(replaces ? { REPLACES: '1' } : {}) });

describe('applyPlan: an interrupt once the backups are saved, before the first write', function () {
  this.timeout(60_000);
  let backups: string;
  beforeEach(async () => {
    backups = await mkdtemp(join(tmpdir(), 'plugin-sharing-apply-'));
  });
  afterEach(async () => {
    await rm(backups, { recursive: true, force: true });
  });

  it('says nothing was written and where the saved definitions are, and exits 130', async () => {
    const { code, stderr } = await interruptedAtPrompt(true, backups);
    expect(code, stderr).to.equal(130);
    const [run] = await readdir(backups);
    expect(await readdir(join(backups, run, 'sharingSets'))).to.deep.equal(['Cases.sharingSet-meta.xml']);
    expect(stderr.replace(/\n/g, ' ')).to.contain(
      `Interrupted before the first write: nothing was written to me@example.com. The current definitions of the sets it would replace are saved in ${join(
        backups,
        run
      )}.`
    );
    expect(stderr).not.to.match(/saving backups|\n\s+at /);
  });

  it('with nothing to replace (no backup), says nothing was written and names no backup', async () => {
    const { code, stderr } = await interruptedAtPrompt(false, backups);
    expect(code, stderr).to.equal(130);
    expect(await readdir(backups)).to.deep.equal([]);
    expect(stderr).to.contain('Interrupted before the first write: nothing was written to me@example.com.');
    expect(stderr).not.to.match(/saved in|saving backups|\n\s+at /);
  });
});

import { join } from 'node:path';
import { expect } from 'chai';
import { pluginRoot } from '../../helpers/e2e.js';
import { interruptWhenReady } from '../../helpers/interruptScript.js';

/**
 * A script run under tsx: the prerun hook (src/hooks/interruptEarly.ts) for a command of plugin PLUGIN, then
 * sf-plugins-core's own listener as its `_run` installs it before the command's work (it throws from inside the
 * signal event: a stack trace, exit 1); the script prints "ready" and waits to be interrupted.
 */
const SCRIPT = `
const { default: hook } = await import(${JSON.stringify(join(pluginRoot, 'src', 'hooks', 'interruptEarly.ts'))});
await hook.call({}, { argv: [], Command: { id: 'sharing:set:list', plugin: { name: process.env.PLUGIN } }, config: {}, context: {} });
process.on('SIGINT', () => { throw new Error('the default listener answered'); });
process.stdout.write('ready\\n');
await new Promise((resolve) => setTimeout(resolve, 60_000));
`;

describe('prerun hook: an interrupt before the command’s work', function () {
  this.timeout(60_000);

  it('for this plugin’s commands: the plugin answers (nothing changed, exit 130), not sf-plugins-core', async () => {
    const { code, stderr } = await interruptWhenReady(SCRIPT, { PLUGIN: 'plugin-sharing' });
    expect(code, stderr).to.equal(130);
    expect(stderr).to.contain('Interrupted. Nothing was changed in the org, and no file was left half-written.');
    expect(stderr).not.to.contain('the default listener answered');
  });

  it('for another plugin’s commands: leaves the signal to them', async () => {
    const { code, stderr } = await interruptWhenReady(SCRIPT, { PLUGIN: '@salesforce/plugin-org' });
    expect(code).to.not.equal(130);
    expect(stderr).to.contain('the default listener answered');
    expect(stderr).not.to.contain('Interrupted. Nothing was changed');
  });
});

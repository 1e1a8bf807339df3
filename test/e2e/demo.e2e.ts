import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { pluginRoot } from '../helpers/e2e.js';

/**
 * `npm run demo` is the README's first command: every step must show the exit code it is meant to show, and the demo
 * must leave its temporary home behind it removed. (The build it starts with has run before the e2e tests.)
 */
describe('e2e: npm run demo', () => {
  it('runs every step with its intended exit code and removes its temporary home', async function () {
    this.timeout(300_000);
    const tsx = join(pluginRoot, 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, [join(pluginRoot, 'scripts', 'demo.ts')], {
      cwd: pluginRoot,
      timeout: 280_000,
      maxBuffer: 32 << 20,
    });
    const steps = stdout.match(/^=== /gm) ?? [];
    const outcomes = stdout.match(/^\[exit code \d+, (as expected|UNEXPECTED)\]$/gm) ?? [];
    expect(steps.length, 'demo steps').to.be.greaterThan(10);
    expect(outcomes).to.have.length(steps.length);
    expect(
      outcomes.filter((line) => line.includes('UNEXPECTED')),
      stdout
    ).to.deep.equal([]);
    const home = /in a temporary HOME \((.+)\)\.$/m.exec(stdout)?.[1];
    expect(home, 'the demo names its temporary home').to.be.a('string');
    expect(existsSync(home as string), `${home as string} removed`).to.equal(false);
  });
});

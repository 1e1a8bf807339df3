import { join } from 'node:path';
import { expect } from 'chai';
import type { SfCommand } from '@salesforce/sf-plugins-core';
import { runCommand } from '../../../src/cli/command.js';
import { pluginRoot } from '../../helpers/e2e.js';
import { interruptWhenReady } from '../../helpers/interruptScript.js';

/**
 * A script run under tsx: a command-like object in `guarded` (src/cli/interrupt.ts), which prints "ready" (after
 * `interruptSays` when `SAYS` is set) and waits to be interrupted.
 */
const SCRIPT = `
import { guarded, interruptSays } from ${JSON.stringify(join(pluginRoot, 'src', 'cli', 'interrupt.ts'))};
const command = {};
const wait = async () => {
  process.stdout.write('ready\\n');
  await new Promise((resolve) => setTimeout(resolve, 60_000));
};
// sf-plugins-core's own listener, as a command's run has it: it throws from inside the signal event (a trace, exit 1).
process.on('SIGINT', () => { throw new Error('the default listener answered'); });
await guarded(command, async () => {
  if (process.env.SAYS) interruptSays(command, () => process.env.SAYS);
  if (!process.env.AFTER) await wait();
});
// The work is over; the process still prints its result (AFTER): a signal now still gets the command's words.
await wait();
`;

const interrupted = (says?: string, after = false): Promise<{ code: number | null; stderr: string }> =>
  interruptWhenReady(SCRIPT, { ...(says ? { SAYS: says } : {}), ...(after ? { AFTER: '1' } : {}) });

describe('guarded and interruptSays (every command’s interrupt guard)', function () {
  this.timeout(30_000);

  it('says nothing changed, and exits 130, until the work says otherwise', async () => {
    const { code, stderr } = await interrupted();
    expect(code).to.equal(130);
    expect(stderr).to.include('Interrupted. Nothing was changed in the org');
  });

  it('says what interruptSays set once the work has changed something', async () => {
    const { code, stderr } = await interrupted('The set was deleted; the backup is at b.xml.');
    expect(code).to.equal(130);
    expect(stderr).to.include('The set was deleted; the backup is at b.xml.');
    expect(stderr).not.to.include('Nothing was changed');
  });

  it('after the work is over (the result still being printed), answers with the same words, not a stack trace', async () => {
    const { code, stderr } = await interrupted('The set was deleted; the backup is at b.xml.', true);
    expect(code).to.equal(130);
    expect(stderr).to.include('The set was deleted; the backup is at b.xml.');
    expect(stderr).not.to.include('the default listener answered');
  });
});

describe('runCommand', () => {
  it("gives the command its --json printer: no stack, the cause's first line, unsafe characters escaped", async () => {
    const command = { config: { theme: undefined } } as unknown as SfCommand<string>;
    expect(await runCommand(command, () => Promise.resolve('done'))).to.equal('done');
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string): boolean => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      command.logJson({
        status: 1,
        message: 'bad \u202e name',
        stack: 'Error: bad\n    at x',
        cause: 'Cause\n    at y',
      });
    } finally {
      process.stdout.write = write;
    }
    const printed = JSON.parse(written.join('')) as Record<string, unknown>;
    expect(printed).to.deep.equal({ status: 1, message: 'bad \u202e name', cause: 'Cause' });
    expect(written.join('')).to.include('\\u202e');
  });
});

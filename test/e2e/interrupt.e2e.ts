import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { COMMAND_REGISTRY, expectRowsForEveryCommand } from '../helpers/commands.js';
import { settled, spawnPlugin, useOrgEnv, waitUntil, type OrgEnv } from '../helpers/e2e.js';
import { expectBackupHolds, expectOldOrNew } from '../helpers/sharingSets.js';

/**
 * Starts the plugin, waits until a request it sent has reached the org (the emulator logs a request when it arrives,
 * and holds the answer for 4 s), sends SIGINT (or `signal`), and returns what the process said and did. `operation` is a SOAP
 * operation, or '*' for the first request of any kind.
 */
async function interruptWhen(
  env: OrgEnv,
  args: string[],
  operation: string,
  signal: 'SIGINT' | 'SIGTERM' = 'SIGINT'
): Promise<{ code: number | null; stderr: string }> {
  const plugin = spawnPlugin(env, env.work, args);
  await waitUntil(
    () => env.emulator.log.some((entry) => operation === '*' || entry.soapOperation === operation),
    60_000
  );
  plugin.child.kill(signal);
  const code = await plugin.closed;
  return { code, stderr: plugin.stderr() };
}

/** Every writing command's interrupts during its write, and every command's interrupt while it reads (test/helpers/commands.ts). */
const WRITE_INTERRUPTS = COMMAND_REGISTRY.flatMap((spec) => spec.interrupt.writing);
const READ_INTERRUPTS = COMMAND_REGISTRY.flatMap((spec) => spec.interrupt.reading);

describe('e2e: interrupts cover every command', () => {
  it('every command in oclif.manifest.json has an interrupt while it reads', () => {
    expectRowsForEveryCommand('interrupt.e2e.ts (`interrupt.reading`)', (spec) => spec.interrupt.reading);
  });
  it('every writing command has an interrupt during its write', () => {
    expectRowsForEveryCommand('interrupt.e2e.ts (`interrupt.writing`, for a command that writes)', (spec) =>
      spec.writes ? spec.interrupt.writing : [true]
    );
  });
});

describe('e2e: interrupted writes', () => {
  let env: OrgEnv;
  // Writes take 4 s, so the interrupt lands while one is in flight.
  useOrgEnv(
    {
      fixture: 'demo',
      emulator: { latency: [{ soapOperation: ['createMetadata', 'updateMetadata', 'deleteMetadata'], ms: 4000 }] },
      workPerTest: 'plugin-sharing-interrupt-',
    },
    (ready) => {
      env = ready;
    }
  );

  for (const write of WRITE_INTERRUPTS) {
    it(write.title, async () => {
      const before = env.emulator.state.sharingSets;
      const { code, stderr } = await interruptWhen(env, [...write.args, '-o', env.alias], write.operation);
      expect(code, stderr).to.equal(130);
      const backups = join(env.work, '.sharing-backups');
      let backup: string | undefined;
      if (write.backupOf) {
        [backup] = readdirSync(backups);
        expect(backup).to.match(new RegExp(`^${write.backupOf}-\\d{8}T\\d{6}Z\\.sharingSet-meta\\.xml$`));
        // The backup holds what the write replaces, whole.
        await expectBackupHolds(
          join(backups, backup),
          before.find((set) => set.fullName === write.backupOf)
        );
      } else {
        expect(existsSync(backups), 'nothing was replaced').to.equal(false);
      }
      for (const text of write.says({ username: env.username, backup })) expect(stderr).to.contain(text);
      // The write was on its way: once the org has answered it, the org holds the new state, whole (never a mix).
      await settled(env, 10_000);
      expect(expectOldOrNew(env.emulator.state.sharingSets, before, write.next(before))).to.equal('new');
    });
  }
});

describe('e2e: interrupted reads', () => {
  let env: OrgEnv;
  // Every answer takes 4 s, so the interrupt lands while the command is reading.
  useOrgEnv({ fixture: 'demo', emulator: { latencyMs: 4000 }, workPerTest: 'plugin-sharing-interrupt-' }, (ready) => {
    env = ready;
  });

  const signals = [
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ] as const;
  for (const { title, args } of READ_INTERRUPTS) {
    for (const { signal, code: expected } of signals) {
      it(`${title}, ${signal}: one line saying nothing changed, exit ${expected}, no stack trace, no file left`, async () => {
        const { code, stderr } = await interruptWhen(env, [...args, '-o', env.alias], '*', signal);
        expect(code, stderr).to.equal(expected);
        expect(stderr).to.contain('Interrupted. Nothing was changed in the org, and no file was left half-written.');
        expect(stderr).not.to.match(/ExitError|\n\s+at /);
        expect(readdirSync(env.work), 'files left in the working folder').to.deep.equal([]);
        expect(env.emulator.log.filter((entry) => entry.write)).to.deep.equal([]);
      });
    }
  }
});

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { isWrite, type Emulator } from '../../emulator/index.js';
import { COMMAND_REGISTRY, COMPARE_ALIAS, expectRowsForEveryCommand, type ReadMode } from '../../helpers/commands.js';
import { useOrgEnv, type OrgEnv } from '../../helpers/e2e.js';

/**
 * Every read command in every mode, and the writing commands' dry runs (test/helpers/commands.ts, `readOnly`); none may
 * change either org. `{dir}` is replaced by a temporary directory, `{run}` by the run's output mode (a baseline is never
 * overwritten, so each run writes its own).
 */
export const READ_MODES: ReadMode[] = COMMAND_REGISTRY.flatMap((spec) => spec.readOnly);

describe('e2e reliability: read commands never write', () => {
  let env: OrgEnv;
  let compare: Emulator;
  let work: string;
  useOrgEnv({ fixture: 'demo', alias: 'target', work: 'plugin-sharing-readonly-' }, async (ready) => {
    env = ready;
    work = env.work;
    compare = await env.addOrg(COMPARE_ALIAS);
    // A valid baseline for the --baseline modes: every finding the audit has today, accepted.
    const written = await env.run(
      [
        'sharing',
        'audit',
        '-o',
        'target',
        '--write-baseline',
        join(work, 'accepted.json'),
        '--reason',
        'accepted',
        '--json',
      ],
      { cwd: work }
    );
    expect([0, 3], written.stdout).to.include(written.code);
    const baseline = JSON.parse(await readFile(join(work, 'accepted.json'), 'utf8')) as unknown;
    expect(JSON.stringify(baseline), 'the baseline accepts findings').to.contain('accepted');
    const without = await env.run(['sharing', 'audit', '-o', 'target', '--json'], { cwd: work });
    expect(without.code, 'without the baseline, the audit has findings that fail the gate').to.equal(3);
  });
  beforeEach(() => compare.clearLog());

  it('has a mode for every command in oclif.manifest.json', () => {
    expectRowsForEveryCommand(
      "read-only.e2e.ts (`readOnly`: the read modes, or a writing command's dry runs)",
      (spec) => spec.readOnly
    );
  });

  for (const mode of READ_MODES) {
    for (const json of [true, false]) {
      it(`${mode.title}${json ? ' --json' : ''}: no create/update/upsert/delete, no REST write`, async () => {
        const before = JSON.stringify(env.emulator.state.sharingSets);
        const args = [...mode.args, '-o', 'target'].map((arg) =>
          arg.replace('{dir}', work).replace('{run}', json ? 'json' : 'human')
        );
        if (mode.args.includes('--baseline')) {
          expect(args[args.indexOf('--baseline') + 1], 'the baseline file exists').to.satisfy(existsSync);
        }
        const { code, stderr } = await env.run(json ? [...args, '--json'] : args, { cwd: work });
        expect(mode.codes, stderr).to.include(code);
        for (const org of [env.emulator, compare]) {
          expect(org.log.filter(isWrite), JSON.stringify(org.log.filter(isWrite))).to.deep.equal([]);
          expect(org.writeCalls()).to.deep.equal([]);
          // A POST is only allowed as a composite bundle of GETs (or a SOAP read).
          for (const entry of org.log.filter((e) => e.method !== 'GET')) {
            if (entry.kind === 'composite') {
              expect(entry.subrequests ?? [], entry.path).to.have.length.greaterThan(0);
            } else {
              expect(entry.kind, `${entry.method} ${entry.path}`).to.equal('soap');
              expect(['listMetadata', 'readMetadata', 'describeMetadata']).to.include(entry.soapOperation);
            }
          }
        }
        expect(env.emulator.log.length, 'the command reached the org').to.be.greaterThan(0);
        if (mode.compare) expect(compare.log.length, 'the command reached the compare org').to.be.greaterThan(0);
        expect(JSON.stringify(env.emulator.state.sharingSets)).to.equal(before);
      });
    }
  }
});

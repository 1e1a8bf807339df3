import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { cloneFixture, isWrite, loadFixture, startEmulator, type Emulator } from '../../emulator/index.js';
import { createOrgEnv, makeTempDir, pluginRoot, writeAuthFiles, type OrgEnv } from '../../helpers/e2e.js';
import { removeDir } from '../../helpers/tmp.js';

const driftProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');

/**
 * Every read command in every mode; none may change either org. `{dir}` is replaced by a temporary directory, `{run}`
 * by the run's output mode (a baseline is never overwritten, so each run writes its own).
 */
export const READ_MODES: Array<{ title: string; args: string[]; codes: number[]; compare?: true }> = [
  { title: 'set list', args: ['sharing', 'set', 'list', '-o', 'target'], codes: [0] },
  { title: 'set list --name', args: ['sharing', 'set', 'list', '-o', 'target', '--name', 'Case_Sharing'], codes: [0] },
  { title: 'profile list', args: ['sharing', 'profile', 'list', '-o', 'target'], codes: [0] },
  {
    title: 'profile list --include-internal',
    args: ['sharing', 'profile', 'list', '-o', 'target', '--include-internal'],
    codes: [0],
  },
  {
    title: 'profile list --eligible-only',
    args: ['sharing', 'profile', 'list', '-o', 'target', '--eligible-only'],
    codes: [0],
  },
  {
    title: 'set diff --compare-org',
    args: ['sharing', 'set', 'diff', '-o', 'target', '--compare-org', 'compare'],
    codes: [0, 3],
    compare: true,
  },
  {
    title: 'set diff --compare-org --result-format markdown',
    args: ['sharing', 'set', 'diff', '-o', 'target', '--compare-org', 'compare', '--result-format', 'markdown'],
    codes: [0, 3],
    compare: true,
  },
  {
    title: 'set diff --source-dir --result-format markdown',
    args: ['sharing', 'set', 'diff', '-o', 'target', '--source-dir', driftProject, '--result-format', 'markdown'],
    codes: [3],
  },
  {
    title: 'set diff --source-dir',
    args: ['sharing', 'set', 'diff', '-o', 'target', '--source-dir', driftProject],
    codes: [0, 3],
  },
  { title: 'audit --target-org', args: ['sharing', 'audit', '-o', 'target'], codes: [0, 3] },
  { title: 'audit --target-org --deep', args: ['sharing', 'audit', '-o', 'target', '--deep'], codes: [0, 3] },
  {
    title: 'audit --source-dir --target-org',
    args: ['sharing', 'audit', '-o', 'target', '--source-dir', driftProject],
    codes: [0, 3],
  },
  {
    title: 'audit --output-file (every report format)',
    args: [
      'sharing',
      'audit',
      '-o',
      'target',
      '--output-file',
      '{dir}/audit.sarif',
      '--output-file',
      '{dir}/audit.xml',
      '--output-file',
      '{dir}/audit.md',
      '--output-file',
      '{dir}/audit.csv',
    ],
    codes: [0, 3],
  },
  {
    title: 'audit --write-baseline, --result-format markdown',
    args: [
      'sharing',
      'audit',
      '-o',
      'target',
      '--write-baseline',
      '{dir}/baseline-{run}.json',
      '--reason',
      'accepted',
      '--result-format',
      'markdown',
    ],
    codes: [0, 3],
  },
  {
    // The baseline written in before() accepts every finding: exit 0 shows it was read and applied.
    title: 'audit --baseline',
    args: ['sharing', 'audit', '-o', 'target', '--baseline', '{dir}/accepted.json'],
    codes: [0],
  },
  {
    title: 'audit --baseline --result-format sarif --output-file',
    args: [
      'sharing',
      'audit',
      '-o',
      'target',
      '--baseline',
      '{dir}/accepted.json',
      '--result-format',
      'sarif',
      '--output-file',
      '{dir}/baselined-{run}.sarif',
    ],
    codes: [0],
  },
  {
    title: 'set diff --name',
    args: ['sharing', 'set', 'diff', '-o', 'target', '--source-dir', driftProject, '--name', 'Case_Sharing'],
    codes: [0, 3],
  },
  {
    title: 'profile list --profile',
    args: ['sharing', 'profile', 'list', '-o', 'target', '--profile', 'Customer Community User'],
    codes: [0],
  },
  // The writing commands' dry runs read the org and check the definition against it: they must not write either.
  {
    title: 'set create --dry-run',
    args: [
      'sharing',
      'set',
      'create',
      '-o',
      'target',
      '--name',
      'Dry_Run_Set',
      '--profile',
      'Customer Community User',
      '--mapping',
      'Case.Account=Account',
      '--dry-run',
    ],
    codes: [0],
  },
  {
    title: 'set create --update --dry-run',
    args: [
      'sharing',
      'set',
      'create',
      '-o',
      'target',
      '--name',
      'Case_Sharing',
      '--profile',
      'Customer Community User',
      '--mapping',
      'Case.Account=Account',
      '--update',
      '--dry-run',
    ],
    codes: [0],
  },
  {
    title: 'set delete --dry-run',
    args: [
      'sharing',
      'set',
      'delete',
      '-o',
      'target',
      '--name',
      'Case_Sharing',
      '--dry-run',
      '--backup-dir',
      '{dir}/backups',
    ],
    codes: [0],
  },
];

describe('e2e reliability: read commands never write', () => {
  let env: OrgEnv;
  let compare: Emulator;
  let work: string;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo', alias: 'target' });
    const fixture = cloneFixture(loadFixture('demo'));
    fixture.org = {
      ...fixture.org,
      id: '00D5g0000URSAMBJ2B',
      username: 'release.manager@ursa-major-solar.uat',
      token: '00D5g0000URSAMB!AQ8AQEmulatorUatToken.read_only',
    };
    compare = await startEmulator({ fixture });
    await writeAuthFiles(env.home, compare, 'compare');
    const aliases = { orgs: { target: env.username, compare: compare.username } };
    await writeFile(join(env.home, '.sfdx', 'alias.json'), JSON.stringify(aliases, null, 2));
    work = await makeTempDir('plugin-sharing-readonly-');
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
  after(async () => {
    await compare?.stop();
    await env?.cleanup();
    await removeDir(work);
  });
  beforeEach(() => {
    env.emulator.clearLog();
    compare.clearLog();
  });

  for (const mode of READ_MODES) {
    for (const json of [true, false]) {
      it(`${mode.title}${json ? ' --json' : ''}: no create/update/upsert/delete, no REST write`, async () => {
        const before = JSON.stringify(env.emulator.state.sharingSets);
        const args = mode.args.map((arg) => arg.replace('{dir}', work).replace('{run}', json ? 'json' : 'human'));
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

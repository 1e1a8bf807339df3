/**
 * `npm run demo`: runs the plugin's commands against the embedded demo org "Ursa Major Solar", served by the org
 * emulator on 127.0.0.1, with a temporary alias in an isolated HOME (the user's own sf logins are never read or
 * changed). Prints each command line and its real output, then stops the emulator and removes the temporary files.
 */
import { join } from 'node:path';
import { createOrgEnv, pluginRoot, type OrgEnv } from '../test/helpers/e2e.js';

/** A demo step; expectedExit is the exit code the step shows on purpose (3: findings or drift; 2: a refused input). */
type Step = { title: string; args: (env: OrgEnv) => string[]; expectedExit?: number };

const project = join(pluginRoot, 'test', 'fixtures', 'projects', 'ursa-major');
const driftProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');
const deployProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'deploy');

const steps: Step[] = [
  { title: 'Every sharing set of the org', args: (env) => ['sharing', 'set', 'list', '--target-org', env.alias] },
  {
    title: 'One sharing set, as JSON for scripts',
    args: (env) => ['sharing', 'set', 'list', '--target-org', env.alias, '--name', 'Case_Sharing', '--json'],
  },
  {
    title: 'Which profiles may use sharing sets, and why',
    args: (env) => ['sharing', 'profile', 'list', '--target-org', env.alias],
  },
  {
    title: 'What sharing sets give one site user, and why this user cannot see her own contact record',
    args: (env) => [
      'sharing',
      'explain',
      '--target-org',
      env.alias,
      '--user',
      'jrogers@burlington.example',
      '--record',
      '003000000000001AAA',
    ],
  },
  {
    title: 'The same user: each mapping that applies, its key value and how many records it reaches',
    args: (env) => ['sharing', 'explain', '--target-org', env.alias, '--user', 'jrogers@burlington.example'],
  },
  {
    title: 'Who can see how much through sharing sets: users, records and grants per mapping, and a page with the graph',
    args: (env) => [
      'sharing',
      'exposure',
      '--target-org',
      env.alias,
      '--output-file',
      join(env.home, 'reports', 'exposure.html'),
    ],
  },
  {
    title: 'Audit the org (the demo org has planted problems), including the record-count checks',
    args: (env) => ['sharing', 'audit', '--target-org', env.alias, '--deep'],
    expectedExit: 3,
  },
  {
    title: 'Audit a local project with no org at all, writing SARIF and JUnit reports for CI',
    args: (env) => [
      'sharing',
      'audit',
      '--source-dir',
      project,
      '--output-file',
      join(env.home, 'reports', 'sharing.sarif'),
      '--output-file',
      join(env.home, 'reports', 'sharing.xml'),
    ],
    expectedExit: 3,
  },
  {
    title: "Check the project's sharing sets against the org before deploying them",
    args: (env) => [
      'sharing',
      'audit',
      '--source-dir',
      project,
      '--target-org',
      env.alias,
      '--result-format',
      'markdown',
    ],
    expectedExit: 3,
  },
  {
    title: 'What would change in the org if a project with drift were deployed',
    args: (env) => ['sharing', 'set', 'diff', '--target-org', env.alias, '--source-dir', driftProject],
    expectedExit: 3,
  },
  {
    title: 'Create a sharing set: a dry run first (checked against the org, nothing written)',
    args: (env) => [
      'sharing',
      'set',
      'create',
      '--target-org',
      env.alias,
      '--name',
      'Work_Order_Sharing',
      '--label',
      'Work orders of my account',
      '--profile',
      'Customer Community User',
      '--mapping',
      'WorkOrder.Account=Account',
      '--dry-run',
    ],
  },
  {
    title: 'A definition with mistakes: every problem is listed, nothing is written',
    args: (env) => [
      'sharing',
      'set',
      'create',
      '--target-org',
      env.alias,
      '--name',
      'Broken_Sharing',
      '--profile',
      'Standard User',
      '--mapping',
      'WorkOrder.Subject=Account',
      '--mapping',
      'Invoice__c.Account=Account',
    ],
    expectedExit: 2,
  },
  {
    title: 'Create it for real: written once, then read back and compared',
    args: (env) => [
      'sharing',
      'set',
      'create',
      '--target-org',
      env.alias,
      '--name',
      'Work_Order_Sharing',
      '--label',
      'Work orders of my account',
      '--profile',
      'Customer Community User',
      '--mapping',
      'WorkOrder.Account=Account',
    ],
  },
  {
    title: 'Replace it (--update): the current definition is backed up first',
    args: (env) => [
      'sharing',
      'set',
      'create',
      '--target-org',
      env.alias,
      '--name',
      'Work_Order_Sharing',
      '--label',
      'Work orders of my account or contact',
      '--profile',
      'Customer Community User',
      '--mapping',
      'WorkOrder.Account=Account',
      '--mapping',
      'WorkOrder.Contact=Contact',
      '--update',
    ],
  },
  {
    title: 'Delete it (a backup first; --no-prompt because this demo runs unattended)',
    args: (env) => [
      'sharing',
      'set',
      'delete',
      '--target-org',
      env.alias,
      '--name',
      'Work_Order_Sharing',
      '--no-prompt',
    ],
  },
  {
    title: 'What restoring each backup would change: two backups of one set, told apart by their time',
    args: (env) => ['sharing', 'set', 'diff', '--target-org', env.alias, '--backup', '.sharing-backups'],
    expectedExit: 3,
  },
  {
    title: 'Start a project from the org: every sharing set as a source file (the org is only read)',
    args: (env) => ['sharing', 'set', 'retrieve', '--target-org', env.alias, '--output-dir', 'from-org'],
  },
  {
    title: 'The retrieved files diff clean against the org they came from',
    args: (env) => ['sharing', 'set', 'diff', '--target-org', env.alias, '--source-dir', 'from-org'],
  },
  {
    title: 'Pipeline, on a pull request: the deploy plan as Markdown, for a PR comment (writes nothing)',
    args: (env) => [
      'sharing',
      'set',
      'deploy',
      '--target-org',
      env.alias,
      '--source-dir',
      deployProject,
      '--dry-run',
      '--result-format',
      'markdown',
    ],
  },
  {
    title: 'A project the audit would block (an internal profile in a set): the whole plan is refused, nothing written',
    args: (env) => ['sharing', 'set', 'deploy', '--target-org', env.alias, '--source-dir', driftProject, '--no-prompt'],
    expectedExit: 2,
  },
  {
    title: 'Pipeline, on merge: deploy (only the changed sets are written, in batches of at most 10, then read back)',
    args: (env) => [
      'sharing',
      'set',
      'deploy',
      '--target-org',
      env.alias,
      '--source-dir',
      deployProject,
      '--no-prompt',
    ],
  },
  {
    title: 'The same deploy again: the org already holds the project, nothing is written',
    args: (env) => [
      'sharing',
      'set',
      'deploy',
      '--target-org',
      env.alias,
      '--source-dir',
      deployProject,
      '--no-prompt',
    ],
  },
];

async function main(): Promise<void> {
  const env = await createOrgEnv({ fixture: 'demo', alias: 'ursa-demo' });
  let failures = 0;
  try {
    process.stdout.write(
      `Demo org "Ursa Major Solar" emulated at ${env.emulator.url}, logged in as alias "${env.alias}" ` +
        `in a temporary HOME (${env.home}).\n`
    );
    for (const step of steps) {
      const args = step.args(env);
      process.stdout.write(`\n=== ${step.title}\n$ sf ${args.map(quote).join(' ')}\n`);
      // Backups and reports land in the temporary HOME, removed at the end: the demo leaves nothing behind.
      // eslint-disable-next-line no-await-in-loop
      const { code, stdout, stderr } = await env.run(args, { cwd: env.home });
      process.stdout.write(stdout);
      // Warnings and errors go to stderr; the spinner's "... done" lines are left out of the transcript.
      const notes = stderr
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.endsWith('... done'))
        .map((line) => `  (stderr) ${line}\n`);
      process.stdout.write(notes.join(''));
      process.stdout.write(
        `[exit code ${code}${code === (step.expectedExit ?? 0) ? ', as expected' : ', UNEXPECTED'}]\n`
      );
      if (code !== (step.expectedExit ?? 0)) failures++;
    }
  } finally {
    await env.cleanup();
  }
  process.stdout.write('\nDemo finished; the emulator is stopped and the temporary HOME removed.\n');
  if (failures > 0) process.exitCode = 1;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

await main();

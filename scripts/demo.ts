/**
 * `npm run demo`: runs the plugin's commands against the embedded demo org "Ursa Major Solar", served by the org
 * emulator on 127.0.0.1, with a temporary alias in an isolated HOME (the user's own sf logins are never read or
 * changed). Prints each command line and its real output, then stops the emulator and removes the temporary files.
 */
import { createOrgEnv, type OrgEnv } from '../test/helpers/e2e.js';

type Step = { title: string; args: (env: OrgEnv) => string[] };

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
      // eslint-disable-next-line no-await-in-loop
      const { code, stdout, stderr } = await env.run(args);
      process.stdout.write(stdout);
      // Warnings and errors go to stderr; the spinner's "... done" lines are left out of the transcript.
      const notes = stderr
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.endsWith('... done'))
        .map((line) => `  (stderr) ${line}\n`);
      process.stdout.write(notes.join(''));
      process.stdout.write(`[exit code ${code}]\n`);
      if (code !== 0 && code !== 3) failures++;
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

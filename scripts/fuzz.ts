/**
 * `npm run fuzz -- [--runs N] [--seed S] [--processes P]`: the readers' property-based test at scale (issue 20, point
 * 2). In-process: N generated and mutated sharing-set files and N/3 whole projects through the source reader
 * (test/fuzz/properties.ts). Then P whole processes, each a generated project through one of the commands that read
 * project files (`audit --source-dir`, `set diff --source-dir` and `set create --definition-file --dry-run` against an
 * emulated org): each must end within 60 s with a documented exit code, JSON on stdout and no stack trace. Prints the
 * figures: inputs tried, accepted, rejected, crashes, property violations (each with its seed to replay), time.
 */
/* eslint-disable no-param-reassign -- the figures are counters, updated in place */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { projectInput, sharingSetInput, type ProjectInput } from '../test/fuzz/inputs.js';
import { checkProject, checkSharingSetFile, count, emptyFigures, type Figures } from '../test/fuzz/properties.js';
import { createOrgEnv, type OrgEnv } from '../test/helpers/e2e.js';
import { makeTempDir, removeDir } from '../test/helpers/tmp.js';

/** Exit codes README.md documents (interrupts excepted: nothing interrupts these runs). */
const DOCUMENTED_EXIT_CODES = new Set([0, 1, 2, 3, 4]);
const PROCESS_TIME_BOUND_MS = 60_000;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    seed: { type: 'string' },
    processes: { type: 'string', default: '30' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: npm run fuzz -- [--runs 2000] [--seed <n>] [--processes 30]\n');
  process.exit(0);
}
const runs = Number(values.runs);
const processes = Number(values.processes);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
if (![runs, processes, seed].every((n) => Number.isInteger(n) && n >= 0)) {
  process.stderr.write('--runs, --processes and --seed are whole numbers.\n');
  process.exit(2);
}

type Violation = { what: string; seed: number; index: number; problems: string[] };
const violations: Violation[] = [];

/** Runs `check` on `n` samples of `arbitrary` drawn from `seed`, counting into `figures`. */
async function sweep<T>(
  what: string,
  arbitrary: fc.Arbitrary<T>,
  n: number,
  check: (input: T, dir: string) => Promise<{ violations: string[] } & Parameters<typeof count>[1]>,
  figures: Figures
): Promise<void> {
  const inputs = fc.sample(arbitrary, { numRuns: n, seed });
  for (const [index, input] of inputs.entries()) {
    // eslint-disable-next-line no-await-in-loop -- one input at a time, each in its own folder
    const dir = await makeTempDir('plugin-sharing-fuzz-');
    try {
      // eslint-disable-next-line no-await-in-loop
      const outcome = await check(input, dir);
      count(figures, outcome);
      if (outcome.violations.length > 0) violations.push({ what, seed, index, problems: outcome.violations });
    } finally {
      // eslint-disable-next-line no-await-in-loop
      await removeDir(dir);
    }
    if ((index + 1) % 250 === 0) process.stderr.write(`${what}: ${index + 1}/${n}\n`);
  }
}

async function writeProject(input: ProjectInput, dir: string): Promise<void> {
  const base = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(base, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), input.projectJson);
  for (const [i, set] of input.sharingSets.entries()) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(join(base, `${set.fileName}${i === 0 ? '' : `_${i}`}.sharingSet-meta.xml`), set.bytes);
  }
}

/** The commands that read project files, given the project folder and its first sharing-set file. */
const COMMANDS: Array<{ name: string; args: (dir: string, file: string, alias: string) => string[] }> = [
  { name: 'audit --source-dir', args: (dir) => ['sharing', 'audit', '--source-dir', dir, '--json'] },
  {
    name: 'set diff --source-dir',
    args: (dir, _file, alias) => ['sharing', 'set', 'diff', '--source-dir', dir, '-o', alias, '--json'],
  },
  {
    name: 'set create --definition-file --dry-run',
    args: (_dir, file, alias) => [
      'sharing',
      'set',
      'create',
      '--definition-file',
      file,
      '--dry-run',
      '-o',
      alias,
      '--json',
    ],
  },
];

async function processRuns(env: OrgEnv, figures: Figures): Promise<void> {
  const inputs = fc.sample(projectInput, { numRuns: processes, seed: seed + 1 });
  for (const [index, input] of inputs.entries()) {
    const command = COMMANDS[index % COMMANDS.length];
    // eslint-disable-next-line no-await-in-loop
    const dir = await makeTempDir('plugin-sharing-fuzz-process-');
    try {
      // eslint-disable-next-line no-await-in-loop
      await writeProject(input, dir);
      const file = join(
        dir,
        'force-app',
        'main',
        'default',
        'sharingSets',
        `${input.sharingSets[0].fileName}.sharingSet-meta.xml`
      );
      const started = Date.now();
      // eslint-disable-next-line no-await-in-loop
      const run = await env.run(command.args(dir, file, env.alias), { cwd: dir, timeoutMs: PROCESS_TIME_BOUND_MS });
      const problems: string[] = [];
      if (!DOCUMENTED_EXIT_CODES.has(run.code)) problems.push(`exit code ${run.code}`);
      if (/\n\s+at /.test(run.stderr) || /\n\s+at /.test(run.stdout)) problems.push('a stack trace in the output');
      if (run.json === undefined) problems.push(`stdout is not JSON: ${run.stdout.slice(0, 200)}`);
      const ms = Date.now() - started;
      figures.slowestMs = Math.max(figures.slowestMs, ms);
      if (ms > PROCESS_TIME_BOUND_MS) problems.push('over the time bound');
      figures.tried++;
      if (run.code === 0) figures.accepted++;
      else if (problems.length === 0) figures.rejected++;
      else if (run.code === 10 || run.code === 124) figures.crashes++;
      if (problems.length > 0) {
        figures.violations++;
        violations.push({ what: `process: ${command.name}`, seed: seed + 1, index, problems });
      }
      figures.byCode[`exit ${run.code}`] = (figures.byCode[`exit ${run.code}`] ?? 0) + 1;
    } finally {
      // eslint-disable-next-line no-await-in-loop
      await removeDir(dir);
    }
  }
}

const line = (what: string, f: Figures): string =>
  `${what.padEnd(34)} ${String(f.tried).padStart(6)} ${String(f.accepted).padStart(8)} ${String(f.rejected).padStart(
    8
  )} ${String(f.crashes).padStart(7)} ${String(f.violations).padStart(10)}  ${Math.round(f.slowestMs)} ms`;

const started = Date.now();
const files = emptyFigures();
const projects = emptyFigures();
const commands = emptyFigures();
await sweep('sharing-set files', sharingSetInput, runs, checkSharingSetFile, files);
await sweep('projects', projectInput, Math.ceil(runs / 3), checkProject, projects);
if (processes > 0) {
  const env = await createOrgEnv({ fixture: 'demo', alias: 'fuzz' });
  try {
    await processRuns(env, commands);
  } finally {
    await env.cleanup();
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `Fuzzing the readers: seed ${seed}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${
    process.version
  }, ${seconds} s`
);
console.log(
  `${'input'.padEnd(34)} ${'tried'.padStart(6)} ${'accepted'.padStart(8)} ${'rejected'.padStart(
    8
  )} ${'crashes'.padStart(7)} ${'violations'.padStart(10)}  slowest`
);
console.log(line('sharing-set files (reader)', files));
console.log(line('projects (reader)', projects));
console.log(line('projects through the commands', commands));
console.log(`rejections by code: ${JSON.stringify({ ...files.byCode, ...projects.byCode })}`);
console.log(`command exits: ${JSON.stringify(commands.byCode)}`);
for (const v of violations.slice(0, 20)) {
  console.log(`VIOLATION ${v.what} #${v.index} (replay: --seed ${v.seed}): ${v.problems.join('; ').slice(0, 400)}`);
}
process.exitCode = violations.length > 0 ? 1 : 0;

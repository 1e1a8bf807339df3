/**
 * `npm run chaos -- [--runs N] [--seed S] [--minutes M] [--process-share P] [--run K]`: random faults against every
 * write (issue 20, point 1). Each run starts an emulated org, draws a write scenario (create, create --update,
 * delete, deploy with or without --delete-missing) and faults at random points (HTTP 500 and 503, a dropped
 * connection, an answer lost after the write landed, a slow write past the time-out, no answer, an expired session, a
 * concurrency refusal, and for whole processes SIGINT or SIGTERM at a random moment), then checks the invariants
 * (scripts/chaos/invariants.ts). Most runs run the command in this process; a share (P, default 0.1) run the plugin's
 * binary, for the signals, alongside. The same seed draws the same runs; `--run K` replays one. Prints the figures:
 * runs, faults by kind, exit codes, invariant violations with the command that replays each, time.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '500' },
    seed: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    'process-share': { type: 'string', default: '0.1' },
    run: { type: 'string' },
    workers: { type: 'string', default: '2' },
    /** Internal: this process is in-process worker W of --workers, until --deadline (ms since the epoch). */
    worker: { type: 'string' },
    deadline: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run chaos -- [--runs 500] [--seed <n>] [--minutes 10] [--process-share 0.1] [--workers 2] [--run <k>]\n'
  );
  process.exit(0);
}
const runs = Number(values.runs);
const minutes = Number(values.minutes);
const share = Number(values['process-share']);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
const only = values.run === undefined ? undefined : Number(values.run);
const workers = Number(values.workers);
const worker = values.worker === undefined ? undefined : Number(values.worker);
if (
  ![runs, seed].every((n) => Number.isInteger(n) && n >= 0) ||
  !(Number.isInteger(workers) && workers >= 1) ||
  !(minutes > 0) ||
  !(share >= 0 && share <= 1) ||
  (only !== undefined && !(Number.isInteger(only) && only >= 0))
) {
  process.stderr.write(
    '--runs, --seed and --run are whole numbers, --workers at least 1, --minutes above 0, --process-share from 0 to 1.\n'
  );
  process.exit(2);
}

// jsforce reads HTTP_TIMEOUT once, when it loads: set it (and keep @salesforce/core's log file off) first.
const { TIMEOUT_MS, runRandom, FAULT_KINDS } = await import('./chaos/scenarios.js');
process.env.HTTP_TIMEOUT = String(TIMEOUT_MS);
process.env.SF_DISABLE_LOG_FILE = 'true';
process.env.SF_DISABLE_TELEMETRY = 'true';
process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
// sf-plugins-core adds signal listeners on every command run (a CLI process runs one); hundreds run here.
process.setMaxListeners(0);
const { chaosRun } = await import('./chaos/run.js');
type RunRecord = Awaited<ReturnType<typeof chaosRun>>;

const started = Date.now();
const deadline = values.deadline === undefined ? started + minutes * 60_000 : Number(values.deadline);
const records: RunRecord[] = [];
const indices = only !== undefined ? [only] : Array.from({ length: runs }, (_, run) => run);
const wholeProcess = (run: number): boolean => runRandom(seed, run)() < share;

/** One lane: its runs one after another, until they are done or the time is up. */
async function lane(list: number[]): Promise<void> {
  for (const run of list) {
    if (Date.now() > deadline) return;
    // eslint-disable-next-line no-await-in-loop -- a lane runs one run at a time
    const record = await chaosRun(seed, run, share);
    records.push(record);
    if (worker !== undefined) {
      process.stdout.write(`RECORD ${JSON.stringify(record)}\n`);
      continue;
    }
    if (records.length % 50 === 0) process.stderr.write(`chaos: ${records.length} runs\n`);
    if (only !== undefined || record.violations.length > 0) {
      process.stderr.write(
        `run ${run} (${record.kind}, ${record.wholeProcess ? 'process' : 'in-process'}, ${record.injected.join(
          '+'
        )}): exit ${String(record.exitCode)}\n`
      );
    }
  }
}

/**
 * The in-process runs in --workers processes of this script (each runs one command at a time: a command uses the
 * process's working folder, HOME, stdout and exit code), so that one run's waits (a time-out, a slow write) overlap
 * another's work; the whole processes alongside, from this process.
 */
function inProcessWorker(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['--seed', String(seed), '--process-share', String(share), '--deadline', String(deadline)];
    const child = spawn(
      process.execPath,
      [...process.execArgv, process.argv[1], ...args, '--worker', String(index), '--runs', String(runs)],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    );
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('RECORD ')) continue;
        const record = JSON.parse(line.slice('RECORD '.length)) as RunRecord;
        records.push(record);
        if (records.length % 50 === 0) process.stderr.write(`chaos: ${records.length} runs\n`);
        if (record.violations.length > 0)
          process.stderr.write(`run ${record.run}: ${record.violations.length} violation(s)\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`chaos worker ${index} ended with ${String(code)}`))
    );
  });
}

const inProcessRuns = indices.filter((run) => !wholeProcess(run));
if (worker !== undefined) {
  await lane(inProcessRuns.filter((_, position) => position % workers === worker));
  process.exit(0);
}
if (only !== undefined || workers === 1) {
  await Promise.all([lane(inProcessRuns), lane(indices.filter(wholeProcess))]);
} else {
  await Promise.all([
    ...Array.from({ length: workers }, (_, index) => inProcessWorker(index)),
    lane(indices.filter(wholeProcess)),
  ]);
}

const seconds = (Date.now() - started) / 1000;
const count = (keys: string[]): Record<string, number> =>
  keys.reduce<Record<string, number>>((tally, key) => ({ ...tally, [key]: (tally[key] ?? 0) + 1 }), {});
const faults = count(records.flatMap((record) => record.injected));
const violations = records.flatMap((record) => record.violations.map((violation) => ({ record, violation })));
const processes = records.filter((record) => record.wholeProcess).length;

console.log(
  `Chaos against the writes: seed ${seed}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${
    process.version
  }, load ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}, ${seconds.toFixed(0)} s`
);
console.log(
  `runs: ${records.length} (${records.length - processes} in-process in ${
    only !== undefined ? 1 : workers
  } worker(s), ${processes} whole processes)`
);
console.log(`scenarios: ${JSON.stringify(count(records.map((record) => record.kind)))}`);
console.log(
  `faults injected: ${FAULT_KINDS.map((kind) => `${kind} ${faults[kind] ?? 0}`).join(', ')}; runs without a fault: ${
    records.filter((record) => record.injected.length === 0).length
  }`
);
console.log(`exit codes: ${JSON.stringify(count(records.map((record) => String(record.exitCode))))}`);
console.log(`slowest run: ${Math.max(0, ...records.map((record) => record.ms))} ms`);
console.log(`invariant violations: ${violations.length}`);
for (const { record, violation } of violations.slice(0, 30)) {
  console.log(
    `VIOLATION ${violation.invariant}: ${violation.detail.slice(0, 300)} (run ${record.run}, ${record.kind}, ${
      record.injected.join('+') || 'no fault'
    }; replay: npm run chaos -- --seed ${seed} --run ${record.run})`
  );
}
if (records.length < indices.length)
  console.log(`time bound reached: ${indices.length - records.length} run(s) not started`);
process.exitCode = violations.length > 0 ? 1 : 0;

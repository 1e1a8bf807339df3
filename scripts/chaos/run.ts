/**
 * Runs one chaos run: a fresh emulated org (the demo fixture) with the run's faults, the run's files in a fresh folder,
 * the write command either in this process (the command class run directly, over HTTP to the emulator) or as a whole
 * process (the plugin's binary, for the signals), then every request settled, and the invariants checked
 * (invariants.ts). Load this module only after HTTP_TIMEOUT is set: jsforce reads it once, when it loads.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Config } from '@oclif/core';
import { StateAggregator } from '@salesforce/core';
import SharingSetCreate from '../../src/commands/sharing/set/create.js';
import SharingSetDelete from '../../src/commands/sharing/set/delete.js';
import SharingSetDeploy from '../../src/commands/sharing/set/deploy.js';
import { readBackups, serializeSharingSet } from '../../src/source/index.js';
import type { SharingSet } from '../../src/model/types.js';
import { startEmulator, type Emulator } from '../../test/emulator/index.js';
import { isolatedEnv, pluginBin, pluginRoot, writeAuthFiles, type JsonOutput } from '../../test/helpers/e2e.js';
import { fromFixture } from '../../test/helpers/sharingSets.js';
import { makeTempDir, removeDir } from '../../test/helpers/tmp.js';
import { checkRun, type DeployAccount, type RunObservation, type Violation } from './invariants.js';
import { drawFaults, drawScenario, runRandom, TIMEOUT_MS, type FaultKind, type Scenario } from './scenarios.js';

const ALIAS = 'chaos';
/** A run that has not ended after this long is killed (whole processes) and counted as a violation. */
const RUN_BOUND_MS = 60_000;

export type RunRecord = {
  run: number;
  kind: Scenario['kind'];
  wholeProcess: boolean;
  /** The faults drawn; a signal only once it was sent. */
  injected: FaultKind[];
  exitCode: number | null;
  violations: Violation[];
  ms: number;
};

type Outcome = { exitCode: number | null; stdout: string; stderr: string; signalSent: boolean };

let oclifConfig: Config | undefined;

/** Draws and carries out run `run` of seed `seed`; `processShare` is the share of runs made whole processes. */
export async function chaosRun(seed: number, run: number, processShare: number): Promise<RunRecord> {
  const started = Date.now();
  const rng = runRandom(seed, run);
  const wholeProcess = rng() < processShare;
  const org = await startEmulator({ fixture: 'demo' });
  const before = org.state.sharingSets;
  const scenario = drawScenario(rng, before, `${seed}_${run}`);
  const faults = drawFaults(rng, wholeProcess);
  const work = await makeTempDir('plugin-sharing-chaos-');
  const home = await makeTempDir('plugin-sharing-chaos-home-');
  try {
    await writeAuthFiles(home, org, ALIAS);
    await layFiles(work, scenario);
    org.setFaults(faults.faults);
    org.setLatency(undefined, faults.latency);
    const args = [...scenario.args, '--target-org', ALIAS];
    const outcome = wholeProcess
      ? await asProcess(org, args, work, home, faults.signal)
      : await inProcess([...args, '--json'], work, home);
    await settle(org);
    const json = parseJson(outcome.stdout);
    const observation: RunObservation = {
      before: before.map(fromFixture),
      intended: scenario.intended,
      after: org.state.sharingSets.map(fromFixture),
      exitCode: outcome.exitCode,
      output: `${outcome.stdout}\n${outcome.stderr}`,
      lastWords: json ? jsonWords(json) : lastLines(outcome.stderr),
      ...accountOf(json, outcome.stderr, outcome.exitCode),
      backups: await backupsIn(work, scenario),
      files: await filesIn(work),
      secret: org.token,
    };
    if (process.env.CHAOS_DEBUG) {
      const requests = org.log.map(
        (e) => `${e.soapOperation ?? e.kind}:${String(e.status)}${e.fault ? `:${e.fault}` : ''}`
      );
      process.stderr.write(
        `${args.join(' ')}\n${JSON.stringify(faults)}\n${requests.join(' ')}\n${observation.output}\n`
      );
    }
    const injected = faults.kinds.filter((kind) => outcome.signalSent || !kind.startsWith('SIG'));
    return {
      run,
      kind: scenario.kind,
      wholeProcess,
      injected,
      exitCode: outcome.exitCode,
      violations: checkRun(observation),
      ms: Date.now() - started,
    };
  } finally {
    await org.stop();
    await removeDir(work);
    await removeDir(home);
  }
}

async function layFiles(work: string, scenario: Scenario): Promise<void> {
  if (scenario.kind.startsWith('deploy')) {
    await mkdir(join(work, 'project'), { recursive: true });
    await writeFile(
      join(work, 'project', 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' })
    );
  }
  for (const file of scenario.files) {
    const path = join(work, file.path);
    // eslint-disable-next-line no-await-in-loop -- a few small files
    await mkdir(dirname(path), { recursive: true });
    // eslint-disable-next-line no-await-in-loop
    await writeFile(path, serializeSharingSet(file.set));
  }
}

/** The command class run in this process, its output captured; HOME and the working folder are the run's. */
async function inProcess(argv: string[], work: string, home: string): Promise<Outcome> {
  oclifConfig ??= await Config.load(pluginRoot);
  const commands = { create: SharingSetCreate, delete: SharingSetDelete, deploy: SharingSetDeploy };
  const run = (args: string[]): Promise<unknown> =>
    argv[2] === 'delete'
      ? commands.delete.run(args, oclifConfig)
      : argv[2] === 'deploy'
      ? commands.deploy.run(args, oclifConfig)
      : commands.create.run(args, oclifConfig);
  const previous = { home: process.env.HOME, cwd: process.cwd() };
  const out = { stdout: '', stderr: '' };
  const writes = {
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };
  process.env.HOME = home;
  process.chdir(work);
  // The state of @salesforce/core's aliases and auth files is cached per process: read this run's afresh.
  StateAggregator.clearInstance();
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    out.stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    out.stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  let exitCode: number;
  try {
    await run(argv.slice(3));
    exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const withCode = error as { exitCode?: number; oclif?: { exit?: number } };
    exitCode = withCode.oclif?.exit ?? withCode.exitCode ?? 1;
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.chdir(previous.cwd);
    process.env.HOME = previous.home;
    process.exitCode = undefined;
  }
  return { exitCode, ...out, signalSent: false };
}

/** The plugin's binary as a child process; the signal, if any, sent once the org has had its requests. */
function asProcess(
  org: Emulator,
  args: string[],
  work: string,
  home: string,
  signal: { name: 'SIGINT' | 'SIGTERM'; afterRequests: number; delayMs: number } | undefined
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [pluginBin, ...args], {
      cwd: work,
      env: isolatedEnv(home, { HTTP_TIMEOUT: String(TIMEOUT_MS), SF_DISABLE_LOG_FILE: 'true' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '', signalSent: false, closed: false };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk));
    const bound = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
    if (signal) {
      const poll = setInterval(() => {
        if (out.closed) return clearInterval(poll);
        if (org.log.length < signal.afterRequests) return;
        clearInterval(poll);
        setTimeout(() => {
          if (out.closed) return;
          out.signalSent = child.kill(signal.name);
        }, signal.delayMs);
      }, 5);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      out.closed = true;
      clearTimeout(bound);
      resolve({ exitCode: code, stdout: out.stdout, stderr: out.stderr, signalSent: out.signalSent });
    });
  });
}

/** Waits until every request the org received has been answered (a slow write landed); hung ones never are. */
async function settle(org: Emulator): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (org.log.some((entry) => entry.end === undefined && entry.fault !== 'hang') && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await new Promise((done) => setTimeout(done, 20));
  }
}

function parseJson(stdout: string): JsonOutput | undefined {
  try {
    return JSON.parse(stdout) as JsonOutput;
  } catch {
    return undefined;
  }
}

/** What a --json run said last: its error's message and actions, or the warnings beside its result (exit 0, 68). */
const jsonWords = (json: JsonOutput): string =>
  json.result !== undefined
    ? (json.warnings ?? []).join('\n')
    : [json.message ?? '', ...(json.actions ?? [])].join('\n');

/** The last lines of stderr: oclif's error and its "Try this" actions, a deploy's failures, or the interrupt's paragraph. */
const lastLines = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-40)
    .join('\n');

type DeployJson = {
  created?: string[];
  updated?: string[];
  deleted?: string[];
  notAttempted?: string[];
  failures?: Array<{ fullName: string; holds: string }>;
};

/** A deploy's per-set account: its --json result, or the partial-deploy sentence on stderr. */
function accountOf(
  json: JsonOutput | undefined,
  stderr: string,
  exitCode: number | null
): { deployAccount?: DeployAccount } {
  if (exitCode !== 68) return {};
  const result = json?.result as DeployJson | undefined;
  if (result) {
    const failures = result.failures ?? [];
    return {
      deployAccount: {
        newer: [...(result.created ?? []), ...(result.updated ?? []), ...(result.deleted ?? [])],
        older: [...failures.filter((f) => f.holds === 'old').map((f) => f.fullName), ...(result.notAttempted ?? [])],
        either: failures.filter((f) => f.holds !== 'old' && f.holds !== 'new').map((f) => f.fullName),
      },
    };
  }
  const text = stderr.replace(/\s+/g, ' ');
  const names = (pattern: RegExp): string[] =>
    (pattern.exec(text)?.[1] ?? '')
      .split(/,\s*/)
      .map((name) => name.trim())
      .filter((name) => name !== '' && name !== 'none');
  return {
    deployAccount: {
      newer: names(/now holds the new definition of (.*?); it still holds/),
      older: [...names(/still holds the old definition of (.*?); not attempted/), ...names(/not attempted: (.*?)\./)],
      either: names(/Whether the org holds the old or the new definition of (.*?) is not confirmed/),
    },
  };
}

/** Every sharing-set file of the run's folder that the run did not lay there itself, read as a backup. */
async function backupsIn(work: string, scenario: Scenario): Promise<SharingSet[]> {
  const laid = new Set(scenario.files.map((file) => file.path));
  const sets: SharingSet[] = [];
  for (const file of await walk(work)) {
    const path = relative(work, file);
    if (laid.has(path) || !file.endsWith('.sharingSet-meta.xml')) continue;
    // eslint-disable-next-line no-await-in-loop
    const { backups } = await readBackups(file).catch(() => ({ backups: [] }));
    sets.push(...backups.map((backup) => backup.set));
  }
  return sets;
}

async function filesIn(work: string): Promise<Array<{ path: string; content: string }>> {
  const files = await walk(work);
  return Promise.all(
    files.map(async (file) => ({ path: relative(work, file), content: await readFile(file, 'utf8').catch(() => '') }))
  );
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : Promise.resolve([path]);
    })
  );
  return nested.flat();
}

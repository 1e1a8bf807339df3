/**
 * Running one measured process: its wall time, exit code, output, peak memory and the emulator's request log.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Emulator, LogEntry } from '../../test/emulator/index.js';

export const execFileAsync = promisify(execFile);

/** How peak memory is measured: GNU time's %M (the child's ru_maxrss, read by the kernel, whatever the child does) when
 * /usr/bin/time is GNU time; otherwise a preload that writes `process.resourceUsage().maxRSS` when the child exits
 * (misses memory used after the `exit` event, and needs a Node child). Both are in KiB. */
export type RssMethod = 'gnu-time' | 'resource-usage';

export type Runner = { rssMethod: RssMethod; scratch: string; preload: string };

export type Invocation = { node: string; script: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string };

export type RunSample = {
  wallMs: number;
  exitCode: number;
  peakRssMb?: number;
  /** Epoch ms when the process was spawned and when it closed, to place the request log on the same clock. */
  spawnedAt: number;
  closedAt: number;
  log: LogEntry[];
  stdout: string;
  stderr: string;
};

let currentChild: ChildProcess | undefined;
/** Set on Ctrl-C: no new process is started once cleaning up has begun. */
let interrupted = false;

/** Marks the benchmark interrupted (Ctrl-C, SIGTERM): {@link runOnce} starts no new process from then on. */
export function markInterrupted(): void {
  interrupted = true;
}

/** Ends the process being measured, if any, with anything it started. */
export function killCurrentRun(): void {
  if (currentChild) killGroup(currentChild);
}

async function detectRssMethod(scratch: string): Promise<RssMethod> {
  if (!existsSync('/usr/bin/time')) return 'resource-usage';
  const file = join(scratch, 'probe.rss');
  try {
    await execFileAsync('/usr/bin/time', ['-f', '%M', '-o', file, process.execPath, '-e', '0']);
    return /^\d+$/m.test(await readFile(file, 'utf8')) ? 'gnu-time' : 'resource-usage';
  } catch {
    return 'resource-usage';
  }
}

/** A runner whose files (the memory preload, each run's RSS file) live in `scratch`. */
export async function createRunner(scratch: string): Promise<Runner> {
  const preload = join(scratch, 'rss-preload.mjs');
  await writeFile(
    preload,
    [
      "import { writeFileSync } from 'node:fs';",
      "process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
      '',
    ].join('\n')
  );
  return { rssMethod: await detectRssMethod(scratch), scratch, preload };
}

/** The last number in the file: GNU time writes "Command exited with non-zero status N" before %M when N ≠ 0. */
async function readRssMb(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const numbers = text.match(/\d+/g);
  return numbers ? Number(numbers[numbers.length - 1]) / 1024 : undefined;
}

/** Runs one process to its end; the emulator's log is cleared before and copied after. */
export async function runOnce(runner: Runner, call: Invocation, emulator: Emulator | undefined): Promise<RunSample> {
  if (interrupted) throw new Error('interrupted');
  const rssFile = join(runner.scratch, 'run.rss');
  await writeFile(rssFile, '');
  const [command, args] =
    runner.rssMethod === 'gnu-time'
      ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, call.node, call.script, ...call.args]]
      : [call.node, ['--import', pathToFileURL(runner.preload).href, call.script, ...call.args]];
  emulator?.clearLog();
  const spawnedAt = Date.now();
  const started = performance.now();
  // detached: the run gets its own process group, so a timeout or Ctrl-C can end it and anything it started.
  const child = spawn(command, args, {
    cwd: call.cwd,
    env: { ...call.env, BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  currentChild = child;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => killGroup(child), 300_000);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).finally(() => {
    clearTimeout(timer);
    currentChild = undefined;
  });
  const wallMs = performance.now() - started;
  const closedAt = Date.now();
  const log = emulator ? emulator.log.map((entry) => ({ ...entry })) : [];
  const peakRssMb = await readRssMb(rssFile);
  return { wallMs, exitCode, spawnedAt, closedAt, log, stdout, stderr, ...(peakRssMb ? { peakRssMb } : {}) };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

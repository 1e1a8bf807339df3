/**
 * `npm run bench` (issue 7): how fast and how frugal the plugin is on a large org, next to what a user would run
 * instead with the real `sf` CLI. See scripts/README.md for the flags and what each figure means.
 *
 * One org emulator serves a generated large org with a fixed delay on every request (the round trip to Salesforce);
 * a second one serves a one-set org with no delay, for the start-up comparison. Each scenario runs `--runs` times,
 * one process at a time, in an isolated HOME; the emulator's request log of each run gives the API calls and the
 * critical path, GNU time (or the child's own resource usage) the peak memory.
 */
/* eslint-disable no-await-in-loop -- runs are sequential on purpose: two processes at once would disturb each
   other's timings on a small machine */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { loadSourceSnapshot } from '../src/source/index.js';
import { renderSarif } from '../src/report/sarif.js';
import { runAudit } from '../src/audit/index.js';
import { serializeSharingSet } from '../src/source/index.js';
import {
  generateLargeOrg,
  orgWithSets,
  type Emulator,
  type FixtureSharingSet,
  type LogEntry,
} from '../test/emulator/index.js';
import { ensureTools, type Tools } from '../test/helpers/tools.js';
import { createOrgEnv, makeTempDir, pluginRoot, type OrgEnv } from '../test/helpers/e2e.js';
import { removeDir } from '../test/helpers/tmp.js';

const execFileAsync = promisify(execFile);

const HELP = `Usage: npm run bench -- [flags]

Benchmarks the plugin's commands against a large synthetic org served by the org emulator, next to the real sf CLI.

Flags:
  --profiles <n>        profiles in the large org (default 300; --quick 60)
  --sharing-sets <n>    sharing sets in the large org and its project (default 250; --quick 50)
  --custom-objects <n>  custom objects with Account/Contact lookups (default 1500; --quick 300)
  --users <n>           users (default 20000; --quick 2000)
  --source-sets <n>     sharing sets in the second project, for the source-only audit target (default 500)
  --seed <n>            generator seed (default 42)
  --latency <ms>        delay the emulator adds to every request (default 50)
  --runs <n>            measured runs per scenario (default 5; --quick 2)
  --warmup <n>          unmeasured runs before them (default 2; --quick 0)
  --node22              run the plugin on Node 22 too (as the sf CLI runs), for a like-for-like comparison
  --no-sf               skip the sf CLI baselines (no install of Node 22 and the CLI)
  --quick               a smaller org and 2 runs: a smoke run of the benchmark itself
  --out-dir <dir>       where the JSON results go (default bench-results)
  -h, --help            this text

The plugin runs on the Node running this script unless PLUGIN_SHARING_NODE names another binary (or --node22).
Results: a table on stdout, and bench-results/bench-<timestamp>.json plus bench-results/latest.json.`;

type Options = {
  profiles: number;
  sharingSets: number;
  customObjects: number;
  users: number;
  sourceSets: number;
  seed: number;
  latency: number;
  runs: number;
  warmup: number;
  node22: boolean;
  sf: boolean;
  quick: boolean;
  outDir: string;
};

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      profiles: { type: 'string' },
      'sharing-sets': { type: 'string' },
      'custom-objects': { type: 'string' },
      users: { type: 'string' },
      'source-sets': { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      node22: { type: 'boolean', default: false },
      'no-sf': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'out-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = Boolean(values.quick);
  const int = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, not "${value}"`);
    return n;
  };
  return {
    profiles: int('profiles', values.profiles, quick ? 60 : 300, 2),
    sharingSets: int('sharing-sets', values['sharing-sets'], quick ? 50 : 250, 1),
    customObjects: int('custom-objects', values['custom-objects'], quick ? 300 : 1500, 1),
    users: int('users', values.users, quick ? 2000 : 20_000, 1),
    sourceSets: int('source-sets', values['source-sets'], 500, 1),
    seed: int('seed', values.seed, 42, 0),
    latency: int('latency', values.latency, 50, 0),
    runs: int('runs', values.runs, quick ? 2 : 5, 1),
    // Two: with one, the first scenario's first measured runs were still ~0.6 s slower to start (file cache, the
    // emulator's own JIT), which showed as 1.66× instead of 1.15× for set list on this machine.
    warmup: int('warmup', values.warmup, quick ? 0 : 2, 0),
    node22: Boolean(values.node22),
    sf: !values['no-sf'],
    quick,
    outDir: values['out-dir'] ?? join(pluginRoot, 'bench-results'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Running one measured process

/** How peak memory is measured: GNU time's %M (the child's ru_maxrss, read by the kernel, whatever the child does) when
 * /usr/bin/time is GNU time; otherwise a preload that writes `process.resourceUsage().maxRSS` when the child exits
 * (misses memory used after the `exit` event, and needs a Node child). Both are in KiB. */
type RssMethod = 'gnu-time' | 'resource-usage';

type Runner = { rssMethod: RssMethod; scratch: string; preload: string };

type Invocation = { node: string; script: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string };

type RunSample = {
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

async function createRunner(scratch: string): Promise<Runner> {
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
async function runOnce(runner: Runner, call: Invocation, emulator: Emulator | undefined): Promise<RunSample> {
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

// ---------------------------------------------------------------------------------------------------------------
// What a run's request log says

/**
 * The critical path: the longest chain of requests each of which started only after the previous one had ended.
 *
 * Each request is an interval [start, end] on the emulator's clock. Request B can have waited for A only if B
 * started at or after A's end (whether B needed A's answer, or a free slot in the client's pool of parallel requests:
 * both are a round trip spent waiting). Over these "started after" edges, which form a DAG, the longest chain is
 * found by dynamic programming in order of start time: depth(B) = 1 + max depth(A) over every A that ended by
 * B's start. The depth of the deepest request is the number of round trips the command had to make one after the
 * other, the figure that latency multiplies. Timestamps have 1 ms resolution, so a request that arrives in the very
 * millisecond another ends is counted as waiting for it: the figure can only err high, never flatter the plugin.
 */
function criticalPath(log: LogEntry[]): LogEntry[] {
  const done = log.filter((entry) => entry.end !== undefined).sort((a, b) => a.start - b.start || a.seq - b.seq);
  const depth: number[] = [];
  const previous: number[] = [];
  done.forEach((entry, i) => {
    depth[i] = 1;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      // On a tie, the request that ended last before this one started is the likelier cause of the wait.
      const deeper =
        depth[j] + 1 > depth[i] ||
        (depth[j] + 1 === depth[i] && previous[i] >= 0 && (done[j].end as number) > (done[previous[i]].end as number));
      if ((done[j].end as number) <= entry.start && deeper) {
        depth[i] = depth[j] + 1;
        previous[i] = j;
      }
    }
  });
  let last = depth.indexOf(Math.max(...depth, 0));
  const chain: LogEntry[] = [];
  while (last >= 0) {
    chain.unshift(done[last]);
    last = previous[last];
  }
  return chain;
}

/** A request's name in reports: SOAP calls by operation, the rest by the emulator's kind. */
const callName = (entry: LogEntry): string =>
  entry.kind === 'soap' ? `soap:${entry.soapOperation ?? '?'}` : entry.kind;

function countByName(log: LogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of log) counts[callName(entry)] = (counts[callName(entry)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** "soap:listMetadata → soap:readMetadata ×3 → composite" */
function describeChain(chain: LogEntry[]): string {
  const parts: Array<{ name: string; n: number }> = [];
  for (const entry of chain) {
    const name = callName(entry);
    const last = parts[parts.length - 1];
    if (last?.name === name) last.n++;
    else parts.push({ name, n: 1 });
  }
  return parts.map(({ name, n }) => (n > 1 ? `${name} ×${n}` : name)).join(' → ');
}

/** Which of the plugin's own counters (`apiCalls` in its JSON) each logged request belongs to. */
const SELF_COUNTER: Record<string, string> = {
  'rest-query': 'query',
  'tooling-query': 'query',
  composite: 'describe',
  describe: 'describe',
  'soap:readMetadata': 'metadataRead',
  'soap:listMetadata': 'metadataList',
  'soap:createMetadata': 'metadataWrite',
  'soap:updateMetadata': 'metadataWrite',
  'soap:deleteMetadata': 'metadataWrite',
  limits: 'limits',
};

type CrossCheck = {
  /** The command's own `apiCalls` from its JSON result. */
  selfReported: Record<string, number>;
  /** The same counters rebuilt from the emulator's log. */
  logged: Record<string, number>;
  match: boolean;
  /** Requests the plugin's client does not count: @salesforce/core's own (auth, versions). */
  notCountedByPlugin: Record<string, number>;
};

function crossCheck(byName: Record<string, number>, selfReported: Record<string, number>): CrossCheck {
  const logged: Record<string, number> = { total: 0 };
  const notCountedByPlugin: Record<string, number> = {};
  for (const [name, n] of Object.entries(byName)) {
    const counter = SELF_COUNTER[name];
    if (counter) {
      logged[counter] = (logged[counter] ?? 0) + n;
      logged.total += n;
    } else notCountedByPlugin[name] = n;
  }
  const match = Object.entries(selfReported).every(([key, n]) => (logged[key] ?? 0) === n);
  return { selfReported, logged, match, notCountedByPlugin };
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

type Tool = 'plugin' | 'sf';

type Scenario = {
  id: string;
  title: string;
  tool: Tool;
  args: string[];
  env: OrgEnv;
  /** Which emulator, for the report. */
  org: 'large' | 'startup' | 'none';
  /** Checks one run's output; returns a problem or undefined. */
  check(sample: RunSample, json: any): string | undefined;
};

type Stats = { median: number; min: number; max: number; spread: number; p90: number };

type ScenarioResult = {
  id: string;
  title: string;
  tool: Tool;
  command: string;
  node: string;
  org: Scenario['org'];
  ok: boolean;
  problems: string[];
  wallMs: Stats;
  /** Medians over the runs: spawn → first request, first request → last answer, last answer → exit. */
  timeline: { startupMs: number; apiSpanMs: number; tailMs: number };
  apiCalls: { total: number; totalRange: [number, number]; byName: Record<string, number>; crossCheck?: CrossCheck };
  criticalPath: { roundTrips: number; range: [number, number]; chain: string };
  /** The slowest request of the representative run, latency included. */
  slowestCall?: { name: string; ms: number; soql?: string };
  peakRssMb?: { max: number; median: number };
  runs: Array<{
    wallMs: number;
    exitCode: number;
    peakRssMb?: number;
    calls: number;
    criticalPath: number;
    problem?: string;
  }>;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Nearest-rank percentile. */
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};

const stats = (values: number[]): Stats => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  spread: Math.max(...values) - Math.min(...values),
  p90: percentile(values, 90),
});

/** A child's `--json` output (checked field by field by the scenarios), or undefined. */
const parseJson = (text: string): Record<string, any> | undefined => {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return undefined;
  }
};

function summarise(scenario: Scenario, node: string, samples: RunSample[]): ScenarioResult {
  const jsons = samples.map((sample) => parseJson(sample.stdout));
  const problems = samples.map((sample, i) => scenario.check(sample, jsons[i]));
  const paths = samples.map((sample) => criticalPath(sample.log));
  const walls = samples.map((sample) => sample.wallMs);
  // The representative run: the one whose wall time is the median (the lower middle one for an even count).
  const rep = walls.indexOf([...walls].sort((a, b) => a - b)[Math.floor((walls.length - 1) / 2)]);
  const repLog = samples[rep].log;
  const byName = countByName(repLog);
  const selfReported = jsons[rep]?.result?.apiCalls as Record<string, number> | undefined;
  const totals = samples.map((sample) => sample.log.length);
  const timelines = samples.map((sample) => {
    const ended = sample.log.filter((entry) => entry.end !== undefined);
    if (ended.length === 0) return { startupMs: sample.wallMs, apiSpanMs: 0, tailMs: 0 };
    const first = Math.min(...ended.map((entry) => entry.start));
    const last = Math.max(...ended.map((entry) => entry.end as number));
    return { startupMs: first - sample.spawnedAt, apiSpanMs: last - first, tailMs: sample.closedAt - last };
  });
  const slowest = [...repLog]
    .filter((entry) => entry.end !== undefined)
    .sort((a, b) => (b.end as number) - b.start - ((a.end as number) - a.start))[0];
  const rss = samples.map((sample) => sample.peakRssMb).filter((n): n is number => n !== undefined);
  const failures = problems.filter((p): p is string => p !== undefined);
  return {
    id: scenario.id,
    title: scenario.title,
    tool: scenario.tool,
    command: `${scenario.tool === 'sf' ? 'sf' : 'bin/run.js'} ${scenario.args.join(' ')}`,
    node,
    org: scenario.org,
    ok: failures.length === 0,
    problems: [...new Set(failures)],
    wallMs: stats(walls),
    timeline: {
      startupMs: median(timelines.map((t) => t.startupMs)),
      apiSpanMs: median(timelines.map((t) => t.apiSpanMs)),
      tailMs: median(timelines.map((t) => t.tailMs)),
    },
    apiCalls: {
      total: repLog.length,
      totalRange: [Math.min(...totals), Math.max(...totals)],
      byName,
      ...(selfReported ? { crossCheck: crossCheck(byName, selfReported) } : {}),
    },
    criticalPath: {
      roundTrips: paths[rep].length,
      range: [Math.min(...paths.map((p) => p.length)), Math.max(...paths.map((p) => p.length))],
      chain: describeChain(paths[rep]),
    },
    ...(slowest
      ? {
          slowestCall: {
            name: callName(slowest),
            ms: (slowest.end as number) - slowest.start,
            ...(slowest.soql ? { soql: slowest.soql } : {}),
          },
        }
      : {}),
    ...(rss.length ? { peakRssMb: { max: Math.max(...rss), median: median(rss) } } : {}),
    runs: samples.map((sample, i) => ({
      wallMs: sample.wallMs,
      exitCode: sample.exitCode,
      ...(sample.peakRssMb ? { peakRssMb: sample.peakRssMb } : {}),
      calls: sample.log.length,
      criticalPath: paths[i].length,
      ...(problems[i] ? { problem: problems[i] } : {}),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Setting up: tools, orgs, projects

async function nodeVersion(node: string): Promise<string> {
  return (await execFileAsync(node, ['--version'])).stdout.trim();
}

/** An SFDX project holding the given sharing sets, written with the plugin's own serializer. */
async function writeProject(dir: string, sets: FixtureSharingSet[]): Promise<string> {
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(dir, 'sfdx-project.json'),
    `${JSON.stringify(
      { packageDirectories: [{ path: 'force-app', default: true }], name: 'bench', sourceApiVersion: '62.0' },
      null,
      2
    )}\n`
  );
  for (const set of sets) {
    const xml = serializeSharingSet({
      fullName: set.fullName,
      label: set.name,
      ...(set.description ? { description: set.description } : {}),
      profiles: set.profiles,
      accessMappings: set.accessMappings.map((m) => ({
        accessLevel: m.accessLevel as 'Read' | 'Edit',
        object: m.object,
        objectField: m.objectField,
        userField: m.userField,
      })),
    });
    await writeFile(join(folder, `${set.fullName}.sharingSet-meta.xml`), xml);
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks of each run's output: a run that did not do the job must not count as fast

/** The plugin's `--json` envelope; exit 3 (findings, drift) is a documented outcome, not a failure. */
const pluginOk = (sample: RunSample, json: any): string | undefined => {
  if (!json) return `exit ${sample.exitCode}, stdout is not JSON: ${sample.stderr.trim().slice(-300)}`;
  if (![0, 3].includes(sample.exitCode) || json.result === undefined) {
    return `exit ${sample.exitCode}: ${String(json.name ?? '')} ${String(json.message ?? '').slice(0, 300)}`;
  }
  return undefined;
};

const setCount =
  (expected: number) =>
  (sample: RunSample, json: any): string | undefined =>
    pluginOk(sample, json) ??
    (json.result.sharingSets?.length === expected
      ? undefined
      : `expected ${expected} sharing sets, got ${String(json.result.sharingSets?.length)}`);

const sfOk =
  (validate: (result: any) => string | undefined) =>
  (sample: RunSample, json: any): string | undefined => {
    if (sample.exitCode !== 0 || json?.status !== 0) {
      return `exit ${sample.exitCode}: ${String(json?.name ?? '')} ${String(json?.message ?? sample.stderr).slice(
        0,
        200
      )}`;
    }
    return validate(json.result);
  };

// ---------------------------------------------------------------------------------------------------------------
// The source-only audit without process start-up: what the plugin's own code costs, apart from Node and the CLI
// framework (which `bin/run.js --version` measures on its own as startup-version).

async function timeSourceAuditInProcess(
  projectDir: string,
  runs: number
): Promise<{ median: number; min: number; max: number }> {
  const times: number[] = [];
  for (let run = 0; run < Math.max(runs, 3); run++) {
    const started = performance.now();
    // eslint-disable-next-line no-await-in-loop
    const { snapshot, problems } = await loadSourceSnapshot(projectDir);
    const audit = runAudit(snapshot);
    renderSarif({
      tool: { name: 'plugin-sharing', version: 'bench' },
      origin: snapshot.origin,
      rules: audit.rulesRun,
      findings: audit.findings,
    });
    times.push(performance.now() - started);
    if (problems.length > 0) throw new Error(`the generated project has broken files: ${problems[0].message}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

// ---------------------------------------------------------------------------------------------------------------
// Targets of issue 7

type TargetResult = { id: string; target: string; actual: string; pass?: boolean };

function checkTargets(results: Map<string, ScenarioResult>, options: Options): TargetResult[] {
  const targets: TargetResult[] = [];
  const wall = (id: string): number | undefined => (results.get(id)?.ok ? results.get(id)?.wallMs.median : undefined);
  const ratioTarget = (id: string, ours: string, theirs: string, limit: number, what: string): void => {
    const a = wall(ours);
    const b = wall(theirs) ?? (results.get(theirs) ? results.get(theirs)?.wallMs.median : undefined);
    targets.push({
      id,
      target: `${what} ≤ ${limit}×`,
      actual: a !== undefined && b ? `${(a / b).toFixed(2)}× (${ms(a)} / ${ms(b)})` : 'not measured',
      ...(a !== undefined && b ? { pass: a / b <= limit } : {}),
    });
  };
  ratioTarget('set-list-speed', 'set-list', 'sf-list-metadata', 1.3, 'set list / sf org list metadata');
  ratioTarget('audit-speed', 'audit-org', 'sf-list-metadata', 2, 'audit --target-org / sf org list metadata');
  const audit = results.get('audit-org');
  if (audit) {
    targets.push({
      id: 'audit-critical-path',
      target: 'audit --target-org critical path ≤ 4 dependent round trips',
      actual: `${audit.criticalPath.roundTrips} (${audit.criticalPath.chain})`,
      pass: audit.criticalPath.roundTrips <= 4,
    });
    const fieldCalls = (audit.apiCalls.byName.composite ?? 0) + (audit.apiCalls.byName.describe ?? 0);
    const budget = 1 + Math.ceil(options.sharingSets / 10) + 5 + fieldCalls;
    targets.push({
      id: 'audit-api-calls',
      target: `audit --target-org API calls ≤ 1 + ceil(${options.sharingSets}/10) + 5 + field calls (${fieldCalls}) = ${budget}`,
      actual: `${audit.apiCalls.total} (field calls ${fieldCalls})`,
      pass: audit.apiCalls.total <= budget,
    });
    if (audit.peakRssMb) {
      targets.push({
        id: 'audit-memory',
        target: 'audit --target-org peak memory < 300 MB',
        actual: `${audit.peakRssMb.max.toFixed(0)} MB`,
        pass: audit.peakRssMb.max < 300,
      });
    }
  }
  ratioTarget('startup', 'startup-set-list', 'startup-sf-list-metadata', 1.1, 'start-up (no latency) set list / sf');
  const source500 = wall('audit-source-500');
  targets.push({
    id: 'source-audit-500',
    target: `audit --source-dir of ${options.sourceSets} sharing sets < 2 s`,
    actual: source500 !== undefined ? ms(source500) : 'not measured',
    ...(source500 !== undefined ? { pass: source500 < 2000 } : {}),
  });
  return targets;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const ms = (n: number): string => `${Math.round(n)} ms`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, col) => cell.padEnd(widths[col]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const RATIOS: Array<{ ours: string; theirs: string }> = [
  { ours: 'set-list', theirs: 'sf-list-metadata' },
  { ours: 'audit-org', theirs: 'sf-list-metadata' },
  { ours: 'profile-list', theirs: 'sf-data-query' },
  { ours: 'startup-set-list', theirs: 'startup-sf-list-metadata' },
];

function ratioFor(results: Map<string, ScenarioResult>, id: string): string {
  const pair = RATIOS.find((r) => r.ours === id);
  const ours = results.get(id);
  const theirs = pair ? results.get(pair.theirs) : undefined;
  if (!ours || !theirs) return '';
  return `${(ours.wallMs.median / theirs.wallMs.median).toFixed(2)}× ${theirs.id}${theirs.ok ? '' : '*'}`;
}

function render(results: Map<string, ScenarioResult>, targets: TargetResult[]): string {
  const rows = [
    ['scenario', 'node', 'median', 'min–max', 'spread', 'calls', 'crit. path', 'peak RSS', 'vs baseline'],
    ...[...results.values()].map((r) => [
      `${r.id}${r.ok ? '' : ' (!)'}`,
      r.node,
      ms(r.wallMs.median),
      `${Math.round(r.wallMs.min)}–${Math.round(r.wallMs.max)}`,
      ms(r.wallMs.spread),
      String(r.apiCalls.total),
      String(r.criticalPath.roundTrips),
      r.peakRssMb ? `${r.peakRssMb.max.toFixed(0)} MB` : '',
      ratioFor(results, r.id),
    ]),
  ];
  const details = [...results.values()].map((r) => {
    const lines = [`${r.id}: ${r.command}`];
    lines.push(
      `  time: start-up ${ms(r.timeline.startupMs)}, API ${ms(r.timeline.apiSpanMs)}, after last answer ${ms(
        r.timeline.tailMs
      )}`
    );
    if (r.apiCalls.total > 0) {
      lines.push(
        `  calls: ${Object.entries(r.apiCalls.byName)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`
      );
      lines.push(`  critical path: ${r.criticalPath.chain}`);
    }
    const check = r.apiCalls.crossCheck;
    if (check) {
      const extra = Object.entries(check.notCountedByPlugin).map(([k, n]) => `${k} ${n}`);
      lines.push(
        `  apiCalls in --json: total ${check.selfReported.total}; log ${check.logged.total} → ${
          check.match ? 'match' : `MISMATCH ${JSON.stringify(check.logged)}`
        }${extra.length ? `; not counted by the plugin: ${extra.join(', ')}` : ''}`
      );
    }
    if (r.slowestCall) {
      lines.push(
        `  slowest call: ${r.slowestCall.name} ${ms(r.slowestCall.ms)}${
          r.slowestCall.soql ? ` (${r.slowestCall.soql.slice(0, 90)})` : ''
        }`
      );
    }
    for (const problem of r.problems) lines.push(`  PROBLEM: ${problem}`);
    return lines.join('\n');
  });
  const targetRows = [
    ['target', 'actual', 'result'],
    ...targets.map((t) => [t.target, t.actual, t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'FAIL']),
  ];
  return [
    table(rows),
    '(!) a run failed its check; * the baseline failed its check. Ratios are our median over theirs.',
    '',
    details.join('\n'),
    '',
    table(targetRows),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Main

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

function cleanupAll(): Promise<void> {
  cleaning ??= (async (): Promise<void> => {
    if (currentChild) killGroup(currentChild);
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((e: unknown) => console.error(`cleanup: ${(e as Error).message}`));
    }
  })();
  return cleaning;
}

async function runScenario(
  scenario: Scenario,
  runner: Runner,
  options: Options,
  node: { path: string; version: string },
  tools: Tools | undefined
): Promise<ScenarioResult> {
  const call: Invocation =
    scenario.tool === 'sf'
      ? {
          node: (tools as Tools).node22,
          script: (tools as Tools).sf,
          args: scenario.args,
          env: scenario.env.childEnv(),
          cwd: scenario.env.home,
        }
      : {
          node: node.path,
          script: join(pluginRoot, 'bin', 'run.js'),
          args: scenario.args,
          env: scenario.env.childEnv(),
          cwd: scenario.env.home,
        };
  const emulator = scenario.org === 'none' ? undefined : scenario.env.emulator;
  process.stderr.write(`${scenario.id}: `);
  for (let i = 0; i < options.warmup; i++) {
    await runOnce(runner, call, emulator);
    process.stderr.write('w');
  }
  const samples: RunSample[] = [];
  for (let i = 0; i < options.runs; i++) {
    samples.push(await runOnce(runner, call, emulator));
    process.stderr.write('.');
  }
  const result = summarise(scenario, node.version, samples);
  process.stderr.write(` ${ms(result.wallMs.median)}${result.ok ? '' : ' (failed check)'}\n`);
  return result;
}

type Setup = { large: OrgEnv; startup: OrgEnv; project: string; project500: string };

function scenarios(setup: Setup, options: Options, hasSf: boolean): Scenario[] {
  const { large, startup, project, project500 } = setup;
  const lib = (path: string): boolean => existsSync(join(pluginRoot, 'lib', 'commands', 'sharing', path));
  const list: Scenario[] = [
    {
      id: 'set-list',
      title: 'sf sharing set list',
      tool: 'plugin',
      args: ['sharing', 'set', 'list', '--target-org', large.alias, '--json'],
      env: large,
      org: 'large',
      check: setCount(options.sharingSets),
    },
    {
      id: 'profile-list',
      title: 'sf sharing profile list',
      tool: 'plugin',
      args: ['sharing', 'profile', 'list', '--target-org', large.alias, '--json'],
      env: large,
      org: 'large',
      check: pluginOk,
    },
  ];
  if (lib('set/diff.js')) {
    list.push({
      id: 'set-diff',
      title: 'sf sharing set diff (org vs project)',
      tool: 'plugin',
      args: ['sharing', 'set', 'diff', '--target-org', large.alias, '--source-dir', project, '--json'],
      env: large,
      org: 'large',
      check: pluginOk,
    });
  }
  if (lib('audit.js')) {
    const audit = (id: string, title: string, args: string[], org: Scenario['org']): Scenario => ({
      id,
      title,
      tool: 'plugin',
      args: ['sharing', 'audit', ...args, '--json'],
      env: large,
      org,
      check: pluginOk,
    });
    list.push(
      audit('audit-org', 'sf sharing audit --target-org', ['--target-org', large.alias], 'large'),
      audit('audit-source', 'sf sharing audit --source-dir', ['--source-dir', project], 'none'),
      audit(
        'audit-source-500',
        `sf sharing audit --source-dir (${options.sourceSets} sets)`,
        ['--source-dir', project500],
        'none'
      ),
      audit(
        'audit-source-org',
        'sf sharing audit --source-dir --target-org',
        ['--source-dir', project, '--target-org', large.alias],
        'large'
      )
    );
  }
  if (hasSf) {
    list.push(
      {
        id: 'sf-list-metadata',
        title: 'sf org list metadata --metadata-type SharingSet',
        tool: 'sf',
        args: ['org', 'list', 'metadata', '--metadata-type', 'SharingSet', '--target-org', large.alias, '--json'],
        env: large,
        org: 'large',
        check: sfOk((result) =>
          Array.isArray(result) && result.length === options.sharingSets
            ? undefined
            : `expected ${options.sharingSets} names`
        ),
      },
      {
        id: 'sf-data-query',
        title: 'sf data query (profiles with their license)',
        tool: 'sf',
        args: [
          'data',
          'query',
          '--query',
          'SELECT Id, Name, UserType, UserLicense.Name FROM Profile',
          '--target-org',
          large.alias,
          '--json',
        ],
        env: large,
        org: 'large',
        check: sfOk((result) =>
          result?.totalSize === options.profiles ? undefined : `expected ${options.profiles} profiles`
        ),
      }
    );
  }
  list.push({
    id: 'startup-version',
    title: 'start-up floor: bin/run.js --version (no org, no command code)',
    tool: 'plugin',
    args: ['--version'],
    env: startup,
    org: 'none',
    check: (sample) => (sample.exitCode === 0 ? undefined : `exit ${sample.exitCode}: ${sample.stderr.slice(-200)}`),
  });
  list.push({
    id: 'startup-set-list',
    title: 'start-up: sf sharing set list, one set, no latency',
    tool: 'plugin',
    args: ['sharing', 'set', 'list', '--target-org', startup.alias, '--json'],
    env: startup,
    org: 'startup',
    check: setCount(1),
  });
  if (hasSf) {
    list.push({
      id: 'startup-sf-list-metadata',
      title: 'start-up: sf org list metadata, one set, no latency',
      tool: 'sf',
      args: ['org', 'list', 'metadata', '--metadata-type', 'SharingSet', '--target-org', startup.alias, '--json'],
      env: startup,
      org: 'startup',
      check: sfOk((result) => (Array.isArray(result) && result.length === 1 ? undefined : 'expected 1 name')),
    });
  }
  return list;
}

async function sfVersion(tools: Tools, env: OrgEnv): Promise<string> {
  const { stdout } = await execFileAsync(tools.node22, [tools.sf, '--version'], {
    env: env.childEnv(),
    cwd: env.home,
  });
  return stdout.trim();
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(HELP);
    return;
  }
  const interrupt = (): void => {
    interrupted = true;
    process.stderr.write('\ninterrupted: stopping the emulators and removing temporary files\n');
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  try {
    let tools: Tools | undefined;
    if (options.sf || options.node22) {
      process.stderr.write('Making sure Node 22 and the sf CLI are installed (scripts/ensure-tools.sh)…\n');
      tools = await ensureTools();
    }
    const ourNodePath = options.node22 ? (tools as Tools).node22 : process.env.PLUGIN_SHARING_NODE ?? process.execPath;
    const ourNode = { path: ourNodePath, version: await nodeVersion(ourNodePath) };

    const scratch = await makeTempDir('plugin-sharing-bench-');
    cleanups.push(() => removeDir(scratch));
    const runner = await createRunner(scratch);

    process.stderr.write(
      `Generating the org: ${options.profiles} profiles, ${options.sharingSets} sharing sets, ` +
        `${options.customObjects} custom objects, ${options.users} users (seed ${options.seed})…\n`
    );
    const generate = (sharingSets: number): ReturnType<typeof generateLargeOrg> =>
      generateLargeOrg({
        profiles: options.profiles,
        sharingSets,
        customObjects: options.customObjects,
        users: options.users,
        seed: options.seed,
      });
    const fixture = generate(options.sharingSets);
    const large = await createOrgEnv({ fixture, alias: 'bench', emulator: { latencyMs: options.latency } });
    cleanups.push(() => large.cleanup());
    const startup = await createOrgEnv({ fixture: orgWithSets(1), alias: 'bench-startup', emulator: { latencyMs: 0 } });
    cleanups.push(() => startup.cleanup());
    const project = await writeProject(join(scratch, 'project'), fixture.sharingSets);
    const project500 = await writeProject(
      join(scratch, 'project-500'),
      (options.sourceSets === options.sharingSets ? fixture : generate(options.sourceSets)).sharingSets
    );

    const machine = {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      totalMemoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
      platform: `${os.platform()} ${os.release()}`,
      benchNode: process.version,
      pluginNode: ourNode.version,
      sfNode: tools ? await nodeVersion(tools.node22) : undefined,
      sfCli: tools && options.sf ? await sfVersion(tools, large) : undefined,
      rssMethod: runner.rssMethod,
    };
    process.stderr.write(
      `Plugin on Node ${ourNode.version}${machine.sfNode ? `, sf CLI on Node ${machine.sfNode}` : ''}; ` +
        `${options.runs} runs (+${options.warmup} warm-up) per scenario, latency ${options.latency} ms\n`
    );

    const results = new Map<string, ScenarioResult>();
    for (const scenario of scenarios({ large, startup, project, project500 }, options, Boolean(tools && options.sf))) {
      const node =
        scenario.tool === 'sf' ? { path: (tools as Tools).node22, version: machine.sfNode as string } : ourNode;
      results.set(scenario.id, await runScenario(scenario, runner, options, node, tools));
    }

    const inProcess = await timeSourceAuditInProcess(project500, options.runs);
    const targets = checkTargets(results, options);
    targets.push({
      id: 'source-audit-500-work',
      target: `audit of ${options.sourceSets} project sharing sets, the plugin's own work (in-process: read, audit, SARIF) < 2 s`,
      actual: `${ms(inProcess.median)} median (${ms(inProcess.min)}–${ms(inProcess.max)})`,
      pass: inProcess.median < 2000,
    });
    console.log(`\nplugin-sharing benchmark, ${new Date().toISOString()}`);
    console.log(
      `${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGb} GB; plugin on Node ${ourNode.version}` +
        `${machine.sfNode ? `, ${machine.sfCli ?? 'sf'} on Node ${machine.sfNode}` : ''}; peak RSS by ${
          runner.rssMethod
        }`
    );
    console.log(
      `Org: ${options.profiles} profiles, ${options.sharingSets} sharing sets, ${options.customObjects} custom ` +
        `objects, ${options.users} users; ${options.latency} ms per request; ${options.runs} runs per scenario\n`
    );
    console.log(render(results, targets));

    const date = new Date();
    const report = {
      date: date.toISOString(),
      parameters: options,
      machine,
      scenarios: [...results.values()],
      ratios: RATIOS.filter((r) => results.has(r.ours) && results.has(r.theirs)).map((r) => ({
        ...r,
        ratio:
          (results.get(r.ours) as ScenarioResult).wallMs.median /
          (results.get(r.theirs) as ScenarioResult).wallMs.median,
      })),
      targets,
    };
    await mkdir(options.outDir, { recursive: true });
    const stamp = date.toISOString().replace(/[:.]/g, '-');
    const file = join(options.outDir, `bench-${stamp}.json`);
    const text = `${JSON.stringify(report, null, 2)}\n`;
    await writeFile(file, text);
    await writeFile(join(options.outDir, 'latest.json'), text);
    console.log(`\nResults: ${file} (and latest.json)`);
  } finally {
    await cleanupAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exitCode = 1;
});

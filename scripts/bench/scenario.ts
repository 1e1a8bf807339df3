/**
 * One scenario: what it runs, running it `--warmup` + `--runs` times, and the summary of its runs.
 */
/* eslint-disable no-await-in-loop -- runs are sequential on purpose: two processes at once would disturb each
   other's timings on a small machine */
import { join } from 'node:path';
import type { Tools } from '../../test/helpers/tools.js';
import { pluginRoot, type OrgEnv } from '../../test/helpers/e2e.js';
import type { Options } from './options.js';
import { criticalPath, callName, countByName, describeChain, crossCheck, type CrossCheck } from './requestLog.js';
import { runOnce, type Invocation, type Runner, type RunSample } from './runner.js';
import { median, ms, stats, type Stats } from './stats.js';

export type Tool = 'plugin' | 'sf';

export type Scenario = {
  id: string;
  title: string;
  tool: Tool;
  args: string[];
  env: OrgEnv;
  /** Which emulator, for the report. */
  org: 'large' | 'startup' | 'none';
  /** More environment for the child (e.g. the width a table is laid out in). */
  extraEnv?: Record<string, string>;
  /** Puts the org back where the scenario starts, before every run (unmeasured): for the scenarios that write. */
  prepare?: () => Promise<void>;
  /** Checks one run's output; returns a problem or undefined. */
  check(sample: RunSample, json: any): string | undefined;
  /**
   * Checks what a run left in the org (the scenarios that write), right after the run and before the next `prepare`;
   * returns a problem or undefined.
   */
  verify?(sample: RunSample): string | undefined;
  /** Lines the report prints under the scenario, from the representative run's output (figures of its own). */
  notes?(json: any): string[];
};

export type ScenarioResult = {
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
  /** The scenario's own figures (Scenario.notes), from the representative run. */
  notes?: string[];
  runs: Array<{
    wallMs: number;
    exitCode: number;
    peakRssMb?: number;
    calls: number;
    criticalPath: number;
    problem?: string;
  }>;
};

/** A child's `--json` output (checked field by field by the scenarios), or undefined. */
const parseJson = (text: string): Record<string, any> | undefined => {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return undefined;
  }
};

function summarise(
  scenario: Scenario,
  node: string,
  samples: RunSample[],
  verified: Array<string | undefined>
): ScenarioResult {
  const jsons = samples.map((sample) => parseJson(sample.stdout));
  const problems = samples.map((sample, i) => scenario.check(sample, jsons[i]) ?? verified[i]);
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
    ...(scenario.notes && jsons[rep] ? { notes: scenario.notes(jsons[rep]) } : {}),
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

/**
 * Runs a scenario `options.warmup` times unmeasured, then `options.runs` times, one process at a time, with progress
 * on stderr; `node` runs the plugin, `tools` the sf CLI.
 */
export async function runScenario(
  scenario: Scenario,
  runner: Runner,
  options: Options,
  node: { path: string; version: string },
  tools: Tools | undefined
): Promise<ScenarioResult> {
  const program =
    scenario.tool === 'sf'
      ? { node: (tools as Tools).node22, script: (tools as Tools).sf }
      : { node: node.path, script: join(pluginRoot, 'bin', 'run.js') };
  const call: Invocation = {
    ...program,
    args: scenario.args,
    env: scenario.env.childEnv(scenario.extraEnv),
    cwd: scenario.env.home,
  };
  const emulator = scenario.org === 'none' ? undefined : scenario.env.emulator;
  process.stderr.write(`${scenario.id}: `);
  for (let i = 0; i < options.warmup; i++) {
    await scenario.prepare?.();
    await runOnce(runner, call, emulator);
    process.stderr.write('w');
  }
  const samples: RunSample[] = [];
  const verified: Array<string | undefined> = [];
  for (let i = 0; i < options.runs; i++) {
    await scenario.prepare?.();
    const sample = await runOnce(runner, call, emulator);
    samples.push(sample);
    verified.push(scenario.verify?.(sample));
    process.stderr.write('.');
  }
  const result = summarise(scenario, node.version, samples, verified);
  process.stderr.write(` ${ms(result.wallMs.median)}${result.ok ? '' : ' (failed check)'}\n`);
  return result;
}

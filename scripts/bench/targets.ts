/**
 * The targets of issue 7, each with the measured figure and PASS/FAIL (n/a when not measured).
 */
import type { Options } from './options.js';
import type { ScenarioResult } from './scenario.js';
import type { InProcessTiming } from './scenarios/index.js';
import { ms } from './stats.js';

export type TargetResult = { id: string; target: string; actual: string; pass?: boolean };

/** Checks the results against the targets; `inProcess` is the in-process timing of the source-only audit. */
export function checkTargets(
  results: Map<string, ScenarioResult>,
  options: Options,
  inProcess: InProcessTiming
): TargetResult[] {
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
  for (const id of ['explain-1', 'explain-200']) {
    const explain = results.get(id);
    if (explain) {
      targets.push({
        id: `${id}-critical-path`,
        target: `${explain.title}: at most 4 dependent round trips`,
        actual: `${explain.criticalPath.roundTrips} (${explain.criticalPath.chain})`,
        pass: explain.ok && explain.criticalPath.roundTrips <= 4,
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
  targets.push({
    id: 'source-audit-500-work',
    target: `audit of ${options.sourceSets} project sharing sets, the plugin's own work (in-process: read, audit, SARIF) < 2 s`,
    actual: `${ms(inProcess.median)} median (${ms(inProcess.min)}–${ms(inProcess.max)})`,
    pass: inProcess.median < 2000,
  });
  return targets;
}

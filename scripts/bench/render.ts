/**
 * The figures as printed on stdout: the header, the scenario table, each scenario's details, the targets table.
 */
import type { Options } from './options.js';
import type { ScenarioResult } from './scenario.js';
import type { Machine } from './setup.js';
import { ms } from './stats.js';
import type { TargetResult } from './targets.js';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, col) => cell.padEnd(widths[col]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Our scenarios and the baseline each is compared with ("vs baseline", and `ratios` in the JSON). */
export const RATIOS: Array<{ ours: string; theirs: string }> = [
  { ours: 'set-list', theirs: 'sf-list-metadata' },
  { ours: 'audit-org', theirs: 'sf-list-metadata' },
  { ours: 'profile-list', theirs: 'sf-data-query' },
  { ours: 'startup-set-list', theirs: 'startup-sf-list-metadata' },
  { ours: 'set-list-table', theirs: 'set-list' },
  { ours: 'profile-list-table', theirs: 'profile-list' },
];

function ratioFor(results: Map<string, ScenarioResult>, id: string): string {
  const pair = RATIOS.find((r) => r.ours === id);
  const ours = results.get(id);
  const theirs = pair ? results.get(pair.theirs) : undefined;
  if (!ours || !theirs) return '';
  return `${(ours.wallMs.median / theirs.wallMs.median).toFixed(2)}× ${theirs.id}${theirs.ok ? '' : '*'}`;
}

/** The lines above the tables: date, machine, Node versions, how memory is measured, the org and the runs. */
export function renderHeader(machine: Machine, options: Options): string {
  return [
    `\nplugin-sharing benchmark, ${new Date().toISOString()}`,
    `${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGb} GB; plugin on Node ${machine.pluginNode}` +
      `${machine.sfNode ? `, ${machine.sfCli ?? 'sf'} on Node ${machine.sfNode}` : ''}; peak RSS by ${
        machine.rssMethod
      }`,
    `Org: ${options.profiles} profiles, ${options.sharingSets} sharing sets, ${options.customObjects} custom ` +
      `objects, ${options.users} users; ${options.latency} ms per request; ${options.runs} runs per scenario\n`,
  ].join('\n');
}

/** The scenario table, each scenario's details, and the targets table. */
export function render(results: Map<string, ScenarioResult>, targets: TargetResult[]): string {
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
    for (const note of r.notes ?? []) lines.push(`  ${note}`);
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

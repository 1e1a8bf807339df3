/**
 * Audit report for a terminal: counts by severity, then findings grouped by sharing set (findings about no set last,
 * under "Org"), each with its rule and remediation. Returns a string; the command prints it.
 */
import type { Finding, Severity } from '../audit/types.js';
import { compareNames } from '../model/names.js';
import {
  type AuditReport,
  describeOrigin,
  describeTarget,
  findRule,
  gateNote,
  SEVERITIES,
  sortUnverified,
  type UnverifiedEntry,
} from './auditReport.js';
import { auditView, fileAndLine, type AuditView } from './auditView.js';
import { terminalText } from './markdownText.js';
import { wrapLines } from './table.js';

/**
 * Renders an audit report as plain text (no colour codes: `colourSeverities` adds them once the text is made safe).
 *
 * @param report findings, rules, suppressed findings and context of one audit run
 * @param options `width`: the terminal's, to wrap long lines at (their continuation under their text); none: no wrap
 * @returns lines joined with `\n`, ending with a newline
 */
export function renderAuditHuman(report: AuditReport, options: { width?: number } = {}): string {
  const view = auditView(report);
  const lines = headerLines(report, view);

  const groups = new Map<string, Finding[]>();
  for (const finding of view.findings) {
    const key = finding.target.sharingSet ?? '';
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  // Findings about the org as a whole ('' key) come last.
  const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compareNames(a, b)));
  for (const key of keys) {
    lines.push('', key === '' ? 'Org' : `Sharing set ${terminalText(key)}`);
    for (const finding of groups.get(key) ?? []) lines.push(...findingLines(report, finding, key, view.threshold));
  }

  if (view.suppressed.length) {
    lines.push('', 'Suppressed by baseline');
    for (const entry of view.suppressed) {
      lines.push(
        `  ${entry.finding.ruleId} at ${terminalText(describeTarget(entry.finding.target))}: ${terminalText(
          entry.reason
        )}`
      );
    }
  }
  if (report.unverified?.length) {
    lines.push('', 'Not verified');
    for (const entry of sortUnverified(report.unverified)) lines.push(...unverifiedLines(entry));
  }
  if (report.skipped?.length) {
    lines.push('', 'Not checked');
    for (const rule of report.skipped) lines.push(`  ${rule.id}: ${rule.reason}`);
  }
  const safe = lines.map((line) => terminalText(line, true)).flatMap((line) => line.split('\n'));
  return `${wrapLines(safe, options.width, hangOf).join('\n')}\n`;
}

/** A finding's head line (`  ERROR rule: …`) continues under its message's indentation; `fix:`, `at`, `in` under their text. */
function hangOf(line: string): number {
  if (SEVERITY_HEAD.test(line)) return 6;
  return /^\s*(?:(?:fix:|at|in|-)\s+)?/.exec(line)?.[0].length ?? 0;
}

/** The start of a finding's head line: two spaces and the severity in capitals. */
const SEVERITY_HEAD = /^ {2}(ERROR|WARNING|INFO)(?=[ [(:]|$)/;

/**
 * The report's severities coloured by `paint` (e.g. with @oclif/core's `ux.colorize`, which leaves them plain in a
 * pipe or with NO_COLOR). Apply it to text already made safe for the terminal, or its escape codes would be escaped.
 */
export function colourSeverities(text: string, paint: (severity: string) => string): string {
  return text
    .split('\n')
    .map((line) => line.replace(SEVERITY_HEAD, (_whole, severity: string) => `  ${paint(severity)}`))
    .join('\n');
}

/** The header: what was audited, the counts, and the gate's verdict. */
function headerLines(report: AuditReport, { counts, showsUnverified, verdict }: AuditView): string[] {
  return [
    `Sharing set audit of ${describeOrigin(report.origin)} (${report.tool.name} ${report.tool.version})`,
    `${SEVERITIES.map((severity) => countOf(counts[severity], severity)).join(', ')}; ${
      counts.suppressed
    } suppressed by baseline${showsUnverified ? `; ${counts.unverified} not verified` : ''}`,
    ...verdict.map((line) => line.text),
  ];
}

function unverifiedLines(entry: UnverifiedEntry): string[] {
  const where = fileAndLine(entry);
  return [
    `  ${describeTarget(entry.target)}: ${entry.kind} ${entry.name}: ${entry.reason}`,
    ...(where ? [`    in ${where}`] : []),
  ];
}

/** "1 error", "2 errors", "3 info" (info is not counted in the plural). */
function countOf(count: number, severity: Severity): string {
  return `${count} ${severity}${count === 1 || severity === 'info' ? '' : 's'}`;
}

/** The lines of one finding under its sharing-set heading `key` ('' for the Org group). */
function findingLines(report: AuditReport, finding: Finding, key: string, threshold: Severity): string[] {
  const rule = findRule(report.rules, finding.ruleId);
  const below = gateNote(finding, threshold, report.confidence);
  const confidence = finding.confidence === 'high' ? '' : ` [confidence: ${finding.confidence}]`;
  const message = terminalText(finding.message, true).replace(/\n/g, '\n      ');
  const out = [`  ${finding.severity.toUpperCase()}${below} ${finding.ruleId}${confidence}: ${message}`];
  // The group heading already names the set; show the rest of the target relative to it.
  const target = describeTarget(finding.target);
  const relative = key && target.startsWith(`${key} › `) ? target.slice(key.length + 3) : target;
  if (relative !== key) out.push(`    at ${terminalText(relative)}`);
  const where = fileAndLine(finding, (file) => terminalText(file));
  if (where) out.push(`    in ${where}`);
  if (rule?.remediation) out.push(`    fix: ${rule.remediation}`);
  return out;
}

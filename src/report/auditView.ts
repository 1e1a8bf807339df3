/**
 * What the terminal (human.ts) and Markdown (markdown.ts) audit reports show alike, worked out once: the gate's
 * threshold, the counts and verdict, the findings and suppressed findings in display order, and where each points.
 */
import type { Finding, Severity } from '../audit/types.js';
import {
  type AuditCounts,
  type AuditReport,
  type SuppressedFinding,
  auditCounts,
  compareFindings,
  DEFAULT_THRESHOLD,
  findingLine,
  gateVerdict,
} from './auditReport.js';

export type AuditView = {
  threshold: Severity;
  counts: AuditCounts;
  /** The gate's verdict, a line each for the findings and (with --require-complete) the unverified references. */
  verdict: Array<{ text: string; fails: boolean }>;
  /** Active findings, most severe first (src/report/auditReport.ts compareFindings). */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /**
   * Whether the counts show the unverified references: always for a project read without an org (where they are
   * expected, and a zero is news), else when there are any.
   */
  showsUnverified: boolean;
};

export function auditView(report: AuditReport): AuditView {
  const counts = auditCounts(report);
  return {
    threshold: report.threshold ?? DEFAULT_THRESHOLD,
    counts,
    verdict: gateVerdict(report).lines,
    findings: [...report.findings].sort(compareFindings),
    suppressed: [...(report.suppressed ?? [])].sort((a, b) => compareFindings(a.finding, b.finding)),
    showsUnverified: report.origin.kind === 'source' || counts.unverified > 0,
  };
}

/**
 * `file:line` (or `file`) of a finding or unverified reference from a project file, the file name through `show`;
 * undefined for one from an org.
 */
export function fileAndLine(
  entry: Pick<Finding, 'target' | 'location'>,
  show: (file: string) => string = (file): string => file
): string | undefined {
  const file = entry.location?.file;
  if (!file) return undefined;
  const line = findingLine(entry);
  return `${show(file)}${line === undefined ? '' : `:${line}`}`;
}

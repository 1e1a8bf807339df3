/**
 * What every audit renderer takes, and the small pure helpers they share (severity order, counts, sorting, how a
 * finding's target reads). Renderers never compute findings; they only present what the audit engine returned.
 */
import type { SnapshotOrigin } from '../model/types.js';
import type { Confidence, Finding, FindingTarget, RuleMeta, Severity } from '../audit/types.js';
import { confidenceRank } from '../model/confidence.js';

import type { SuppressedFinding } from '../audit/baseline.js';
import { compareNames } from '../model/names.js';

export type { SuppressedFinding } from '../audit/baseline.js';

/** The tool that produced the report. */
export type ReportTool = {
  /** `plugin-sharing`. */
  name: string;
  version: string;
  /** Home page or repository of the tool; omitted from SARIF when unknown. */
  informationUri?: string;
};

/** Everything an audit renderer needs. Plain data, as the audit command assembles it. */
export type AuditReport = {
  tool: ReportTool;
  /** Where the audited snapshot came from. */
  origin: SnapshotOrigin;
  /** Metadata of every rule that ran (not only of rules with findings), so reports can show passing rules. */
  rules: RuleMeta[];
  /** Active findings (the baseline did not suppress them). */
  findings: Finding[];
  /** Findings the baseline suppressed. */
  suppressed?: SuppressedFinding[];
  /** Findings at or above this severity fail the gate. Default: {@link DEFAULT_THRESHOLD}. */
  threshold?: Severity;
  /** The least confidence a finding needs to fail the gate. Default: {@link DEFAULT_GATE_CONFIDENCE}. */
  confidence?: Confidence;
  /** Rules that were selected but did not run, and why (so a silent report is not mistaken for a clean one). */
  skipped?: Array<{ id: string; reason: string }>;
  /** Profiles, objects and paths the audit could not verify, each with why (worded by the CLI). */
  unverified?: UnverifiedEntry[];
  /** Whether anything unverified fails the gate (a complete gate). */
  requireComplete?: boolean;
  /** Baseline entries past their expiry date that still match a finding: any fails the audit (exit 4). */
  expiredBaseline?: number;
  /** Whether the run wrote a baseline accepting its findings: such a run is not a gate (exit 0). */
  baselineWritten?: boolean;
};

/** A reference the audit could not verify, as reports show it. */
export type UnverifiedEntry = {
  /** profile, object, objectField or userField. */
  kind: string;
  name: string;
  /** Why, and what would settle it. */
  reason: string;
  target: FindingTarget;
  location?: Finding['location'];
};

/** Counts of a report. */
export type AuditCounts = {
  error: number;
  warning: number;
  info: number;
  total: number;
  /** Active findings at or above the threshold. */
  failing: number;
  suppressed: number;
  /** Profiles, objects and paths the audit could not verify. */
  unverified: number;
  /** Unverified references that fail the gate: all of them with a complete gate, else none. */
  unverifiedFailing: number;
};

/** The gate threshold when none is given: only errors fail. */
export const DEFAULT_THRESHOLD: Severity = 'error';

/**
 * The gate's confidence when none is given: only findings resting on documented Salesforce behaviour fail it.
 * docs/salesforce-facts.md: a rule built on a secondary or uncertain fact "must not block a deploy on its own", so
 * medium- and low-confidence findings are advisory unless a pipeline chooses to gate on them too.
 */
export const DEFAULT_GATE_CONFIDENCE: Confidence = 'high';

/** Severities from most to least severe (display order). */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Whether a severity is at or above the threshold. */
export function meetsThreshold(severity: Severity, threshold: Severity = DEFAULT_THRESHOLD): boolean {
  return RANK[severity] >= RANK[threshold];
}

/**
 * Whether a finding fails the gate: at or above the threshold AND at least as sure as the gate's confidence (by
 * default high: resting on documented Salesforce behaviour, see {@link DEFAULT_GATE_CONFIDENCE}).
 */
export function failsGate(
  finding: Pick<Finding, 'severity' | 'confidence'>,
  threshold: Severity = DEFAULT_THRESHOLD,
  confidence: Confidence = DEFAULT_GATE_CONFIDENCE
): boolean {
  return meetsThreshold(finding.severity, threshold) && confidenceRank(finding.confidence) >= confidenceRank(confidence);
}

/** How the gate reads in a verdict line: `error or worse, high confidence`, `warning or worse, medium confidence or higher`. */
export function gateWords(threshold: Severity, confidence: Confidence = DEFAULT_GATE_CONFIDENCE): string {
  return `${threshold} or worse, ${confidence === 'high' ? 'high confidence' : `${confidence} confidence or higher`}`;
}

/** How a finding stands against the gate, for display: '' when it fails it, else why it does not. */
export function gateNote(
  finding: Pick<Finding, 'severity' | 'confidence'>,
  threshold: Severity = DEFAULT_THRESHOLD,
  confidence: Confidence = DEFAULT_GATE_CONFIDENCE
): string {
  if (failsGate(finding, threshold, confidence)) return '';
  if (!meetsThreshold(finding.severity, threshold)) return ' (below threshold)';
  return confidence === 'high' ? ' (advisory: not high confidence)' : ` (advisory: below ${confidence} confidence)`;
}

/**
 * The gate's verdict, as the summary line of every readable report says it, in agreement with the exit code:
 * `passed` false when findings fail the gate, something not verified fails a complete gate, or a baseline entry has
 * expired; always true for a run that writes a baseline (not a gate). `lines` are plain sentences, most important
 * first.
 */
export function gateVerdict(report: AuditReport): { passed: boolean; lines: Array<{ text: string; fails: boolean }> } {
  const threshold = report.threshold ?? DEFAULT_THRESHOLD;
  const counts = auditCounts(report);
  const gate = gateWords(threshold, report.confidence);
  const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);
  const written = report.baselineWritten === true;
  const lines = [
    counts.failing > 0
      ? {
          text: `${counts.failing} ${plural(counts.failing, 'finding fails', 'findings fail')} the gate (${gate}).`,
          fails: !written,
        }
      : { text: `No findings fail the gate (${gate}).`, fails: false },
  ];
  if (counts.unverifiedFailing > 0) {
    const text = plural(counts.unverifiedFailing, 'reference not verified fails', 'references not verified fail');
    lines.push({ text: `${counts.unverifiedFailing} ${text} the complete gate.`, fails: !written });
  }
  const expired = report.expiredBaseline ?? 0;
  if (expired > 0) {
    const entries = plural(expired, 'entry has', 'entries have');
    const findings = plural(expired, 'its finding counts', 'their findings count');
    lines.push({
      text: `${expired} baseline ${entries} expired: ${findings} again${written ? '' : ', and the audit fails (exit 4)'}.`,
      fails: !written,
    });
  }
  if (written) {
    lines.push({ text: 'A baseline accepting these findings was written: this run is not a gate (exit 0).', fails: false });
  }
  return { passed: lines.every((line) => !line.fails), lines };
}

/** Counts active findings by severity, failing ones (see {@link failsGate}) and suppressed ones. */
export function auditCounts(report: AuditReport): AuditCounts {
  const count = (severity: Severity): number => report.findings.filter((f) => f.severity === severity).length;
  return {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    total: report.findings.length,
    failing: report.findings.filter((f) => failsGate(f, report.threshold, report.confidence)).length,
    suppressed: report.suppressed?.length ?? 0,
    unverified: report.unverified?.length ?? 0,
    unverifiedFailing: report.requireComplete ? report.unverified?.length ?? 0 : 0,
  };
}

/** Unverified references in a stable order: sharing set, mapping, kind and name. */
export function sortUnverified(entries: readonly UnverifiedEntry[]): UnverifiedEntry[] {
  return [...entries].sort(
    (a, b) =>
      compareNames(a.target.sharingSet ?? '', b.target.sharingSet ?? '') ||
      (a.target.mappingIndex ?? -1) - (b.target.mappingIndex ?? -1) ||
      compareNames(a.kind, b.kind) ||
      compareNames(a.name, b.name)
  );
}

/**
 * The stable display order of findings: most severe first, then sharing set, rule, target, fingerprint. Never depends
 * on the order the engine returned them in, so reports diff cleanly between runs.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[b.severity] - RANK[a.severity] ||
    compareNames(a.target.sharingSet ?? '', b.target.sharingSet ?? '') ||
    compareNames(a.ruleId, b.ruleId) ||
    compareNames(describeTarget(a.target), describeTarget(b.target)) ||
    compareNames(a.fingerprint, b.fingerprint)
  );
}

/** Findings sorted by {@link compareFindings} (a copy). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Rules sorted by id (a copy). */
export function sortRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules].sort((a, b) => compareNames(a.id, b.id));
}

/** A rule's metadata by id, or undefined when the report does not list it. */
export function findRule(rules: readonly RuleMeta[], id: string): RuleMeta | undefined {
  return rules.find((rule) => rule.id === id);
}

/**
 * How a target reads in text: `Share_cases › mapping #2 › profile X`. Mapping indexes are shown 1-based, as people
 * count; an empty target reads `(org)`.
 */
export function describeTarget(target: FindingTarget): string {
  const parts = [
    target.sharingSet,
    target.mappingIndex === undefined ? undefined : `mapping #${target.mappingIndex + 1}`,
    target.object === undefined ? undefined : `object ${target.object}`,
    target.profile === undefined ? undefined : `profile ${target.profile}`,
  ].filter((part): part is string => part !== undefined && part !== '');
  return parts.length ? parts.join(' › ') : '(org)';
}

/** How a snapshot origin reads in a report header: `org admin@acme.com`, `project ./force-app`, ... */
export function describeOrigin(origin: SnapshotOrigin): string {
  const org = origin.org ?? origin.orgId;
  switch (origin.kind) {
    case 'org':
      return org ? `org ${org}` : 'org';
    case 'source':
      return origin.sourceDir ? `project ${origin.sourceDir}` : 'project';
    case 'source+org':
      return `project ${origin.sourceDir ?? '.'} checked against org ${org ?? '(unknown)'}`;
    default:
      return String(origin.kind);
  }
}

/**
 * The line a finding (or an unverified reference) points at, when it came from a file: the target's own line (as the engine set it, else the line
 * of the targeted mapping), else the sharing set's line.
 */
export function findingLine(finding: Pick<Finding, 'target' | 'location'>): number | undefined {
  const location = finding.location;
  const mappingLine =
    finding.target.mappingIndex === undefined ? undefined : location?.mappingLines?.[finding.target.mappingIndex];
  const line = location?.lineOfTarget ?? mappingLine ?? location?.line;
  return line !== undefined && Number.isInteger(line) && line >= 1 ? line : undefined;
}

/** The audit's `--json` result, from the audit, the baseline's outcome and the report. */
import {
  applyBaseline,
  type Baseline,
  type BaselineEntry,
  type BaselineOutcome,
  type SuppressedFinding,
} from '../../audit/baseline.js';
import { runAudit, type AuditOptions, type AuditResult } from '../../audit/engine.js';
import type { Confidence, Finding, RuleMeta, Severity } from '../../audit/types.js';
import type { Snapshot, SnapshotOrigin } from '../../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../../org/client.js';
import {
  auditCounts,
  failsGate,
  DEFAULT_GATE_CONFIDENCE,
  type AuditCounts,
  type AuditReport,
  type ReportTool,
  type UnverifiedEntry,
} from '../../report/auditReport.js';
import { findingAdvice, skipAdvice, unverifiedAdvice } from '../auditAdvice.js';
import { EXIT } from '../exitCodes.js';
import type { FileFix } from './fix.js';
import { gateExitCode } from './output.js';

export type SharingAuditResult = {
  /** With --fix: what was changed (or, with --dry-run, would be) in each file; the findings are the fixed project's. */
  fixes?: FileFix[];
  origin: SnapshotOrigin;
  failOn: Severity;
  /** The least confidence a finding needed to fail the gate (high unless --fail-on-confidence chose another). */
  failOnConfidence: Confidence;
  /** Whether anything not verified fails the gate (a complete gate). */
  requireComplete: boolean;
  /** Whether the gate passed (exit code 0). */
  passed: boolean;
  exitCode: number;
  /** Findings by severity, those failing the gate, those suppressed, and the references not verified. */
  summary: Omit<AuditCounts, 'unverifiedFailing'>;
  findings: Finding[];
  /** Every profile, object and path the sharing sets name that could not be verified, and why. */
  unverified: UnverifiedEntry[];
  suppressed: SuppressedFinding[];
  expiredBaselineEntries: BaselineEntry[];
  unusedBaselineEntries: BaselineEntry[];
  /** With --write-baseline: the file written and its entries (kept from the file it refreshed, added, dropped). */
  baselineWritten?: { file: string; entries: number; kept: number; added: number; dropped: number };
  /** With --prune-baseline: the entries removed from the --baseline file. */
  baselinePruned?: { file: string; removed: BaselineEntry[] };
  rules: Array<Pick<RuleMeta, 'id' | 'title' | 'severity' | 'confidence'>>;
  rulesSkipped: Array<{ id: string; reason: string }>;
  reports: Array<{ format: string; file: string }>;
  apiCalls?: ApiCallCounts;
  /** The org's daily API allowance as read at the start (org mode). */
  dailyApiRequests?: DailyRequests;
};

/** The audit's verdict before anything is printed: findings, the baseline's outcome and the report to render. */
export type Evaluation = {
  audit: AuditResult;
  /** The rules that did not run, each with the advice the CLI gives. */
  skipped: Array<{ id: string; reason: string }>;
  outcome: BaselineOutcome;
  report: AuditReport;
};

/** Runs the selected rules over `snapshot`, applies the baseline and assembles the report. */
export function evaluate(
  snapshot: Snapshot,
  options: AuditOptions & {
    failOn: Severity;
    failOnConfidence?: Confidence;
    requireComplete?: boolean;
    baseline?: Baseline;
    /** Whether this run writes a baseline: then it is not a gate (exit 0 once the file is written). */
    writesBaseline?: boolean;
    tool: ReportTool;
    today: string;
  }
): Evaluation {
  const audit = runAudit(snapshot, {
    rules: options.rules,
    excludeRules: options.excludeRules,
    deep: options.deep,
    advise: findingAdvice,
  });
  // The engine says why a rule was skipped as a code; the CLI, which knows the flags, words the advice.
  const skipped = audit.rulesSkipped.map(({ id, reason }) => ({ id, reason: skipAdvice(reason) }));
  const outcome = applyBaseline(audit.findings, options.baseline ?? { version: 1, entries: [] }, options.today);
  const report: AuditReport = {
    tool: options.tool,
    origin: snapshot.origin,
    rules: audit.rulesRun,
    findings: outcome.active,
    suppressed: outcome.suppressed,
    threshold: options.failOn,
    confidence: options.failOnConfidence ?? DEFAULT_GATE_CONFIDENCE,
    skipped,
    unverified: audit.unverified.map(({ reason, ...entry }) => ({ ...entry, reason: unverifiedAdvice(reason) })),
    requireComplete: options.requireComplete === true,
    expiredBaseline: outcome.expired.length,
    ...(options.writesBaseline ? { baselineWritten: true } : {}),
  };
  return { audit, skipped, outcome, report };
}

/** Everything the result is made of. */
export type AuditRun = Evaluation & {
  snapshot: Snapshot;
  failOn: Severity;
  reports: Array<{ format: string; file: string }>;
  apiCalls?: ApiCallCounts;
  dailyApiRequests?: DailyRequests;
  baselineWritten?: SharingAuditResult['baselineWritten'];
  baselinePruned?: SharingAuditResult['baselinePruned'];
};

/** The result, with the gate's verdict: exit code, and how many findings fail the gate at the report's threshold. */
export function auditResult(run: AuditRun): SharingAuditResult {
  const { snapshot, report, audit, outcome, failOn, apiCalls, dailyApiRequests } = run;
  const failOnConfidence = report.confidence ?? DEFAULT_GATE_CONFIDENCE;
  const failing = outcome.active.filter((finding) => failsGate(finding, failOn, failOnConfidence)).length;
  const { unverifiedFailing, ...summary } = auditCounts(report);
  // Writing a baseline accepts today's findings: that run is not a gate (the file is written before this is reached).
  const exitCode = run.baselineWritten ? EXIT.ok : gateExitCode(outcome.expired.length, failing + unverifiedFailing);
  return {
    origin: snapshot.origin,
    failOn,
    failOnConfidence,
    requireComplete: report.requireComplete === true,
    passed: exitCode === EXIT.ok,
    exitCode,
    summary: { ...summary, failing },
    findings: outcome.active,
    unverified: report.unverified ?? [],
    suppressed: outcome.suppressed,
    expiredBaselineEntries: outcome.expired,
    unusedBaselineEntries: outcome.unused,
    rules: audit.rulesRun.map(({ id, title, severity, confidence }) => ({ id, title, severity, confidence })),
    rulesSkipped: run.skipped,
    reports: run.reports,
    ...(run.baselineWritten ? { baselineWritten: run.baselineWritten } : {}),
    ...(run.baselinePruned ? { baselinePruned: run.baselinePruned } : {}),
    ...(apiCalls ? { apiCalls } : {}),
    ...(dailyApiRequests ? { dailyApiRequests } : {}),
  };
}

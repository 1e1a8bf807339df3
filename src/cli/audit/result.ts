/** The audit's `--json` result, from the audit, the baseline's outcome and the report. */
import type { BaselineEntry, BaselineOutcome, SuppressedFinding } from '../../audit/baseline.js';
import type { AuditResult } from '../../audit/engine.js';
import type { Finding, RuleMeta, Severity } from '../../audit/types.js';
import type { Snapshot, SnapshotOrigin } from '../../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../../org/client.js';
import { auditCounts, failsGate, type AuditReport } from '../../report/auditReport.js';
import { EXIT } from '../exitCodes.js';
import { gateExitCode } from './output.js';

export type SharingAuditResult = {
  origin: SnapshotOrigin;
  failOn: Severity;
  /** Whether the gate passed (exit code 0). */
  passed: boolean;
  exitCode: number;
  summary: { error: number; warning: number; info: number; total: number; failing: number; suppressed: number };
  findings: Finding[];
  suppressed: SuppressedFinding[];
  expiredBaselineEntries: BaselineEntry[];
  unusedBaselineEntries: BaselineEntry[];
  rules: Array<Pick<RuleMeta, 'id' | 'title' | 'severity' | 'confidence'>>;
  rulesSkipped: Array<{ id: string; reason: string }>;
  reports: Array<{ format: string; file: string }>;
  apiCalls?: ApiCallCounts;
  /** The org's daily API allowance as read at the start (org mode). */
  dailyApiRequests?: DailyRequests;
};

/** Everything the result is made of. */
export type AuditRun = {
  snapshot: Snapshot;
  report: AuditReport;
  failOn: Severity;
  audit: AuditResult;
  /** The rules that did not run, each with the advice the CLI gives. */
  skipped: Array<{ id: string; reason: string }>;
  outcome: BaselineOutcome;
  reports: Array<{ format: string; file: string }>;
  apiCalls?: ApiCallCounts;
  dailyApiRequests?: DailyRequests;
};

/** The result, with the gate's verdict: exit code, and how many findings fail the gate at the report's threshold. */
export function auditResult(run: AuditRun): SharingAuditResult {
  const { snapshot, report, audit, outcome, failOn, apiCalls, dailyApiRequests } = run;
  const failing = outcome.active.filter((finding) => failsGate(finding, failOn)).length;
  const exitCode = gateExitCode(outcome.expired.length, failing);
  const counts = auditCounts(report);
  return {
    origin: snapshot.origin,
    failOn,
    passed: exitCode === EXIT.ok,
    exitCode,
    summary: {
      error: counts.error,
      warning: counts.warning,
      info: counts.info,
      total: counts.total,
      failing,
      suppressed: counts.suppressed,
    },
    findings: outcome.active,
    suppressed: outcome.suppressed,
    expiredBaselineEntries: outcome.expired,
    unusedBaselineEntries: outcome.unused,
    rules: audit.rulesRun.map(({ id, title, severity, confidence }) => ({ id, title, severity, confidence })),
    rulesSkipped: run.skipped,
    reports: run.reports,
    ...(apiCalls ? { apiCalls } : {}),
    ...(dailyApiRequests ? { dailyApiRequests } : {}),
  };
}

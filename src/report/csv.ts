/**
 * CSV of audit findings, one row per finding (active first, then baseline-suppressed), for spreadsheets.
 *
 * - RFC 4180: fields with a comma, a double quote, CR or LF are quoted, quotes doubled, records end with CRLF, a
 * header row comes first.
 * - Formula injection guard (OWASP "CSV Injection"; OWASP ASVS 4/5 requirement on CSV and formula injection): a cell
 * starting with `=`, `+`, `-`, `@`, tab, CR or NUL gets a leading single quote, so spreadsheets show it as text.
 * Metadata text (labels, descriptions, profile names) is written by org admins and is therefore untrusted here.
 */
import type { Finding } from '../audit/types.js';
import {
  type AuditReport,
  compareFindings,
  describeTarget,
  findRule,
  findingLine,
  failsGate,
  DEFAULT_THRESHOLD,
} from './auditReport.js';
import { safeValue } from './sanitize.js';

/** The columns, in order. */
export const CSV_COLUMNS = [
  'severity',
  'failing',
  'ruleId',
  'rule',
  'confidence',
  'sharingSet',
  'target',
  'file',
  'line',
  'message',
  'remediation',
  'suppressed',
  'suppressionReason',
  'fingerprint',
] as const;

/**
 * Renders an audit report as CSV.
 *
 * @param report findings, rules, suppressed findings and context of one audit run
 * @returns RFC 4180 CSV text with a header row, CRLF line ends (ending with one)
 */
export function renderCsv(report: AuditReport): string {
  const threshold = report.threshold ?? DEFAULT_THRESHOLD;
  const row = (finding: Finding, suppressionReason?: string): string[] => {
    const rule = findRule(report.rules, finding.ruleId);
    const line = findingLine(finding);
    return [
      finding.severity,
      String(suppressionReason === undefined && failsGate(finding, threshold, report.confidence)),
      finding.ruleId,
      rule?.title ?? '',
      finding.confidence,
      finding.target.sharingSet ?? '',
      describeTarget(finding.target),
      finding.location?.file ?? '',
      line === undefined ? '' : String(line),
      finding.message,
      rule?.remediation ?? '',
      String(suppressionReason !== undefined),
      suppressionReason ?? '',
      finding.fingerprint,
    ];
  };
  const rows = [
    [...CSV_COLUMNS],
    ...[...report.findings].sort(compareFindings).map((finding) => row(finding)),
    ...[...(report.suppressed ?? [])]
      .sort((a, b) => compareFindings(a.finding, b.finding))
      .map((entry) => row(entry.finding, entry.reason)),
  ];
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * One cell: control characters and bidi controls shown escaped (src/report/sanitize.ts), formula guard, then RFC 4180
 * quoting when needed.
 */
export function csvCell(raw: string): string {
  const value = safeValue(raw);
  const guarded = /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

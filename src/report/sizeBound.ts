/**
 * How large an audit report can be (issue 21: a pull request must not be able to make a report that exhausts a runner
 * or is too large to upload). A report is its frame (the header, the rule descriptions, the counts: the same whatever
 * the findings) plus one entry per finding, and an entry holds only the finding's own values (its message, its file,
 * the set, profile and object it is about, the project's folder) in the format's fixed text. So:
 *
 * size ≤ frame + Σ over findings (and suppressed findings) of ( FIXED[format] + REPEATS[format] × 6 × values )
 *
 * where `values` is the UTF-8 size of the finding's values, REPEATS is how many times at most an entry writes one value
 * (read from the renderers: SARIF writes the profile in the message, the logical location's name and full name and
 * the target; JUnit the set name in the message, the test case's name, its class name and the file twice; CSV in the
 * message, the set and target columns and the file; the human format in the message, the target and the file;
 * Markdown in the message and the target), and 6 is the most bytes one character of a value can become (a JSON
 * `\u001b`, an XML `&quot;`, the sanitising layer's `\x1b` and a Markdown joiner are at most 6). FIXED bounds the
 * entry's own text (keys, indentation, labels, a 64-digit fingerprint).
 *
 * The number of findings is linear in the project: a rule reports at most once per set, profile, mapping or (set,
 * profile, object) triple, and the duplicate-profile-object finding names at most OTHERS_SHOWN other sets and counts
 * the rest (src/audit/rules/duplicate-profile-object.ts), so N copies of one set give N bounded entries, not N².
 */
import type { Finding } from '../audit/types.js';
import type { AuditReport } from './auditReport.js';
import type { ReportFormat } from './formats.js';

/** The bytes of an entry besides its values, at most. */
export const FIXED: Record<ReportFormat, number> = { human: 300, sarif: 1500, junit: 1000, markdown: 300, csv: 200 };
/** How many times at most an entry writes one of its finding's values. */
export const REPEATS: Record<ReportFormat, number> = { human: 3, sarif: 4, junit: 5, markdown: 2, csv: 4 };
/** The most bytes one character of a value becomes once escaped. */
export const ESCAPE_FACTOR = 6;

const bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** The UTF-8 size of what a finding's entry may quote. */
export function findingValueBytes(finding: Finding, sourceDir?: string): number {
  const { target } = finding;
  return (
    bytes(finding.message) +
    bytes(finding.ruleId) +
    bytes(finding.location?.file) +
    bytes(sourceDir) +
    bytes(target.sharingSet) +
    bytes(target.profile) +
    bytes(target.object)
  );
}

/**
 * The bound above for `report` in `format`, given the size of its frame (the same report rendered without findings):
 * what a test or a user can check a report against.
 */
export function reportSizeBound(format: ReportFormat, report: AuditReport, frameBytes: number): number {
  const all = [...report.findings, ...(report.suppressed ?? []).map((entry) => entry.finding)];
  const extra = (report.suppressed ?? []).reduce((sum, entry) => sum + bytes(entry.reason) + bytes(entry.expires), 0);
  return (
    frameBytes +
    ESCAPE_FACTOR * REPEATS[format] * extra +
    all.reduce(
      (sum, finding) =>
        sum +
        FIXED[format] +
        ESCAPE_FACTOR * REPEATS[format] * findingValueBytes(finding, report.origin.sourceDir ?? report.origin.org),
      0
    )
  );
}

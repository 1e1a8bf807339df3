/**
 * JUnit XML for CI systems that show test reports (Jenkins, GitLab, Azure DevOps, GitHub test-report actions).
 *
 * Shape: one `<testsuite>` per rule (sorted by id); one `<testcase>` per finding, or one passing `<testcase>` when the
 * rule found nothing. A finding at or above the threshold is a `<failure>`; one below it passes with its message in
 * `<system-out>` (visible but not failing); a baseline-suppressed finding is `<skipped>` with the baseline reason; a
 * rule that did not run (e.g. the record-count check without --deep) is a suite of one `<skipped>` case saying why.
 * The XML is written by hand with full escaping (the five predefined entities in text and attributes, characters XML
 * 1.0 forbids removed), which keeps the output byte-stable.
 */
import type { Finding, RuleMeta } from '../audit/types.js';
import {
  type AuditReport,
  auditCounts,
  compareFindings,
  describeOrigin,
  describeTarget,
  findingLine,
  failsGate,
  sortRules,
  sortUnverified,
  DEFAULT_THRESHOLD,
  type UnverifiedEntry,
} from './auditReport.js';

/**
 * Renders an audit report as JUnit XML.
 *
 * @param report findings, rules, suppressed findings and context of one audit run
 * @returns the XML document, UTF-8 declaration included, ending with a newline
 */
export function renderJunit(report: AuditReport): string {
  const threshold = report.threshold ?? DEFAULT_THRESHOLD;
  const suppressed = report.suppressed ?? [];
  const ruleIds = new Set(report.rules.map((rule) => rule.id));
  const unknown = [...new Set([...report.findings, ...suppressed.map((s) => s.finding)].map((f) => f.ruleId))]
    .filter((id) => !ruleIds.has(id))
    .sort();
  const rules: Array<Pick<RuleMeta, 'id' | 'title' | 'remediation'>> = [
    ...sortRules(report.rules),
    ...unknown.map((id) => ({ id, title: id, remediation: '' })),
  ];

  const counts = auditCounts(report);
  let tests = 0;
  const suites = rules.map((rule) => {
    const active = report.findings.filter((f) => f.ruleId === rule.id).sort(compareFindings);
    const skipped = suppressed
      .filter((s) => s.finding.ruleId === rule.id)
      .sort((a, b) => compareFindings(a.finding, b.finding));
    const cases: string[] = [
      ...active.map((finding) =>
        failsGate(finding, threshold, report.confidence)
          ? testcase(rule.id, finding, [
              `      <failure message="${attr(finding.message)}" type="${attr(finding.severity)}">${text(
                failureBody(finding, rule.remediation)
              )}</failure>`,
            ])
          : testcase(rule.id, finding, [
              `      <system-out>${text(failureBody(finding, rule.remediation))}</system-out>`,
            ])
      ),
      ...skipped.map((entry) =>
        testcase(rule.id, entry.finding, [`      <skipped message="${attr(`baseline: ${entry.reason}`)}"/>`])
      ),
    ];
    if (cases.length === 0)
      cases.push(`    <testcase name="${attr(`${rule.title}: no findings`)}" classname="${attr(rule.id)}"/>`);
    tests += cases.length;
    const failures = active.filter((f) => failsGate(f, threshold, report.confidence)).length;
    return [
      `  <testsuite name="${attr(rule.id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${
        skipped.length
      }">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });

  // A rule that did not run is a skipped test, not a passing one: its silence is not a pass.
  const notRun = [...(report.skipped ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const rule of notRun) {
    suites.push(
      [
        `  <testsuite name="${attr(rule.id)}" tests="1" failures="0" errors="0" skipped="1">`,
        `    <testcase name="${attr(`${rule.id}: not checked`)}" classname="${attr(rule.id)}">`,
        `      <skipped message="${attr(`not checked: ${rule.reason}`)}"/>`,
        '    </testcase>',
        '  </testsuite>',
      ].join('\n')
    );
  }
  tests += notRun.length;

  const unverified = sortUnverified(report.unverified ?? []);
  if (unverified.length) {
    suites.push(unverifiedSuite(unverified, report.requireComplete === true));
    tests += unverified.length;
  }
  const skippedCount = counts.suppressed + notRun.length + (report.requireComplete ? 0 : unverified.length);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(
      `${report.tool.name} ${report.tool.version} audit of ${describeOrigin(report.origin)}`
    )}" tests="${tests}" failures="${counts.failing + counts.unverifiedFailing}" errors="0" skipped="${skippedCount}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * The references the audit could not verify, one testcase each: skipped (not checked), or a failure when a complete
 * gate fails on anything not verified.
 */
function unverifiedSuite(entries: UnverifiedEntry[], failing: boolean): string {
  const cases = entries.map((entry) => {
    const line = findingLine(entry);
    const file = entry.location?.file;
    const fileAttrs = file ? ` file="${attr(file)}"${line === undefined ? '' : ` line="${line}"`}` : '';
    const message = `not verified: ${entry.kind} ${entry.name}: ${entry.reason}`;
    const body = failing
      ? `      <failure message="${attr(message)}" type="unverified"/>`
      : `      <skipped message="${attr(message)}"/>`;
    return [
      `    <testcase name="${attr(`${describeTarget(entry.target)}: ${entry.kind} ${entry.name}`)}" classname="unverified"${fileAttrs}>`,
      body,
      '    </testcase>',
    ].join('\n');
  });
  return [
    `  <testsuite name="unverified" tests="${entries.length}" failures="${failing ? entries.length : 0}" errors="0" skipped="${
      failing ? 0 : entries.length
    }">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
}

function testcase(ruleId: string, finding: Finding, body: string[]): string {
  const line = findingLine(finding);
  const file = finding.location?.file;
  const fileAttrs = file ? ` file="${attr(file)}"${line === undefined ? '' : ` line="${line}"`}` : '';
  return [
    `    <testcase name="${attr(describeTarget(finding.target))}" classname="${attr(ruleId)}"${fileAttrs}>`,
    ...body,
    '    </testcase>',
  ].join('\n');
}

function failureBody(finding: Finding, remediation: string): string {
  const line = findingLine(finding);
  const where = finding.location?.file ? `${finding.location.file}${line === undefined ? '' : `:${line}`}` : undefined;
  return [
    `${finding.severity.toUpperCase()} (${finding.confidence} confidence): ${finding.message}`,
    `Target: ${describeTarget(finding.target)}`,
    ...(where ? [`Location: ${where}`] : []),
    ...(remediation ? [`Remediation: ${remediation}`] : []),
    `Fingerprint: ${finding.fingerprint}`,
  ].join('\n');
}

/** Removes characters XML 1.0 does not allow (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
function xmlChars(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    ''
  );
}

function text(value: string): string {
  return xmlChars(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value: also quotes escaped, and line breaks/tabs as character references so parsers keep them. */
function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

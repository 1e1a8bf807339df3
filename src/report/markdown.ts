/**
 * Markdown audit report for pull-request comments and GitHub job summaries (`$GITHUB_STEP_SUMMARY`): a verdict line,
 * counts by severity, a findings table, remediation per rule, and suppressed findings folded in a <details> block.
 */
import type { Finding } from '../audit/types.js';
import { sourceLabel } from '../model/docs.js';
import {
  type AuditReport,
  describeOrigin,
  describeTarget,
  findRule,
  gateNote,
  sortRules,
  SEVERITIES,
  sortUnverified,
} from './auditReport.js';
import { auditView, fileAndLine } from './auditView.js';
import { codeSpan, markdownCell } from './markdownText.js';

const ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

/**
 * Renders an audit report as GitHub-flavoured Markdown.
 *
 * @param report findings, rules, suppressed findings and context of one audit run
 * @returns Markdown text ending with a newline
 */
export function renderAuditMarkdown(report: AuditReport): string {
  const { threshold, counts, findings, suppressed, showsUnverified, verdict } = auditView(report);
  const out: string[] = [
    '## Sharing set audit',
    '',
    `${markdownCell(report.tool.name)} ${markdownCell(report.tool.version)} · ${markdownCell(
      describeOrigin(report.origin)
    )} · threshold: **${threshold}**`,
    '',
    // The verdict in bold, each line ✅ or ❌ as it passes or fails the gate.
    ...verdict.flatMap((line) => [`**${line.fails ? '❌' : '✅'} ${line.text}**`, '']).slice(0, -1),
    '',
    '| Severity | Findings |',
    '|---|---:|',
    ...SEVERITIES.map((severity) => `| ${ICON[severity]} ${severity} | ${counts[severity]} |`),
    `| suppressed by baseline | ${counts.suppressed} |`,
    ...(showsUnverified ? [`| not verified | ${counts.unverified} |`] : []),
    '',
  ];

  if (findings.length) {
    out.push(
      '### Findings',
      '',
      '| Severity | Rule | Target | Message | Location |',
      '|---|---|---|---|---|',
      ...findings.map(
        (f) =>
          `| ${ICON[f.severity]} ${f.severity}${gateNote(f, threshold, report.confidence)} | ${codeSpan(f.ruleId)} | ${markdownCell(describeTarget(f.target))} | ${markdownCell(f.message)} | ${location(f)} |`
      ),
      ''
    );
    const used = sortRules(report.rules).filter((rule) => findings.some((f) => f.ruleId === rule.id));
    if (used.length) {
      out.push('### How to fix', '');
      for (const rule of used) {
        const confidence = rule.confidence === 'high' ? '' : ` _(confidence: ${rule.confidence})_`;
        out.push(
          `- **${codeSpan(rule.id)}: ${markdownCell(rule.title)}**${confidence}. ${markdownCell(rule.remediation)}${
            /^https?:\/\//.test(rule.sourceUrl)
              ? ` ([${sourceLabel(rule.sourceUrl)}](${rule.sourceUrl.replace(/[()\s]/g, encodeURIComponent)}))`
              : ''
          }`
        );
      }
      out.push('');
    }
  }

  if (suppressed.length) {
    out.push(
      '<details>',
      `<summary>${suppressed.length} finding${suppressed.length === 1 ? '' : 's'} suppressed by the baseline</summary>`,
      '',
      '| Rule | Target | Message | Reason |',
      '|---|---|---|---|',
      ...suppressed.map(
        (s) =>
          `| ${codeSpan(s.finding.ruleId)} | ${markdownCell(describeTarget(s.finding.target))} | ${markdownCell(
            s.finding.message
          )} | ${markdownCell(s.reason)} |`
      ),
      '',
      '</details>',
      ''
    );
  }
  if (report.unverified?.length) {
    out.push(
      '### Not verified',
      '',
      '| Target | What | Why | Location |',
      '|---|---|---|---|',
      ...sortUnverified(report.unverified).map(
        (entry) =>
          `| ${markdownCell(describeTarget(entry.target))} | ${markdownCell(entry.kind)} ${codeSpan(entry.name)} | ${markdownCell(entry.reason)} | ${location(entry)} |`
      ),
      ''
    );
  }
  if (report.skipped?.length) {
    out.push(
      '**Not checked:**',
      '',
      ...report.skipped.map((r) => `- ${codeSpan(r.id)}: ${markdownCell(r.reason)}`),
      ''
    );
  }
  const unknownRules = [...new Set(findings.map((f) => f.ruleId))].filter((id) => !findRule(report.rules, id));
  if (unknownRules.length) out.push(`Rules without metadata: ${unknownRules.map(markdownCell).join(', ')}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function location(finding: Pick<Finding, 'target' | 'location'>): string {
  const where = fileAndLine(finding);
  return where ? codeSpan(where) : '';
}

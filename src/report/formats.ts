/**
 * The audit's report formats: which renderer makes each, and which format a file name asks for.
 */
import type { AuditReport } from './auditReport.js';
import { renderCsv } from './csv.js';
import { renderAuditHuman } from './human.js';
import { renderJunit } from './junit.js';
import { renderAuditMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

export const REPORT_FORMATS = ['human', 'sarif', 'junit', 'markdown', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders an audit report in a format; `width` (the terminal's) wraps the human format's long lines. */
export function renderAuditReport(format: ReportFormat, report: AuditReport, width?: number): string {
  switch (format) {
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderAuditMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'human':
      return renderAuditHuman(report, { width });
  }
}

/** The format a report file's name asks for, or undefined when its extension names none. */
export function formatForFile(path: string): Exclude<ReportFormat, 'human'> | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.sarif') || name.endsWith('.sarif.json')) return 'sarif';
  if (name.endsWith('.xml')) return 'junit';
  if (name.endsWith('.md') || name.endsWith('.markdown')) return 'markdown';
  if (name.endsWith('.csv')) return 'csv';
  return undefined;
}

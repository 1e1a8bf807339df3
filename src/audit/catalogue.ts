/**
 * The README's rule table, generated from rule metadata so documentation and code cannot drift.
 */
import type { Rule } from './types.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A Markdown table of the rules: id, title, severity, confidence, deep, rationale and source link. */
export function renderRuleCatalogueMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '| Rule | Title | Severity | Confidence | Deep | Why | Source |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rules
      .map(({ meta }) =>
        [
          `\`${meta.id}\``,
          cell(meta.title),
          meta.severity,
          meta.confidence,
          meta.deep ? 'yes' : '',
          cell(meta.rationale),
          `[docs](${meta.sourceUrl})`,
        ].join(' | ')
      )
      .map((row) => `| ${row} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The README's rule table, generated from rule metadata so documentation and code cannot drift.
 */
import { sourceLabel } from '../model/docs.js';
import type { Confidence, Rule, RuleMeta } from './types.js';

/** Every confidence a rule's findings can carry, surest first: its declared list, else its one confidence. */
export function ruleConfidences(meta: Pick<RuleMeta, 'confidence' | 'confidences'>): Confidence[] {
  return meta.confidences ?? [meta.confidence];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * A Markdown table of the rules: id, title, severity, the confidences its findings can carry, deep, rationale and a
 * source link labelled by kind (Salesforce documentation or a secondary source).
 */
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
          ruleConfidences(meta).join(', '),
          meta.deep ? 'yes' : '',
          cell(meta.rationale),
          `[${sourceLabel(meta.sourceUrl)}](${meta.sourceUrl})`,
        ].join(' | ')
      )
      .map((row) => `| ${row} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The deploy plan as people read it: table rows (human) or a Markdown table for a pull-request comment. Values come
 * from metadata and file names: terminal text is made inert, Markdown cells escaped (src/report/markdownText.ts).
 */
import { Messages } from '@salesforce/core';
import type { DeployPlan, PlanItem } from '../deploy/plan.js';
import { markdownCell, terminalText } from '../report/markdownText.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.deploy');

export const PLAN_COLUMNS = ['fullName', 'action', 'detail'] as const;
export type PlanRow = Record<(typeof PLAN_COLUMNS)[number], string>;

/** What an update changes, in a few words; empty for the other actions. */
function detail(item: PlanItem): string {
  const change = item.change;
  if (!change) return '';
  const profiles = [change.profilesInSourceOnly.length, change.profilesInTargetOnly.length];
  const mappings = [change.mappingsInSourceOnly.length, change.mappingsInTargetOnly.length];
  return [
    change.label ? messages.getMessage('detail.label') : '',
    change.description ? messages.getMessage('detail.description') : '',
    profiles[0] + profiles[1] > 0 ? messages.getMessage('detail.profiles', profiles) : '',
    mappings[0] + mappings[1] > 0 ? messages.getMessage('detail.mappings', mappings) : '',
    change.accessLevelChanges.length > 0
      ? messages.getMessage('detail.accessLevels', [change.accessLevelChanges.length])
      : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** One row per set of the plan, terminal-safe. */
export function planRows(plan: DeployPlan): PlanRow[] {
  return plan.items.map((item) => ({
    fullName: terminalText(item.fullName),
    action: messages.getMessage(`action.${item.action}`),
    detail: detail(item),
  }));
}

/** The plan's one-line summary. */
export function planSummary(plan: DeployPlan, org: string): string {
  return messages.getMessage('info.Plan', [
    org,
    plan.creates.length,
    plan.updates.length,
    plan.deletes.length,
    plan.unchanged.length,
    plan.kept.length,
  ]);
}

/** The plan as GitHub-flavoured Markdown: a heading, the summary and a table (every cell escaped). */
export function planMarkdown(plan: DeployPlan, org: string): string {
  const heading = PLAN_COLUMNS.map((key) => messages.getMessage(`column.${key}`));
  const lines = [
    `### ${markdownCell(messages.getMessage('info.PlanMarkdownTitle', [org]))}`,
    '',
    markdownCell(planSummary(plan, org)),
    '',
    `| ${heading.join(' | ')} |`,
    `| ${heading.map(() => '---').join(' | ')} |`,
    ...plan.items.map(
      (item) =>
        `| ${markdownCell(item.fullName)} | ${markdownCell(
          messages.getMessage(`action.${item.action}`)
        )} | ${markdownCell(detail(item))} |`
    ),
  ];
  return lines.join('\n');
}

/**
 * `sf sharing explain` as text: a step list for the terminal, or Markdown for a support ticket. With `redact`, names
 * and usernames (which are e-mail addresses) are left out; Ids stay, so the ticket still names every record.
 */
import type { RecordExplanation, ReachEntry } from '../explain/match.js';
import type { Ref } from '../explain/types.js';
import { terminalText } from './markdownText.js';
import { markdownInert } from './sanitize.js';

/** What the renderer shows about the user. */
export type ExplainedUser = {
  id: string;
  username: string;
  name?: string;
  active: boolean;
  profile: string;
  license?: string;
  eligibility: string;
  reason: string;
  account?: Ref;
  contact?: Ref;
  manager?: { id: string; account?: Ref; contact?: Ref };
};

export type ExplainView = {
  user: ExplainedUser;
  sharingSets: string[];
  records: RecordExplanation[];
  reach?: ReachEntry[];
  notes: string[];
};

type Style = { markdown: boolean; redact: boolean };

function refText(ref: Ref | undefined, style: Style): string {
  if (!ref) return 'none';
  return ref.name && !style.redact ? `${ref.name} (${ref.id})` : ref.id;
}

/** A sentence from the analysis with names left out: every "Name (Id)" becomes the Id. */
function scrub(sentence: string, style: Style, names: string[]): string {
  if (!style.redact) return sentence;
  let out = sentence.replace(/[^,:;()]+ \(([A-Za-z0-9]{15,18})\)/g, ' $1');
  for (const name of names.filter((n) => n.length > 0)) out = out.split(name).join('[redacted]');
  return out;
}

function userLines(view: ExplainView, style: Style): string[] {
  const { user } = view;
  const who = style.redact ? user.id : `${user.name ?? user.username} (${user.username}, ${user.id})`;
  return [
    `1. User: ${who}, ${user.active ? 'active' : 'inactive'}, profile ${user.profile}${
      user.license ? `, license ${user.license}` : ''
    }: sharing sets ${
      user.eligibility === 'eligible' ? 'apply' : user.eligibility === 'unknown' ? 'may apply' : 'do not apply'
    }.`,
    `   Account ${refText(user.account, style)}; contact ${refText(user.contact, style)}; manager ${
      user.manager
        ? `${user.manager.id} (account ${refText(user.manager.account, style)}, contact ${refText(
            user.manager.contact,
            style
          )})`
        : 'none'
    }.`,
    `   Sharing sets naming the profile: ${view.sharingSets.length > 0 ? view.sharingSets.join(', ') : 'none'}.`,
  ];
}

function recordLines(record: RecordExplanation, style: Style, names: string[]): string[] {
  const title = `${record.object} ${record.name && !style.redact ? `${record.name} ` : ''}(${record.id}): ${
    record.access
  }`;
  const permission = record.objectPermission
    ? `Read ${record.objectPermission.read ? `yes (${record.objectPermission.readFrom.join(', ')})` : 'no'}, Edit ${
        record.objectPermission.edit ? `yes (${record.objectPermission.editFrom.join(', ')})` : 'no'
      }`
    : 'not read';
  const lines = [
    style.markdown ? `### ${title}` : title,
    `- Object permission on ${record.object}: ${permission}.`,
    `- External org-wide default: ${record.externalOwd ?? 'not known'} (gives ${record.owdAccess}).`,
  ];
  for (const mapping of record.mappings) {
    lines.push(
      `- ${mapping.matched ? 'matches' : 'no match'}: ${mapping.sharingSet} mapping ${mapping.mappingIndex + 1} (${
        mapping.accessLevel
      }): ${scrub(mapping.reason, style, names)}`
    );
  }
  if (record.mappings.length === 0) lines.push(`- No sharing set naming the profile maps ${record.object}.`);
  lines.push(`- Verdict: ${scrub(record.reason, style, names)}`);
  const answer = record.salesforceAnswer;
  if (answer) {
    lines.push(`- Salesforce (UserRecordAccess): ${answer.note}`);
    if (answer.mayExplain.length > 0) lines.push(`  May explain it: ${answer.mayExplain.join('; ')}.`);
  }
  return lines;
}

function reachLines(entries: ReachEntry[], style: Style, names: string[]): string[] {
  if (entries.length === 0) return ['No sharing set names the profile: sharing sets give this user nothing.'];
  return entries.map((entry) => {
    const key =
      entry.userValues.length > 0
        ? entry.userValues.map((value) => refText(value, style)).join(', ')
        : entry.missing ?? 'none';
    const count = entry.count === undefined ? '' : `: ${entry.count} record(s)`;
    return `- ${entry.sharingSet} mapping ${entry.mappingIndex + 1} (${entry.accessLevel}): ${entry.object}.${
      entry.objectField
    } = User.${entry.userField}; key ${scrub(key, style, names)}${count}`;
  });
}

/** The explanation as lines of text (terminal) or Markdown (`markdown`), names left out with `redact`. */
export function renderExplain(view: ExplainView, options: { markdown: boolean; redact: boolean }): string[] {
  const style: Style = options;
  const names = [view.user.name ?? '', view.user.username];
  const lines: string[] = [];
  if (style.markdown) lines.push('## Why this user can or cannot see these records', '');
  lines.push(...userLines(view, style), '');
  if (view.reach) {
    lines.push('2. What the sharing sets reach:', ...reachLines(view.reach, style, names), '');
  } else {
    lines.push('2. Records:', '');
    for (const record of view.records) lines.push(...recordLines(record, style, names), '');
  }
  for (const note of view.notes) lines.push(`Note: ${note}`);
  // Names come from the org: no terminal control sequences or workflow commands through them, and in Markdown no
  // mention, link or issue reference either (src/report/sanitize.ts).
  return lines.map((line) => (style.markdown ? markdownInert(line) : terminalText(line)));
}

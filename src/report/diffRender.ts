/**
 * Renders a {@link SharingSetDiff} as text that reads like a code review: one block per sharing set, `+` for what the
 * source side has and the target org lacks (a deploy would add it), `-` for what only the target org has, `~` for a
 * value that differs. The same lines feed the Markdown renderer's ```diff blocks, so GitHub colours them.
 */
import type { DiffMapping, DiffSharingSet, SharingSetChange, SharingSetDiff } from '../diff/diff.js';
import { compareNames } from '../model/names.js';
import { fence, markdownCell, terminalText } from './markdownText.js';
import { wrapLines } from './table.js';

/** What a line of the text diff shows, for a caller that colours the output (e.g. with chalk). */
export type DiffLineKind = 'heading' | 'added' | 'removed' | 'changed' | 'context' | 'summary';

/** Colours a line; must not change the text otherwise. */
export type Colourise = (text: string, kind: DiffLineKind) => string;

/** Options of the diff renderers. */
export type DiffRenderOptions = {
  /** How the target side is named in headings, e.g. `org admin@acme.com`. Default `target org`. */
  targetLabel?: string;
  /** How the source side is named, e.g. `project`, `org uat`. Default `source`. */
  sourceLabel?: string;
  /** Colours each line of the text output. Default: none (the pure string has no ANSI codes). */
  colourise?: Colourise;
  /** The terminal's width: longer lines of the text output wrap, continuing under their text. Default: no wrap. */
  width?: number;
};

type Line = { kind: DiffLineKind; text: string };

/** `Case: Account = user Account (Read)`: the record's lookup path matched against the user's. */
export function describeMapping(mapping: Omit<DiffMapping, 'accessLevel'>, accessLevel?: string): string {
  const base = `${mapping.object}: ${mapping.objectField} = user ${mapping.userField}`;
  return accessLevel === undefined ? base : `${base} (${accessLevel})`;
}

/**
 * The diff as plain text for a terminal.
 *
 * @param diff the result of `diffSharingSets`
 * @param options labels of the two sides and an optional colouriser
 * @returns lines joined with `\n`, ending with a newline
 */
export function renderDiffText(diff: SharingSetDiff, options: DiffRenderOptions = {}): string {
  const target = options.targetLabel ?? 'target org';
  const source = options.sourceLabel ?? 'source';
  const paint = options.colourise ?? ((text: string): string => text);
  const lines: Line[] = [{ kind: 'heading', text: `Sharing sets: ${target} compared with ${source}` }];

  if (!diff.hasDrift) {
    lines.push({ kind: 'summary', text: `No differences (${plural(diff.summary.unchanged, 'sharing set')} equal).` });
  } else {
    for (const block of setBlocks(diff, source, target)) lines.push({ kind: 'context', text: '' }, ...block);
    lines.push({ kind: 'context', text: '' }, { kind: 'summary', text: summaryLine(diff) });
  }
  for (const name of diff.notFound) {
    lines.push({ kind: 'summary', text: `Not found on either side: ${name}` });
  }
  for (const entry of diff.ambiguous) {
    lines.push({
      kind: 'summary',
      text: `Names differing only in case in ${entry.side === 'target' ? target : source}: ${entry.fullNames.join(
        ', '
      )} (compared ${entry.fullNames[0]} only)`,
    });
  }
  const wrapped = lines.flatMap((line) =>
    wrapLines([terminalText(line.text)], options.width, diffHang).map((text) => paint(text, line.kind))
  );
  return `${wrapped.join('\n')}\n`;
}

/** Where a wrapped diff line continues: under the value after its sign and what it names. */
function diffHang(line: string): number {
  return /^[-+~]\s+(?:profile |mapping |label: |description: )?/.exec(line)?.[0].length ?? 0;
}

/**
 * The diff as GitHub-flavoured Markdown for a pull-request comment or a job summary: a heading, a summary table and
 * one ```diff block per sharing set.
 *
 * @param diff the result of `diffSharingSets`
 * @param options labels of the two sides (colouriser ignored)
 * @returns Markdown text ending with a newline
 */
export function renderDiffMarkdown(diff: SharingSetDiff, options: DiffRenderOptions = {}): string {
  const target = options.targetLabel ?? 'target org';
  const source = options.sourceLabel ?? 'source';
  const out: string[] = [
    `## Sharing set drift: ${markdownCell(target)} ← ${markdownCell(source)}`,
    '',
    diff.hasDrift
      ? `**${plural(
          diff.onlyInSource.length + diff.onlyInTarget.length + diff.changed.length,
          'sharing set'
        )} differ.**`
      : '**No differences.**',
    '',
    '| | Sharing sets |',
    '|---|---:|',
    `| Only in ${markdownCell(source)} (would be created) | ${diff.summary.onlyInSource} |`,
    `| Only in ${markdownCell(target)} | ${diff.summary.onlyInTarget} |`,
    `| Changed | ${diff.summary.changed} |`,
    `| Unchanged | ${diff.summary.unchanged} |`,
    '',
  ];
  if (diff.summary.changed > 0) {
    out.push(
      `Changes inside sets: ${plural(diff.summary.profileChanges, 'profile')}, ${plural(
        diff.summary.mappingChanges,
        'mapping'
      )}, ${plural(diff.summary.accessLevelChanges, 'access level')}.`,
      ''
    );
  }
  for (const block of setBlocks(diff, source, target)) {
    out.push(
      `### ${markdownCell(block[0].text.slice(2))}`,
      '',
      ...fence(
        'diff',
        block.map((l) => terminalText(l.text))
      ),
      ''
    );
  }
  if (diff.notFound.length) {
    out.push(`Not found on either side: ${diff.notFound.map((name) => `\`${markdownCell(name)}\``).join(', ')}`, '');
  }
  for (const entry of diff.ambiguous) {
    out.push(
      `> [!WARNING]\n> Names differing only in case in ${entry.side === 'target' ? target : source}: ${entry.fullNames
        .map(markdownCell)
        .join(', ')}; only ${markdownCell(entry.fullNames[0])} was compared.`,
      ''
    );
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** One block of lines per differing set: sets only in source, then changed, then only in target, each by name. */
function setBlocks(diff: SharingSetDiff, source: string, target: string): Line[][] {
  type Entry = { name: string; block: Line[] };
  const entries: Entry[] = [
    ...diff.onlyInSource.map((set) => ({ name: set.fullName, block: wholeSet(set, '+', `only in ${source}`) })),
    ...diff.changed.map((change) => ({ name: change.fullName, block: changedSet(change, source) })),
    ...diff.onlyInTarget.map((set) => ({ name: set.fullName, block: wholeSet(set, '-', `only in ${target}`) })),
  ];
  return entries.sort((a, b) => compareNames(a.name, b.name)).map((entry) => entry.block);
}

function wholeSet(set: DiffSharingSet, sign: '+' | '-', where: string): Line[] {
  const kind: DiffLineKind = sign === '+' ? 'added' : 'removed';
  return [
    { kind, text: `${sign} ${set.fullName} (${where})` },
    { kind, text: `${sign}     label: ${quote(set.label)}` },
    ...(set.description === undefined ? [] : [{ kind, text: `${sign}     description: ${quote(set.description)}` }]),
    ...set.profiles.map((profile) => ({ kind, text: `${sign}     profile ${profile}` })),
    ...set.accessMappings.map((m) => ({ kind, text: `${sign}     mapping ${describeMapping(m, m.accessLevel)}` })),
  ];
}

function changedSet(change: SharingSetChange, source: string): Line[] {
  const name =
    change.sourceFullName === undefined ? change.fullName : `${change.fullName} (${source}: ${change.sourceFullName})`;
  const lines: Line[] = [{ kind: 'changed', text: `~ ${name}` }];
  if (change.label) {
    lines.push({
      kind: 'changed',
      text: `~     label: ${quote(change.label.target)} -> ${quote(change.label.source)}`,
    });
  }
  if (change.description) {
    lines.push({
      kind: 'changed',
      text: `~     description: ${quote(change.description.target)} -> ${quote(change.description.source)}`,
    });
  }
  lines.push(
    ...change.profilesInSourceOnly.map((p): Line => ({ kind: 'added', text: `+     profile ${p}` })),
    ...change.profilesInTargetOnly.map((p): Line => ({ kind: 'removed', text: `-     profile ${p}` })),
    ...change.mappingsInSourceOnly.map(
      (m): Line => ({ kind: 'added', text: `+     mapping ${describeMapping(m, m.accessLevel)}` })
    ),
    ...change.mappingsInTargetOnly.map(
      (m): Line => ({ kind: 'removed', text: `-     mapping ${describeMapping(m, m.accessLevel)}` })
    ),
    ...change.accessLevelChanges.map(
      (c): Line => ({ kind: 'changed', text: `~     mapping ${describeMapping(c)}: ${c.target} -> ${c.source}` })
    )
  );
  return lines;
}

/** A value in double quotes with line breaks shown as `\n`, so one value stays on one line; absent reads `(none)`. */
function quote(value: string | undefined): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

function summaryLine(diff: SharingSetDiff): string {
  const s = diff.summary;
  // Labels and descriptions only when some differ: the lines above show them, so the count must not leave them out.
  const labels = diff.changed.filter((change) => change.label).length;
  const descriptions = diff.changed.filter((change) => change.description).length;
  const parts = [
    ...(labels > 0 ? [plural(labels, 'label')] : []),
    ...(descriptions > 0 ? [plural(descriptions, 'description')] : []),
    plural(s.profileChanges, 'profile'),
    plural(s.mappingChanges, 'mapping'),
    plural(s.accessLevelChanges, 'access level'),
  ];
  return `${plural(s.onlyInSource, 'set')} to create, ${s.changed} changed, ${s.onlyInTarget} only in target, ${
    s.unchanged
  } unchanged (${parts.join(', ')} differ).`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

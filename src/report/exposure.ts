/**
 * `sf sharing exposure` as terminal rows, Markdown (with a Mermaid flowchart GitHub renders) and CSV. Every name, label
 * and description comes from the org, where anyone with Customize Application writes it: terminal values go through
 * src/report/sanitize.ts, Markdown cells through markdownCell, Mermaid labels are written as Mermaid entity codes
 * (`#60;`), which render as text, and CSV cells through csvCell (formula guard). Words come from the command's messages
 * (`words`), so none is written here.
 */
import { nameKey } from '../model/names.js';
import type { ExposureTotals, MappingExposure } from '../exposure/types.js';
import { csvCell } from './csv.js';
import { fence, markdownCell, terminalText } from './markdownText.js';

/** What the renderers show. */
export type ExposureView = { org: string; mappings: MappingExposure[]; totals: ExposureTotals };

/** The command's words by key (messages/sharing.exposure.md `report.<key>`), with `%s` tokens filled. */
export type Words = (key: string, tokens?: Array<string | number>) => string;

/** A file's first line that marks it as this plugin's exposure report (src/io/reportTarget.ts). */
export const EXPOSURE_SIGNATURES = {
  markdown: '## Sharing set exposure',
  csv: 'sharingSet,label,mappingIndex,',
  html: '<!DOCTYPE html><!-- sharing set exposure -->',
} as const;

/** The mapping as one line: `Case.Account = User.Contact.RelatedAccount`. */
export const mappingPath = (m: MappingExposure): string => `${m.object}.${m.objectField} = User.${m.userField}`;

/** The accounts (or contacts) reached most, as one cell: `Acme (001…): 12; 001…: 3`. */
export const topKeysText = (m: MappingExposure): string =>
  m.topKeys.map((key) => `${key.name ? `${key.name} (${key.id})` : key.id}: ${key.records}`).join('; ');

/** Why a mapping was not counted, as one cell (empty when it was). */
export const notCountedText = (m: MappingExposure): string =>
  m.notCounted ? `${m.notCounted.code}: ${m.notCounted.reason}` : '';

/** The cells of a mapping's row in the Markdown and HTML reports, in the order of `report.mappingColumns`. */
export const mappingCells = (m: MappingExposure): Array<string | number> => [
  m.label && m.label !== m.sharingSet ? `${m.label} (${m.sharingSet})` : m.sharingSet,
  m.mappingIndex + 1,
  m.accessLevel,
  mappingPath(m),
  m.users,
  m.records,
  m.grants,
  topKeysText(m),
  notCountedText(m),
];

/** Rows of the terminal table, every org value made safe. */
export function exposureRows(view: ExposureView): Array<Record<string, string | number>> {
  return view.mappings.map((m) => ({
    sharingSet: terminalText(m.sharingSet),
    mapping: m.mappingIndex + 1,
    access: m.accessLevel,
    path: terminalText(mappingPath(m)),
    users: m.users,
    records: m.records,
    grants: m.grants,
    top: terminalText(topKeysText(m)),
    note: terminalText(notCountedText(m)),
  }));
}

/** Mermaid text for a label: letters, digits and blanks as they are, every other character as an entity code. */
export function mermaidText(value: string): string {
  return [...value.replace(/\s+/g, ' ')]
    .map((char) => (/[A-Za-z0-9 ]/.test(char) ? char : `#${char.codePointAt(0) ?? 0};`))
    .join('');
}

/** Mermaid's defaults (maxEdges 500, maxTextSize 50,000), with room to spare; GitHub's renderer cannot be changed. */
export const MERMAID_LIMITS = { edges: 400, chars: 40_000 };

type Edge = { from: string; to: string; label: string; edit: boolean };
type Graph = { nodes: Map<string, { id: string; label: string; shape: 'profile' | 'set' | 'object' }>; edges: Edge[] };

/** profiles → sharing sets → objects, edges to objects labelled with access and counts. */
export function exposureGraph(view: ExposureView, words: Words, grouped: boolean): Graph {
  const nodes: Graph['nodes'] = new Map();
  const node = (kind: 'profile' | 'set' | 'object', name: string, label = name): string => {
    const key = `${kind}:${nameKey(name)}`;
    const known = nodes.get(key);
    if (known) return known.id;
    const id = `${kind[0]}${nodes.size}`;
    nodes.set(key, { id, label, shape: kind });
    return id;
  };
  const edges = new Map<string, Edge & { users: number; records: number; grants: number; sets: Set<string> }>();
  const edge = (from: string, to: string, m?: MappingExposure): void => {
    const key = `${from}>${to}>${m?.accessLevel ?? ''}`;
    const known = edges.get(key) ?? {
      from,
      to,
      label: '',
      edit: m?.accessLevel === 'Edit',
      users: 0,
      records: 0,
      grants: 0,
      sets: new Set(),
    };
    if (m) {
      known.users = Math.max(known.users, m.users);
      known.records += m.records;
      known.grants += m.grants;
      known.sets.add(m.sharingSet);
    }
    edges.set(key, known);
  };
  for (const m of view.mappings) {
    const object = node('object', m.object);
    if (grouped) {
      for (const profile of m.profiles) edge(node('profile', profile), object, m);
    } else {
      const set = node(
        'set',
        m.sharingSet,
        m.label && m.label !== m.sharingSet ? `${m.label} (${m.sharingSet})` : m.sharingSet
      );
      for (const profile of m.profiles) edge(node('profile', profile), set);
      edge(set, object, m);
    }
  }
  return {
    nodes,
    edges: [...edges.values()].map((e) => ({
      from: e.from,
      to: e.to,
      edit: e.edit,
      label:
        e.sets.size === 0
          ? ''
          : grouped
          ? words('report.edgeGrouped', [e.edit ? 'Edit' : 'Read', e.sets.size, e.records, e.grants])
          : words('report.edge', [e.edit ? 'Edit' : 'Read', e.users, e.records, e.grants]),
    })),
  };
}

function mermaidLines(graph: Graph): string[] {
  const shapes = { profile: ['([', '])'], set: ['[', ']'], object: ['[(', ')]'] } as const;
  const lines = ['flowchart LR'];
  for (const n of graph.nodes.values()) {
    const [open, close] = shapes[n.shape];
    lines.push(`  ${n.id}${open}"${mermaidText(n.label)}"${close}`);
  }
  const edit: number[] = [];
  graph.edges.forEach((e, index) => {
    if (e.edit) edit.push(index);
    const arrow = e.edit ? '==>' : '-->';
    lines.push(e.label ? `  ${e.from} ${arrow}|"${mermaidText(e.label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  });
  if (edit.length > 0) lines.push(`  linkStyle ${edit.join(',')} stroke:#c0392b,stroke-width:3px`);
  return lines;
}

/**
 * The Mermaid flowchart and what was left out to keep it within Mermaid's limits: the full graph, else profiles →
 * objects with set counts, else the first edges that fit.
 */
export function exposureMermaid(view: ExposureView, words: Words): { lines: string[]; note?: string } {
  const fits = (lines: string[], graph: Graph): boolean =>
    graph.edges.length <= MERMAID_LIMITS.edges && lines.join('\n').length <= MERMAID_LIMITS.chars;
  const full = exposureGraph(view, words, false);
  const fullLines = mermaidLines(full);
  if (fits(fullLines, full)) return { lines: fullLines };
  const grouped = exposureGraph(view, words, true);
  const groupedLines = mermaidLines(grouped);
  if (fits(groupedLines, grouped)) return { lines: groupedLines, note: words('report.grouped', [full.edges.length]) };
  let kept = grouped.edges.length;
  let lines = groupedLines;
  while (kept > 0 && !fits(lines, { ...grouped, edges: grouped.edges.slice(0, kept) })) {
    kept = Math.floor(kept * 0.8);
    lines = mermaidLines({ ...grouped, edges: grouped.edges.slice(0, kept) });
  }
  return { lines, note: words('report.truncated', [kept, grouped.edges.length]) };
}

/** Edit exposure, called out: the mappings that let users change records, most grants first. */
function editLines(view: ExposureView, words: Words): string[] {
  const edit = view.mappings
    .filter((m) => m.accessLevel === 'Edit' && m.grants > 0)
    .sort((a, b) => b.grants - a.grants);
  if (edit.length === 0) return [];
  return [
    '',
    `### ${words('report.edit')}`,
    '',
    ...edit.map(
      (m) =>
        `- ${markdownCell(
          words('report.editLine', [m.sharingSet, m.mappingIndex + 1, m.users, m.records, m.object, m.grants])
        )}`
    ),
  ];
}

const row = (cells: Array<string | number>): string => `| ${cells.map((c) => markdownCell(String(c))).join(' | ')} |`;
const header = (cells: string[]): string[] => [row(cells), `|${cells.map(() => ' --- ').join('|')}|`];

/** The Markdown report: summary, Mermaid graph, mappings, totals. */
export function renderExposureMarkdown(view: ExposureView, words: Words): string {
  const { org } = view.totals;
  const mermaid = exposureMermaid(view, words);
  const lines = [
    EXPOSURE_SIGNATURES.markdown,
    '',
    markdownCell(words('report.summary', [view.org, org.mappings, org.users, org.records, org.grants, org.editGrants])),
    '',
    ...fence('mermaid', mermaid.lines),
    ...(mermaid.note ? ['', markdownCell(mermaid.note)] : []),
    '',
    `### ${words('report.mappings')}`,
    '',
    ...header(words('report.mappingColumns').split('|')),
    ...view.mappings.map((m) => row(mappingCells(m))),
    ...editLines(view, words),
    '',
    `### ${words('report.totals')}`,
    '',
    ...header(words('report.totalColumns').split('|')),
    ...view.totals.bySet.map((t) =>
      row([words('report.set'), t.sharingSet, t.mappings, t.users, t.records, t.grants, t.editGrants])
    ),
    ...view.totals.byObject.map((t) =>
      row([words('report.object'), t.object, t.mappings, t.users, t.records, t.grants, t.editGrants])
    ),
    '',
    `### ${words('report.profiles')}`,
    '',
    ...header(words('report.profileColumns').split('|')),
    ...view.totals.byProfile.map((p) =>
      row([p.name, p.status, p.activeUsers, p.sharingSets.join(', '), p.objects.join(', ')])
    ),
    '',
  ];
  return lines.join('\n');
}

/** The CSV columns, in order (the first three are the file's signature). */
export const EXPOSURE_CSV_COLUMNS = [
  'sharingSet',
  'label',
  'mappingIndex',
  'object',
  'accessLevel',
  'objectField',
  'userField',
  'profiles',
  'users',
  'records',
  'grants',
  'keys',
  'topKeys',
  'notCounted',
] as const;

/** One row per mapping, RFC 4180, formula guard (src/report/csv.ts). */
export function renderExposureCsv(view: ExposureView): string {
  const rows = [
    [...EXPOSURE_CSV_COLUMNS],
    ...view.mappings.map((m) => [
      m.sharingSet,
      m.label,
      String(m.mappingIndex),
      m.object,
      m.accessLevel,
      m.objectField,
      m.userField,
      m.profiles.join('; '),
      String(m.users),
      String(m.records),
      String(m.grants),
      String(m.keys),
      topKeysText(m),
      notCountedText(m),
    ]),
  ];
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

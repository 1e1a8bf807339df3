/**
 * Tables and long texts for a terminal of a given width. A table is drawn with columns when they fit (columns marked
 * `wrap` wrap at spaces to make room; the others, API names, never break), else stacked: one block per row of
 * `Heading: value` lines, so an API name is always whole. Texts wrap at spaces with their indentation kept.
 *
 * Why not @oclif/table (sf-plugins-core's `this.table`): it lays every cell out through Ink (React and a flexbox
 * engine), which took about 3 s for the 600 rows of a 250-set org, longer than reading the org; and it truncates
 * API names with "…" when the columns do not fit. This renderer is plain string work, linear in the cells.
 *
 * Pure: the width and the colours are given (see `terminalWidth` and the commands' colourisers).
 */
import { neutraliseCommands } from './sanitize.js';

/**
 * Table columns: the row keys in order, each with its heading. `wrap` marks free text that may wrap at spaces when
 * the columns do not fit: 1 wraps first, 2 only when wrapping the 1s is not enough, and so on.
 */
export type TableColumn<K extends string> = { key: K; name: string; wrap?: number };

/**
 * The columns for `keys`, headed by `heading(key)` (the command's messages: `column.<key>`); the `wrap` keys may wrap,
 * the first of them first.
 */
export function tableColumns<K extends string>(
  keys: readonly K[],
  heading: (key: K) => string,
  wrap: readonly K[] = []
): Array<TableColumn<K>> {
  return keys.map((key) => ({
    key,
    name: heading(key),
    ...(wrap.includes(key) ? { wrap: wrap.indexOf(key) + 1 } : {}),
  }));
}

/** Colours a cell's text (already laid out, so the width is known); must not change the text otherwise. */
export type CellColour<K extends string> = (key: K, text: string) => string;

export type TableOptions<K extends string> = {
  columns: ReadonlyArray<TableColumn<K>>;
  /** Cell values; a `\n` in a value starts a new line inside the cell (one profile per line). */
  rows: ReadonlyArray<Record<K, string | number>>;
  /** The terminal's width in columns; undefined (a pipe, a file) lays the columns out at their natural width. */
  width?: number;
  colour?: CellColour<K>;
};

/** The smallest width the renderer lays columns out in; below it (or undefined columns) the table is stacked. */
const MIN_WIDTH = 20;

/**
 * The width to lay output out in: the terminal's columns when `stream` is a terminal, else undefined (no wrapping:
 * a pipe or file gets whole lines). `override` (OCLIF_TABLE_COLUMN_OVERRIDE, as @oclif/table reads it) wins.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, override?: string): number | undefined {
  const forced = Number.parseInt(override ?? '', 10);
  if (forced > 0) return forced;
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : undefined;
}

/**
 * The columns a character takes on a terminal: 0 for combining marks and zero-width characters, 2 for East Asian
 * wide and full-width characters and emoji, else 1. Values reach here made safe (src/report/sanitize.ts): no controls.
 */
function charWidth(code: number): number {
  if (ZERO_WIDTH.some(([low, high]) => code >= low && code <= high)) return 0;
  if (code !== 0x30_3f && WIDE.some(([low, high]) => code >= low && code <= high)) return 2;
  return 1;
}

/** Combining marks, zero-width spaces and joiners, variation selectors, the byte-order mark. */
const ZERO_WIDTH: ReadonlyArray<[number, number]> = [
  [0x3_00, 0x3_6f],
  [0x20_0b, 0x20_0f],
  [0xfe_00, 0xfe_0f],
  [0xfe_ff, 0xfe_ff],
];
/** Hangul jamo, CJK, Hangul syllables, compatibility ideographs and forms, full-width forms, emoji, CJK extensions. */
const WIDE: ReadonlyArray<[number, number]> = [
  [0x11_00, 0x11_5f],
  [0x2e_80, 0xa4_cf],
  [0xac_00, 0xd7_a3],
  [0xf9_00, 0xfa_ff],
  [0xfe_30, 0xfe_4f],
  [0xff_00, 0xff_60],
  [0xff_e0, 0xff_e6],
  [0x1_f3_00, 0x1_fa_ff],
  [0x2_00_00, 0x3_ff_fd],
];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The columns `text` takes on a terminal (one line, no escape sequences). */
export function displayWidth(text: string): number {
  // Nearly every value is printable ASCII: one column a character.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * `text` broken at spaces into lines of at most `width` columns; a word longer than `width` stays whole on its own
 * line (an API name is never cut). Undefined width: one line.
 */
export function wrapText(text: string, width: number | undefined): string[] {
  if (width === undefined || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (line !== '' && displayWidth(joined) > width) {
      lines.push(line);
      line = word;
    } else line = joined;
  }
  lines.push(line);
  // A piece that now starts a line must not start a CI workflow command (`::error …`) either (src/report/sanitize.ts).
  return lines.map((piece, i) => (i === 0 ? piece : neutraliseCommands(piece)));
}

/**
 * Lines wrapped to `width` with their indentation kept: a continuation starts under the text of its line, past the
 * leading spaces and a list marker (`- `, `fix: `, `ERROR rule: `…, given by `hang`). Undefined width: unchanged.
 *
 * @param lines lines of text, no line breaks inside
 * @param width the terminal's width, or undefined
 * @param hang where a line's continuation starts (default: after its indentation and a `- ` or `+ ` marker)
 */
export function wrapLines(
  lines: readonly string[],
  width: number | undefined,
  hang: (line: string) => number = defaultHang
): string[] {
  if (width === undefined) return [...lines];
  return lines.flatMap((line) => {
    if (displayWidth(line) <= width) return [line];
    const indent = Math.min(hang(line), Math.floor(width / 2));
    const head = line.slice(0, indent);
    const [first, ...rest] = wrapText(line.slice(indent), width - indent);
    return [head + first, ...rest.map((part) => ' '.repeat(indent) + part)];
  });
}

/** After the leading spaces and a one-character list or diff marker followed by spaces. */
function defaultHang(line: string): number {
  return /^\s*(?:[-+~*]\s+|\d+\.\s+)?/.exec(line)?.[0].length ?? 0;
}

/**
 * A table as text: columns when they fit in `width`, else one block per row. Ends without a newline.
 */
export function renderTable<K extends string>(options: TableOptions<K>): string {
  const { columns, rows, width } = options;
  const cells = rows.map((row) => columns.map((column) => String(row[column.key]).split('\n')));
  const natural = columns.map((column, i) =>
    Math.max(displayWidth(column.name), ...cells.map((row) => Math.max(...row[i].map(displayWidth))))
  );
  const widths = width === undefined ? natural : fitColumns(columns, cells, natural, width);
  return widths ? columned(options, cells, widths) : stacked(options, cells);
}

/** Columns are set two spaces apart. */
const GAP = '  ';
const frame = (count: number): number => GAP.length * (count - 1);

/**
 * Column widths that fit `width`: the wrapping columns shrink (never below their longest word), largest first.
 * Undefined when they cannot.
 */
function fitColumns<K extends string>(
  columns: ReadonlyArray<TableColumn<K>>,
  cells: string[][][],
  natural: number[],
  width: number
): number[] | undefined {
  if (width < MIN_WIDTH) return undefined;
  const widths = [...natural];
  const floor = columns.map((column, i) =>
    column.wrap
      ? Math.max(
          ...column.name.split(' ').map(displayWidth),
          ...cells.flatMap((row) => row[i].flatMap((line) => line.split(' ').map(displayWidth)))
        )
      : natural[i]
  );
  let excess = widths.reduce((sum, w) => sum + w, 0) + frame(columns.length) - width;
  const ranks = [...new Set(columns.map((column) => column.wrap ?? 0).filter((rank) => rank > 0))].sort(
    (a, b) => a - b
  );
  for (const rank of ranks) {
    // The widest column of this rank or a lower one that can still give a column up, one column at a time.
    while (excess > 0) {
      let pick = -1;
      for (let i = 0; i < widths.length; i++) {
        const shrinks = (columns[i].wrap ?? 0) > 0 && (columns[i].wrap ?? 0) <= rank && widths[i] > floor[i];
        if (shrinks && (pick < 0 || widths[i] > widths[pick])) pick = i;
      }
      if (pick < 0) break;
      widths[pick] -= 1;
      excess -= 1;
    }
  }
  if (excess > 0) return undefined;
  return widths;
}

/** Headings, a rule under them, then the rows; columns two spaces apart, trailing spaces trimmed. */
function columned<K extends string>(options: TableOptions<K>, cells: string[][][], widths: number[]): string {
  const { columns, colour } = options;
  const out: string[] = [];
  const emit = (parts: string[][], paint: boolean): void => {
    const height = Math.max(...parts.map((lines) => lines.length));
    for (let n = 0; n < height; n++) {
      const cellsOfLine = parts.map((lines, i) => {
        const text = lines[n] ?? '';
        const padded = padEnd(text, widths[i]);
        return paint && colour && text !== '' ? colour(columns[i].key, text) + padded.slice(text.length) : padded;
      });
      out.push(cellsOfLine.join(GAP).trimEnd());
    }
  };
  emit(
    columns.map((column, i) => wrapText(column.name, widths[i])),
    false
  );
  out.push(widths.map((w) => '─'.repeat(w)).join(GAP));
  for (const row of cells) {
    emit(
      row.map((lines, i) => lines.flatMap((text) => (columns[i].wrap ? wrapText(text, widths[i]) : [text]))),
      true
    );
  }
  return out.join('\n');
}

/**
 * One block per row, `Heading: value` per non-empty cell, headings aligned, values wrapped at spaces. A row whose
 * first cell is empty continues the row above (another mapping of the same set): its block is indented under it.
 */
function stacked<K extends string>(options: TableOptions<K>, cells: string[][][]): string {
  const { columns, width, colour } = options;
  const keyWidth = Math.max(...columns.map((column) => displayWidth(column.name))) + 2;
  const out: string[] = [];
  cells.forEach((row, r) => {
    const continues = row[0].join('') === '' && r > 0;
    const indent = continues ? '  ' : '';
    if (r > 0) out.push('');
    row.forEach((lines, i) => {
      if (lines.join('') === '') return;
      const key = padEnd(`${columns[i].name}:`, keyWidth);
      const room = width === undefined ? undefined : width - indent.length - keyWidth;
      // A value that cannot sit beside its heading goes under it, indented, rather than being cut.
      const under = room !== undefined && room < Math.max(...lines.map((text) => longestWord(text)));
      const valueIndent = under ? `${indent}  ` : `${indent}${' '.repeat(keyWidth)}`;
      const valueRoom = width === undefined ? undefined : width - valueIndent.length;
      const values = lines.flatMap((text) => wrapText(text, valueRoom));
      const paint = (text: string): string => (colour ? colour(columns[i].key, text) : text);
      if (under) out.push(`${indent}${columns[i].name}:`, ...values.map((text) => valueIndent + paint(text)));
      else {
        out.push(`${indent}${key}${paint(values[0])}`, ...values.slice(1).map((text) => valueIndent + paint(text)));
      }
    });
  });
  return out.join('\n');
}

function longestWord(text: string): number {
  return Math.max(0, ...text.split(' ').map(displayWidth));
}

/** The colour (an @oclif/core `ux.colorize` name) of a severity or an eligibility wherever a terminal shows one. */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  error: 'red',
  ERROR: 'red',
  warning: 'yellow',
  WARNING: 'yellow',
  info: 'cyan',
  INFO: 'cyan',
  eligible: 'green',
  ineligible: 'red',
  unknown: 'yellow',
};

/**
 * The one sanitising layer for text that comes from an org or a file (labels, profile and license names, field paths,
 * file names, baseline entries) and reaches a terminal, a CI log, a prompt or a report. Org metadata is written by
 * anyone with Customize Application, and a project's files by whoever opens a pull request, so none of it may be
 * interpreted by the terminal, the CI runner or GitHub:
 *
 - C0 and C1 control characters (ESC, so ANSI/OSC sequences; CR, which rewrites a line; BEL, NUL, DEL) and the
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, plus the marks U+200E, U+200F, U+061C) are
 * shown escaped and visible, `\x1b`, `\x0d`, `\u202e`: the reader sees that the value holds them.
 * - No output line can start (after blanks, which the GitHub Actions runner trims) with a workflow command `::` or a
 * legacy `##[` command: the first character is escaped (`\x3a:error …`).
 * - In Markdown, mentions, autolinks and issue references in values are broken with a zero-width joiner (U+200D). A
 * backslash or an HTML entity would not do: GitHub's mention, reference and autolink filters run on the rendered
 * HTML's text nodes, where `\@` and `&#64;` have already become a plain `@`; the joiner stays in the text node,
 * breaks the `@name`, `#123`, `https://` and `www.` patterns, and renders as nothing.
 *
 * JSON output (`--json`, SARIF) is structured data and keeps values as they are (JSON escapes control characters).
 */

/** Characters shown escaped: C0 (tab and line feed included), DEL, C1, bidi marks, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** The same, line feed excepted: for a block whose line breaks are its own structure. */
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_LF = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** A line that the GitHub Actions runner (or Azure Pipelines) would read as a command: `::x` or `##[x`. */
const WORKFLOW_COMMAND = /^(\s*)(:(?=:)|#(?=#\[))/gm;

const ZWJ = '\u200D';

/** `\x1b` for a code point below 0x100, `\u202e` above. */
function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x1_00 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The first unsafe character of `value`, escaped (`\x1b`), or undefined. */
export function firstUnsafeCharacter(value: string): string | undefined {
  const found = new RegExp(UNSAFE.source).exec(value);
  return found ? escaped(found[0]) : undefined;
}

/**
 * One value (a cell, a name, a label) made safe for any output: every control character, line breaks included, and
 * every bidi control shown escaped; a leading workflow command neutralised.
 */
export function safeValue(value: string): string {
  return neutraliseCommands(value.replace(UNSAFE, escaped));
}

/**
 * A block of output lines (a rendered report, a message with values in it) made safe: its own line feeds are kept,
 * every other control character and bidi control is shown escaped, and no line starts a workflow command.
 */
export function safeBlock(text: string): string {
  return neutraliseCommands(text.replace(/\r\n/g, '\n').replace(UNSAFE_BUT_LF, escaped));
}

/** Escapes the first character of every line that would be a CI workflow command (`::`, `##[`). */
export function neutraliseCommands(text: string): string {
  return text.replace(WORKFLOW_COMMAND, (_match, blanks: string, char: string) => `${blanks}${escaped(char)}`);
}

/**
 * A value made safe for GitHub-flavoured Markdown text: {@link safeValue}, then mentions (`@name`, e-mail
 * addresses), autolinks (`scheme://`, `www.`) and issue references (`#1`) broken by a zero-width joiner.
 * Markdown syntax itself (pipes, emphasis, HTML) is the renderer's business (`markdownCell`).
 */
export function markdownInert(value: string): string {
  return safeValue(value)
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1${ZWJ}:`)
    .replace(/\b(www)\./gi, `$1${ZWJ}.`);
}

/** Unsafe characters JSON.stringify leaves raw (DEL, C1, bidi controls): they only occur inside strings. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_JSON = /[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** The same in XML text: no C0 character is left by the renderers but tab, LF and CR, which XML itself uses. */
const UNSAFE_IN_XML = UNSAFE_IN_JSON;

/**
 * JSON text (SARIF on stdout) with every character a terminal could interpret written as a `\u` escape (`\u202e`): the
 * same JSON value, printed inertly.
 */
export function safeJsonText(text: string): string {
  // A line of JSON text starts with blanks and a bracket, a quote or a digit: never with a workflow command.
  return text.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** XML text (JUnit on stdout) with the same characters written as character references: the same document. */
export function safeXmlText(text: string): string {
  const reference = (char: string): string => `&#x${char.charCodeAt(0).toString(16)};`;
  return text
    .replace(UNSAFE_IN_XML, reference)
    .replace(WORKFLOW_COMMAND, (_match, blanks: string, char: string) => `${blanks}${reference(char)}`);
}

/**
 * An error about to be printed (human or `--json`) with its message and actions made safe ({@link safeBlock}): they
 * quote file names, set names and org values. Changed in place, so its class, name and exit code stay.
 */
export function safeError<T>(error: T): T {
  if (error instanceof Error) {
    const printed = error as Error & { actions?: unknown };
    printed.message = safeBlock(printed.message);
    if (Array.isArray(printed.actions)) {
      printed.actions = (printed.actions as unknown[]).map((action) =>
        typeof action === 'string' ? safeBlock(action) : action
      );
    }
  }
  return error;
}

/**
 * A rendered audit report made safe to print, by format: JSON and XML keep their meaning (escapes, character
 * references); CSV cells are already safe (src/report/csv.ts) and its CRLF record ends stay; text and Markdown are
 * {@link safeBlock}ed.
 */
export function safeReportText(format: string, text: string): string {
  if (format === 'sarif') return safeJsonText(text);
  if (format === 'junit') return safeXmlText(text);
  if (format === 'csv') return text;
  return safeBlock(text);
}

/**
 * Escaping for GitHub-flavoured Markdown. Values come from metadata (labels, descriptions, profile names) that anyone
 * with Customize Application can write, so they are escaped before they reach a PR comment or a job summary.
 */

import { markdownInert, safeBlock, safeValue } from './sanitize.js';

/**
 * Text safe inside a table cell or a heading: line breaks flattened, control characters and bidi controls shown escaped,
 * mentions, autolinks and issue references broken (src/report/sanitize.ts), then pipes and backslashes escaped and
 * `<`, `>`, `&` written as entities so no HTML (or GitHub mention-like markup inside tags) is interpreted.
 */
export function markdownCell(value: string): string {
  return markdownInert(value.replace(/\r\n|\r|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[*_`[\]]/g, (char) => `\\${char}`);
}

/**
 * Text as a code span inside a table cell, shown exactly as written: a code span takes backslashes, underscores and
 * `<` literally, so nothing but the cell's pipes is escaped (GFM tables: `\|` inside a code span in a cell). The
 * delimiting backtick run is longer than any run in the value, and padded with a space when the value starts or ends
 * with a backtick (CommonMark code spans). Control characters and line breaks are shown escaped
 * (src/report/sanitize.ts); mentions and links are not rendered inside a code span.
 */
export function codeSpan(value: string): string {
  const text = safeValue(value.replace(/\r\n|\r|\n/g, ' ')).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * A fenced code block whose fence is longer than any run of backticks in the content, so content can never close it
 * early (CommonMark: a closing fence must be at least as long as the opening one).
 */
export function fence(language: string, lines: readonly string[]): string[] {
  const longestRun = Math.max(0, ...lines.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const marker = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${marker}${language}`, ...lines, marker];
}

/**
 * Text safe for a terminal (src/report/sanitize.ts): control characters (ESC included, so metadata cannot inject
 * ANSI sequences) and bidi controls shown escaped, no line starting a CI workflow command; line breaks are kept only
 * when `keepNewlines` is set.
 */
export function terminalText(value: string, keepNewlines = false): string {
  return keepNewlines ? safeBlock(value) : safeValue(value);
}

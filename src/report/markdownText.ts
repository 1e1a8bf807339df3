/**
 * Escaping for GitHub-flavoured Markdown. Values come from metadata (labels, descriptions, profile names) that anyone
 * with Customize Application can write, so they are escaped before they reach a PR comment or a job summary.
 */

/**
 * Text safe inside a table cell or a heading: pipes and backslashes escaped, line breaks flattened, and `<`, `>`, `&`
 * written as entities so no HTML (or GitHub mention-like markup inside tags) is interpreted.
 */
export function markdownCell(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/[*_`[\]]/g, (char) => `\\${char}`)
      .replace(/\r\n|\r|\n/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD')
  );
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
 * Text safe for a terminal: C0/C1 control characters (ESC included, so metadata cannot inject ANSI sequences) are
 * replaced by U+FFFD; line breaks are kept only when `keepNewlines` is set.
 */
export function terminalText(value: string, keepNewlines = false): string {
  // eslint-disable-next-line no-control-regex
  const controls = keepNewlines ? /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g : /[\u0000-\u001F\u007F-\u009F]/g;
  return value.replace(/\r\n/g, '\n').replace(controls, '\uFFFD');
}

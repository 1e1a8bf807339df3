/** Removes ANSI colour and style codes, so assertions read the text whatever the terminal settings. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

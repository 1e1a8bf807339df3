/** `"text"`: how messages quote a name (a sharing set, a profile, a license). */
export function quote(text: string): string {
  return `"${text}"`;
}

/** Names quoted and listed: `"A", "B"`. */
export function quoteAll(names: readonly string[]): string {
  return names.map(quote).join(', ');
}

/**
 * Salesforce record Ids: 15 case-sensitive characters, or 18 with a three-character suffix that encodes which of the
 * first 15 are upper case, so that the Id survives case-insensitive tools (docs/salesforce-facts.md §6, "Explaining
 * access"). The check here refuses what cannot be an Id before any call is made.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Why a value is not an Id, or undefined when it is one. */
export type IdProblem = 'length' | 'characters' | 'checksum';

/** The three-character suffix of a 15-character Id. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15[block * 5 + i];
      if (char >= 'A' && char <= 'Z') bits += 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** What is wrong with `value` as a record Id, or undefined when it is a well-formed 15- or 18-character Id. */
export function idProblem(value: string): IdProblem | undefined {
  if (value.length !== 15 && value.length !== 18) return 'length';
  if (!/^[A-Za-z0-9]+$/.test(value)) return 'characters';
  if (value.length === 18 && idSuffix(value.slice(0, 15)) !== value.slice(15).toUpperCase()) return 'checksum';
  return undefined;
}

/** The 18-character form of a well-formed Id (the form every API answer uses). */
export function toId18(id: string): string {
  return id.length === 18 ? `${id.slice(0, 15)}${id.slice(15).toUpperCase()}` : `${id}${idSuffix(id)}`;
}

/** Whether two Ids name the same record (15 and 18 characters alike). */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a) && Boolean(b) && (a as string).slice(0, 15) === (b as string).slice(0, 15);
}

/** The key prefix (first three characters) that names an Id's object. */
export const keyPrefix = (id: string): string => id.slice(0, 3);

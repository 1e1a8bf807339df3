/**
 * Salesforce names, compared as Salesforce compares them: API names of sharing sets, objects and fields, and profile
 * names are case-insensitive (a sharing set's file may say "customer community user" for the profile "Customer
 * Community User": docs/salesforce-facts.md §2). Every comparison, index and sort of names in the plugin goes through
 * this module, so no other module lowercases a name itself.
 */

/** The key two names are compared by: trimmed, lower case. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether two names denote the same thing. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && nameKey(a) === nameKey(b);
}

/**
 * The one sort order of names in results and reports: case-insensitive, then by exact code units so that two
 * spellings of one name still come out in a stable order. It never depends on the machine's locale.
 */
export function compareNames(a: string | undefined, b: string | undefined): number {
  const left = a ?? '';
  const right = b ?? '';
  const lowerLeft = left.toLowerCase();
  const lowerRight = right.toLowerCase();
  if (lowerLeft !== lowerRight) return lowerLeft < lowerRight ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether `names` holds `name`. */
export function hasName(names: readonly string[], name: string): boolean {
  const key = nameKey(name);
  return names.some((candidate) => nameKey(candidate) === key);
}

/** The first item whose name is `name`. */
export function findByName<T>(items: readonly T[], name: string, nameOf: (item: T) => string): T | undefined {
  const key = nameKey(name);
  return items.find((item) => nameKey(nameOf(item)) === key);
}

/** A lookup by name: the first item of each name wins. */
export type NameIndex<T> = { get(name: string): T | undefined; has(name: string): boolean };

/** Indexes `items` by their names' keys (the first item of a name wins). */
export function indexByName<T>(items: Iterable<T>, nameOf: (item: T) => string): NameIndex<T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = nameKey(nameOf(item));
    if (!map.has(key)) map.set(key, item);
  }
  return { get: (name) => map.get(nameKey(name)), has: (name) => map.has(nameKey(name)) };
}

/**
 * Indexes of records keyed by names (the snapshot's objects), built on first use. A snapshot is not changed once
 * loaded; the index is rebuilt all the same if the record gained or lost keys since.
 */
const recordIndexes = new WeakMap<object, { size: number; keys: Map<string, string> }>();

/** A record keyed by names (e.g. the snapshot's objects), looked up by name in any case through its name index. */
export function lookupByName<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const names = Object.keys(record);
  let index = recordIndexes.get(record);
  if (index?.size !== names.length) {
    const keys = new Map<string, string>();
    for (const candidate of names) if (!keys.has(nameKey(candidate))) keys.set(nameKey(candidate), candidate);
    index = { size: names.length, keys };
    recordIndexes.set(record, index);
  }
  const found = index.keys.get(nameKey(name));
  return found === undefined ? undefined : record[found];
}

/** The names without repeats (compared by key), each in its first spelling, in their first order. */
export function uniqueNames(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const name of names) {
    const key = nameKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(name);
  }
  return result;
}

/** The key of a mapping's identity (object, objectField, userField); access level is not part of it. */
export function mappingKey(mapping: { object: string; objectField: string; userField: string }): string {
  return [mapping.object, mapping.objectField, mapping.userField].map(nameKey).join('|');
}

/**
 * The one candidate a misspelt `name` most likely meant, for a "did you mean" hint: the smallest edit distance
 * (case-insensitive), at most a fifth of the name's length (at least 2, always under half), and no tie. Undefined
 * when nothing is close.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = nameKey(name);
  // Fewer edits than half the name's length, or a short name would "match" anything of its length.
  const limit = Math.min(Math.max(2, Math.floor(wanted.length / 5)), Math.floor((wanted.length - 1) / 2));
  let best: { name: string; distance: number } | undefined;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, nameKey(candidate));
    if (distance === 0 || distance > limit) continue;
    if (!best || distance < best.distance) {
      best = { name: candidate, distance };
      tied = false;
    } else if (distance === best.distance && nameKey(candidate) !== nameKey(best.name)) {
      tied = true;
    }
  }
  return best && !tied ? best.name : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

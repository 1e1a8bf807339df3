/**
 * Name comparisons shared by every analysis. Profile names are compared case-insensitively because real retrieved
 * files spell them in varying case ("customer community user", DOMAIN.md §2).
 */

/** The key two profile names are compared by. */
export function profileKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The key of a mapping's identity (object, objectField, userField); access level is not part of it. */
export function mappingKey(mapping: { object: string; objectField: string; userField: string }): string {
  return [mapping.object, mapping.objectField, mapping.userField].map((part) => part.trim().toLowerCase()).join('|');
}

/**
 * The one candidate a misspelt `name` most likely meant, for a "did you mean" hint: the smallest edit distance
 * (case-insensitive), at most a fifth of the name's length (at least 2, always under half), and no tie. Undefined
 * when nothing is close.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = profileKey(name);
  // Fewer edits than half the name's length, or a short name would "match" anything of its length.
  const limit = Math.min(Math.max(2, Math.floor(wanted.length / 5)), Math.floor((wanted.length - 1) / 2));
  let best: { name: string; distance: number } | undefined;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, profileKey(candidate));
    if (distance === 0 || distance > limit) continue;
    if (!best || distance < best.distance) {
      best = { name: candidate, distance };
      tied = false;
    } else if (distance === best.distance && profileKey(candidate) !== profileKey(best.name)) {
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

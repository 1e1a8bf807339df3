/**
 * The filters of `sf sharing set list`: which sharing sets to show. Names match case-insensitively, as Salesforce
 * compares profile and object names (docs/salesforce-facts.md §2, §12). Every set must still be read to filter it:
 * listMetadata returns names only.
 */
import type { AccessLevel, SharingSet } from './types.js';
import { closestName, hasName, sameName, uniqueNames } from './names.js';

export type SetFilter = {
  /** Sets that name any of these profiles. */
  profiles?: readonly string[];
  /** Sets with a mapping on any of these objects (with `access`, a mapping that has both). */
  objects?: readonly string[];
  /** Sets with a mapping of this access level. */
  access?: AccessLevel;
};

/** Whether the filter asks for anything. */
export function isFiltering(filter: SetFilter): boolean {
  return (filter.profiles?.length ?? 0) > 0 || (filter.objects?.length ?? 0) > 0 || filter.access !== undefined;
}

/** The sets the filter keeps, in their order; each set is kept whole. */
export function filterSharingSets(sets: readonly SharingSet[], filter: SetFilter): SharingSet[] {
  return sets.filter((set) => {
    if (filter.profiles?.length && !set.profiles.some((profile) => hasName(filter.profiles ?? [], profile))) {
      return false;
    }
    if (!filter.objects?.length && !filter.access) return true;
    return set.accessMappings.some(
      (mapping) =>
        (!filter.objects?.length || hasName(filter.objects, mapping.object)) &&
        (!filter.access || mapping.accessLevel === filter.access)
    );
  });
}

/**
 * For each profile or object filter value no set uses: the name a typo most likely meant among those the sets use
 * (the same rule as every "did you mean", names.ts `closestName`).
 */
export function filterSuggestions(
  sets: readonly SharingSet[],
  filter: SetFilter
): Array<{ kind: 'profile' | 'object'; name: string; meant?: string }> {
  const profiles = uniqueNames(sets.flatMap((set) => set.profiles));
  const objects = uniqueNames(sets.flatMap((set) => set.accessMappings.map((mapping) => mapping.object)));
  const unused = (
    kind: 'profile' | 'object',
    wanted: readonly string[] | undefined,
    used: string[]
  ): Array<{
    kind: 'profile' | 'object';
    name: string;
    meant?: string;
  }> =>
    (wanted ?? [])
      .filter((name) => !used.some((candidate) => sameName(candidate, name)))
      .map((name) => {
        const meant = closestName(name, used);
        return { kind, name, ...(meant ? { meant } : {}) };
      });
  return [...unused('profile', filter.profiles, profiles), ...unused('object', filter.objects, objects)];
}

/** The access level a user typed, in any case: `edit` is Edit. Undefined for anything else. */
export function parseAccessLevel(text: string): AccessLevel | undefined {
  return sameName(text, 'Read') ? 'Read' : sameName(text, 'Edit') ? 'Edit' : undefined;
}

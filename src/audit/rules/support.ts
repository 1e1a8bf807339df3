/**
 * Helpers shared by the audit rules: walking a snapshot's mappings and profile references, and naming them in
 * messages the same way everywhere.
 */
import type { AccessMapping, ProfileInfo, SharingSet, Snapshot } from '../../model/types.js';
import { nameKey } from '../../model/names.js';

export type MappingRef = { set: SharingSet; mapping: AccessMapping; index: number };

export type ProfileRef = {
  set: SharingSet;
  /** The profile name as the sharing set writes it. */
  name: string;
  /** The profile as the snapshot knows it; undefined when not found. */
  info?: ProfileInfo;
};

/** Every access mapping of every sharing set, with its position. */
export function mappings(snapshot: Snapshot): MappingRef[] {
  return snapshot.sharingSets.flatMap((set) => set.accessMappings.map((mapping, index) => ({ set, mapping, index })));
}

/** The snapshot's profile named `name`, compared case-insensitively (DOMAIN.md §2). */
export function findProfile(snapshot: Snapshot, name: string): ProfileInfo | undefined {
  const key = nameKey(name);
  return snapshot.profiles.find((profile) => nameKey(profile.name) === key);
}

/** Every profile reference of every sharing set (a name repeated in one set counts once). */
export function profileRefs(snapshot: Snapshot): ProfileRef[] {
  return snapshot.sharingSets.flatMap((set) => {
    const seen = new Set<string>();
    return set.profiles.flatMap((name) => {
      const key = nameKey(name);
      if (seen.has(key)) return [];
      seen.add(key);
      const info = findProfile(snapshot, name);
      return [info ? { set, name, info } : { set, name }];
    });
  });
}

/** `"text"`, the way messages quote names. */
export function quote(text: string): string {
  return `"${text}"`;
}

/** How a message starts when naming a mapping: `Sharing set "X", mapping 2 (Case.Account = user's Account, Read)`. */
export function describeMapping(ref: MappingRef): string {
  const { set, mapping, index } = ref;
  return (
    `Sharing set ${quote(set.fullName)}, mapping ${index + 1} ` +
    `(${mapping.object}.${mapping.objectField} = user's ${mapping.userField}, ${mapping.accessLevel})`
  );
}

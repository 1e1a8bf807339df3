/**
 * Semantic diff of two lists of sharing sets. Pure: no I/O, plain data out, arrays in a stable order.
 *
 * Direction. `target` is the org named by `--target-org`; `source` is the other side: the local project, or the org
 * given to compare with. The diff answers "what would change in the target org if the source side were deployed":
 * - `onlyInSource`: would be created in the target org;
 * - `onlyInTarget`: exists in the target org only (a deploy would not remove it; a destructive change would);
 * - `changed`: in both, with each difference stated as `inSourceOnly` / `inTargetOnly` / `{ target, source }`.
 * Field names say the side rather than "added"/"removed", which read backwards depending on where one stands.
 *
 * Identity and equality:
 * - Sets are keyed on `fullName` compared case-insensitively. Salesforce treats metadata API names as unique without
 * regard to case (deploying `issue1813` over an existing `Issue1813` updates the existing component; Illuminated
 * Cloud issue #1813, https://bitbucket.org/RoseSilverSoftware/illuminatedcloud/issues/1813 — a secondary source,
 * [2ND]). A case-only spelling difference of a fullName is therefore not drift; the source spelling is kept in
 * `sourceFullName` for display.
 * - Profiles compare case-insensitively (`nameKey`, docs/salesforce-facts.md §2); original spelling is shown, a case-only change is
 * not a difference.
 * - Mappings are keyed on (object, objectField, userField) case-insensitively (`mappingKey`); a different
 * `accessLevel` on the same key is an access-level change, not a remove plus an add.
 * - Label and description are trimmed before comparing; a blank description equals an absent one. Inner whitespace is
 * kept as written (no collapsing): Salesforce stores the text verbatim, so inner whitespace is real content.
 * - Element order (sets, profiles, mappings) is never a difference.
 */
import type { AccessLevel, AccessMapping, SharingSet } from '../model/types.js';
import { compareNames, mappingKey, nameKey } from '../model/names.js';

/** One access mapping as the diff reports it: its four fields, no source locations. */
export type DiffMapping = AccessMapping;

/** A mapping present on both sides whose access level differs. Identity fields are spelled as in the target. */
export type AccessLevelChange = {
  object: string;
  objectField: string;
  userField: string;
  target: AccessLevel;
  source: AccessLevel;
};

/** A scalar value that differs; `undefined` means absent (or blank) on that side. */
export type ValueChange = {
  target?: string;
  source?: string;
};

/** A sharing set present on only one side, as the diff reports it (sorted profiles and mappings, no location). */
export type DiffSharingSet = {
  fullName: string;
  label: string;
  description?: string;
  profiles: string[];
  accessMappings: DiffMapping[];
};

/** The differences of one sharing set present on both sides. Only sets with at least one difference are listed. */
export type SharingSetChange = {
  /** The fullName as the target org spells it. */
  fullName: string;
  /** The source spelling, only when it differs from the target's in case (not itself a difference). */
  sourceFullName?: string;
  label?: ValueChange;
  description?: ValueChange;
  profilesInSourceOnly: string[];
  profilesInTargetOnly: string[];
  mappingsInSourceOnly: DiffMapping[];
  mappingsInTargetOnly: DiffMapping[];
  accessLevelChanges: AccessLevelChange[];
};

/** Counts for a summary line or table. */
export type SharingSetDiffSummary = {
  /** Sets compared on the target side (after the name filter). */
  target: number;
  /** Sets compared on the source side (after the name filter). */
  source: number;
  onlyInSource: number;
  onlyInTarget: number;
  changed: number;
  unchanged: number;
  /** Profile assignments in source only plus in target only, over changed sets. */
  profileChanges: number;
  /** Mappings in source only plus in target only, over changed sets. */
  mappingChanges: number;
  accessLevelChanges: number;
};

/** The result of {@link diffSharingSets}: plain data, every array sorted. */
export type SharingSetDiff = {
  /** In the source side only: a deploy would create them in the target org. Sorted by fullName. */
  onlyInSource: DiffSharingSet[];
  /** In the target org only. Sorted by fullName. */
  onlyInTarget: DiffSharingSet[];
  /** In both, with differences. Sorted by fullName. */
  changed: SharingSetChange[];
  /** In both and equal (target spelling). Sorted. */
  unchanged: string[];
  /** Names asked for with `names` that neither side holds (as asked). Sorted. */
  notFound: string[];
  /**
   * Names held twice on one side, differing only in case. Only the first (in sorted order) was compared; a project
   * on a case-sensitive file system can hold such pairs, an org cannot.
   */
  ambiguous: Array<{ side: 'target' | 'source'; fullNames: string[] }>;
  summary: SharingSetDiffSummary;
  /** True when anything differs between the two sides (ambiguous names do not count; they are reported apart). */
  hasDrift: boolean;
};

export type DiffOptions = {
  /** Compare only the sets with these fullNames (case-insensitive). Empty or undefined: compare all. */
  names?: string[];
};

/** The key sharing-set fullNames are compared by. */
export function sharingSetKey(fullName: string): string {
  return nameKey(fullName);
}

/**
 * Compares the sharing sets of the target org (`target`) with those of the other side (`source`).
 *
 * @param target sharing sets of the org named by `--target-org`
 * @param source sharing sets of the project, or of the org compared with
 * @param options `names`: restrict the comparison to these fullNames (case-insensitive)
 * @returns the differences, as plain sorted data
 */
export function diffSharingSets(
  target: readonly SharingSet[],
  source: readonly SharingSet[],
  options: DiffOptions = {}
): SharingSetDiff {
  const wanted = options.names?.length ? new Set(options.names.map(sharingSetKey)) : undefined;
  const keep = (set: SharingSet): boolean => wanted === undefined || wanted.has(sharingSetKey(set.fullName));

  const ambiguous: SharingSetDiff['ambiguous'] = [];
  const targetByKey = indexSets(target.filter(keep), 'target', ambiguous);
  const sourceByKey = indexSets(source.filter(keep), 'source', ambiguous);

  const onlyInSource: DiffSharingSet[] = [];
  const onlyInTarget: DiffSharingSet[] = [];
  const changed: SharingSetChange[] = [];
  const unchanged: string[] = [];

  const keys = [...new Set([...targetByKey.keys(), ...sourceByKey.keys()])].sort(compareNames);
  for (const key of keys) {
    const inTarget = targetByKey.get(key);
    const inSource = sourceByKey.get(key);
    if (inTarget && inSource) {
      const change = compareSet(inTarget, inSource);
      if (change) changed.push(change);
      else unchanged.push(inTarget.fullName.trim());
    } else if (inSource) {
      onlyInSource.push(normaliseSet(inSource));
    } else if (inTarget) {
      onlyInTarget.push(normaliseSet(inTarget));
    }
  }

  const notFound = (options.names ?? [])
    .filter((name) => !targetByKey.has(sharingSetKey(name)) && !sourceByKey.has(sharingSetKey(name)))
    .filter((name, index, all) => all.findIndex((other) => sharingSetKey(other) === sharingSetKey(name)) === index)
    .sort(compareNames);

  const summary: SharingSetDiffSummary = {
    target: targetByKey.size,
    source: sourceByKey.size,
    onlyInSource: onlyInSource.length,
    onlyInTarget: onlyInTarget.length,
    changed: changed.length,
    unchanged: unchanged.length,
    profileChanges: sum(changed, (c) => c.profilesInSourceOnly.length + c.profilesInTargetOnly.length),
    mappingChanges: sum(changed, (c) => c.mappingsInSourceOnly.length + c.mappingsInTargetOnly.length),
    accessLevelChanges: sum(changed, (c) => c.accessLevelChanges.length),
  };

  return {
    onlyInSource,
    onlyInTarget,
    changed,
    unchanged,
    notFound,
    ambiguous: ambiguous.sort((a, b) => compareNames(a.side, b.side) || compareNames(a.fullNames[0], b.fullNames[0])),
    summary,
    hasDrift: onlyInSource.length + onlyInTarget.length + changed.length > 0,
  };
}

/** Orders mappings by object, objectField, userField (case-insensitive), then access level. */
export function compareMappings(a: DiffMapping, b: DiffMapping): number {
  return (
    compareNames(a.object, b.object) ||
    compareNames(a.objectField, b.objectField) ||
    compareNames(a.userField, b.userField) ||
    compareNames(a.accessLevel, b.accessLevel)
  );
}

function indexSets(
  sets: readonly SharingSet[],
  side: 'target' | 'source',
  ambiguous: SharingSetDiff['ambiguous']
): Map<string, SharingSet> {
  const groups = new Map<string, SharingSet[]>();
  for (const set of [...sets].sort((a, b) => compareNames(a.fullName.trim(), b.fullName.trim()))) {
    const key = sharingSetKey(set.fullName);
    groups.set(key, [...(groups.get(key) ?? []), set]);
  }
  const index = new Map<string, SharingSet>();
  for (const [key, group] of groups) {
    index.set(key, group[0]);
    const spellings = [...new Set(group.map((set) => set.fullName.trim()))];
    if (spellings.length > 1) ambiguous.push({ side, fullNames: spellings });
  }
  return index;
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function toDiffMapping(mapping: AccessMapping): DiffMapping {
  return {
    accessLevel: mapping.accessLevel,
    object: mapping.object.trim(),
    objectField: mapping.objectField.trim(),
    userField: mapping.userField.trim(),
  };
}

/** Profiles deduplicated by key (first spelling wins), keyed for lookup. */
function profileIndex(profiles: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const profile of profiles) {
    const name = profile.trim();
    if (name && !index.has(nameKey(name))) index.set(nameKey(name), name);
  }
  return index;
}

/**
 * Mappings deduplicated by identity key. When one side lists the same mapping twice with different levels the wider
 * level (Edit) is kept, because a user gets the widest access any mapping grants.
 */
function mappingIndex(mappings: readonly AccessMapping[]): Map<string, DiffMapping> {
  const index = new Map<string, DiffMapping>();
  for (const mapping of mappings.map(toDiffMapping)) {
    const key = mappingKey(mapping);
    const seen = index.get(key);
    if (!seen) index.set(key, mapping);
    else if (accessRank(mapping.accessLevel) > accessRank(seen.accessLevel)) {
      index.set(key, { ...seen, accessLevel: mapping.accessLevel });
    }
  }
  return index;
}

function accessRank(level: string): number {
  return level.toLowerCase() === 'edit' ? 2 : 1;
}

function normaliseSet(set: SharingSet): DiffSharingSet {
  const description = clean(set.description);
  return {
    fullName: set.fullName.trim(),
    label: set.label.trim(),
    ...(description === undefined ? {} : { description }),
    profiles: [...profileIndex(set.profiles).values()].sort(compareNames),
    accessMappings: [...mappingIndex(set.accessMappings).values()].sort(compareMappings),
  };
}

function compareSet(target: SharingSet, source: SharingSet): SharingSetChange | undefined {
  const targetProfiles = profileIndex(target.profiles);
  const sourceProfiles = profileIndex(source.profiles);
  const targetMappings = mappingIndex(target.accessMappings);
  const sourceMappings = mappingIndex(source.accessMappings);

  const profilesInSourceOnly = onlyIn(sourceProfiles, targetProfiles, compareNames);
  const profilesInTargetOnly = onlyIn(targetProfiles, sourceProfiles, compareNames);
  const mappingsInSourceOnly = onlyIn(sourceMappings, targetMappings, compareMappings);
  const mappingsInTargetOnly = onlyIn(targetMappings, sourceMappings, compareMappings);
  const accessLevelChanges: AccessLevelChange[] = [...targetMappings]
    .flatMap(([key, mapping]) => {
      const other = sourceMappings.get(key);
      return other && accessRank(other.accessLevel) !== accessRank(mapping.accessLevel)
        ? [
            {
              object: mapping.object,
              objectField: mapping.objectField,
              userField: mapping.userField,
              target: mapping.accessLevel,
              source: other.accessLevel,
            },
          ]
        : [];
    })
    .sort((a, b) => compareMappings({ ...a, accessLevel: a.target }, { ...b, accessLevel: b.target }));

  const label = valueChange(target.label, source.label);
  const description = valueChange(target.description, source.description);

  const differs =
    label !== undefined ||
    description !== undefined ||
    profilesInSourceOnly.length + profilesInTargetOnly.length > 0 ||
    mappingsInSourceOnly.length + mappingsInTargetOnly.length + accessLevelChanges.length > 0;
  if (!differs) return undefined;

  const targetName = target.fullName.trim();
  const sourceName = source.fullName.trim();
  return {
    fullName: targetName,
    ...(sourceName === targetName ? {} : { sourceFullName: sourceName }),
    ...(label === undefined ? {} : { label }),
    ...(description === undefined ? {} : { description }),
    profilesInSourceOnly,
    profilesInTargetOnly,
    mappingsInSourceOnly,
    mappingsInTargetOnly,
    accessLevelChanges,
  };
}

/** A change of a text value, or undefined when the trimmed values are equal (blank counts as absent). */
function valueChange(target: string | undefined, source: string | undefined): ValueChange | undefined {
  const a = clean(target);
  const b = clean(source);
  if (a === b) return undefined;
  return { ...(a === undefined ? {} : { target: a }), ...(b === undefined ? {} : { source: b }) };
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((total, item) => total + count(item), 0);
}

/** The values of `side` whose keys `other` lacks, in `order`. */
function onlyIn<T>(side: ReadonlyMap<string, T>, other: ReadonlyMap<string, T>, order: (a: T, b: T) => number): T[] {
  return [...side]
    .filter(([key]) => !other.has(key))
    .map(([, value]) => value)
    .sort(order);
}

/**
 * What an audit could not verify: every profile, object and field path a sharing set names whose check needs data the
 * snapshot does not hold (a project audited without an org holds only some profiles and objects). The rules stay
 * silent on unknown data, so without this list a gate would pass them without a word.
 *
 * Pure: works on the snapshot alone, whichever rules run. Reasons are codes; the CLI words them.
 */
import { resolveObjectField, resolveUserField, type PathResolution } from '../analysis/paths.js';
import { classifyProfile } from '../eligibility/classify.js';
import { findStandardInternalProfile } from '../eligibility/standardProfiles.js';
import { findObject } from '../model/fields.js';
import type { Snapshot } from '../model/types.js';
import { mappings, profileRefs } from './rules/support.js';
import type { FindingTarget } from './types.js';

/**
 * Why a reference could not be verified:
 * - `profile-not-read`: no profile was read (a project without profile files);
 * - `profile-not-in-project`: the project's profiles do not include it (it may exist in the org only);
 * - `profile-by-name`: a standard internal profile recognised by its name alone (medium confidence);
 * - `license-unknown`: the profile is known but what its license allows is not;
 * - `object-not-in-project`: the mapped object is neither in the project nor a known standard object;
 * - `fields-unknown`: the fields the path goes through are not known;
 * - `not-confirmed`: the path fails through an object only partly known (reported as "could not be confirmed");
 * - `field-hidden`: the path needs a field the running user's describe leaves out, which FieldDefinition lists or
 * could not be read to deny (field-level security, docs/salesforce-facts.md §6).
 */
export type UnverifiedReason =
  | 'profile-not-read'
  | 'profile-not-in-project'
  | 'profile-by-name'
  | 'license-unknown'
  | 'object-not-in-project'
  | 'fields-unknown'
  | 'not-confirmed'
  | 'field-hidden';

export type UnverifiedKind = 'profile' | 'object' | 'objectField' | 'userField';

export type UnverifiedRef = {
  kind: UnverifiedKind;
  /** The profile or object name, or the path as written (`Case.Entitlement.Account` for an objectField). */
  name: string;
  reason: UnverifiedReason;
  target: FindingTarget;
};

/** Every reference of the snapshot's sharing sets that could not be verified, in the sets' order. */
export function unverifiedRefs(snapshot: Snapshot): UnverifiedRef[] {
  return snapshot.sharingSets.flatMap((set) => {
    const sets = { ...snapshot, sharingSets: [set] };
    return [...unverifiedMappings(sets), ...unverifiedProfiles(sets)];
  });
}

function unverifiedProfiles(snapshot: Snapshot): UnverifiedRef[] {
  const coverage = snapshot.coverage.profiles;
  return profileRefs(snapshot).flatMap((ref): UnverifiedRef[] => {
    const target = { sharingSet: ref.set.fullName, profile: ref.name };
    const entry = (reason: UnverifiedReason): UnverifiedRef[] => [{ kind: 'profile', name: ref.name, reason, target }];
    if (!ref.info) {
      // With every profile of the org read, a missing name is a finding (profile-not-found), not a doubt.
      if (coverage === 'complete') return [];
      if (findStandardInternalProfile(ref.name)) return entry('profile-by-name');
      return entry(coverage === 'none' ? 'profile-not-read' : 'profile-not-in-project');
    }
    return classifyProfile(ref.info).eligibility === 'unknown' ? entry('license-unknown') : [];
  });
}

function unverifiedMappings(snapshot: Snapshot): UnverifiedRef[] {
  return mappings(snapshot).flatMap(({ set, mapping, index }): UnverifiedRef[] => {
    const target = { sharingSet: set.fullName, mappingIndex: index, object: mapping.object };
    const out: UnverifiedRef[] = [];
    const objectKnown = findObject(snapshot.objects, mapping.object) !== undefined;
    if (!objectKnown && snapshot.coverage.objects !== 'complete') {
      // The object's own paths cannot be checked either; the object is what is missing.
      out.push({ kind: 'object', name: mapping.object, reason: 'object-not-in-project', target });
    } else if (objectKnown) {
      const reason = doubt(resolveObjectField(snapshot, mapping.object, mapping.objectField));
      if (reason) out.push({ kind: 'objectField', name: `${mapping.object}.${mapping.objectField}`, reason, target });
    }
    const reason = doubt(resolveUserField(snapshot, mapping.userField));
    if (reason) out.push({ kind: 'userField', name: mapping.userField, reason, target });
    return out;
  });
}

/** Why a path's resolution is not a verdict, if it is not: unknown data, or a failure that could not be confirmed. */
function doubt(result: PathResolution): UnverifiedReason | undefined {
  if (result.ok) return undefined;
  if (!result.certain) return 'fields-unknown';
  if (result.hidden) return 'field-hidden';
  return result.partial ? 'not-confirmed' : undefined;
}

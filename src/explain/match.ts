/**
 * Why a site user can or cannot see a record through sharing sets: the walk Salesforce's troubleshooting guides take
 * by hand (the user and license, the object permission, the external org-wide default, then each sharing set's
 * mappings), on plain data. Facts: docs/salesforce-facts.md §1–§3 (sharing sets, userField and objectField forms,
 * eligible licenses) and §6 ("Explaining access"). Pure: no org, no files, no printing.
 */
import { classifyProfile, type ProfileClassification } from '../eligibility/classify.js';
import { hasName, nameKey, sameName } from '../model/names.js';
import type { AccessMapping, SharingSet } from '../model/types.js';
import { sameId } from './ids.js';
import type {
  Access,
  ExplainUser,
  ObjectFacts,
  ObjectPermission,
  RecordFacts,
  Ref,
  SalesforceAccess,
} from './types.js';

/** A mapping of a sharing set, named as `--json` names it. */
export type MappingRef = { sharingSet: string; mappingIndex: number };

/** One mapping judged against one record. */
export type MappingVerdict = MappingRef &
  AccessMapping & {
    matched: boolean;
    /** The user's side: the Account or Contact Id(s) the userField gives (several for Contact.RelatedAccount). */
    userValues: Ref[];
    /** The record's side; null when the lookup is empty, undefined when it could not be read. */
    objectValue?: Ref | null;
    reason: string;
    /** Set when an undocumented rule decides the outcome (Contact.RelatedAccount through an inactive relation). */
    undocumented?: string;
  };

/** Salesforce's own answer (UserRecordAccess) beside the plugin's, and what may explain a difference. */
export type SalesforceComparison = SalesforceAccess & {
  agrees: boolean;
  /** The sentence that says how the two answers relate. */
  note: string;
  /** Mechanisms the plugin does not model that may explain the difference. */
  mayExplain: string[];
};

export type RecordExplanation = {
  id: string;
  object: string;
  name?: string;
  access: Access;
  grantedBy: MappingRef[];
  /** The mapping that came closest, when nothing grants access. */
  nearestMiss?: MappingRef;
  externalOwd?: string;
  /** What the external org-wide default alone gives. */
  owdAccess: Access;
  objectPermission?: ObjectPermission;
  /** Matched mappings first, then the misses, nearest first. */
  mappings: MappingVerdict[];
  /** One sentence: the verdict and why. */
  reason: string;
  salesforceAnswer?: SalesforceComparison;
};

/** Whether sharing sets can apply to the user at all. */
export type UserVerdict = {
  applies: boolean;
  /** inactive | internal (not an eligible license) | unknown license | eligible */
  code: 'inactive' | 'ineligible' | 'unknown-license' | 'eligible';
  classification: ProfileClassification;
  reason: string;
};

const RANK: Record<string, number> = { none: 0, read: 1, edit: 2, delete: 3, transfer: 4, all: 5 };
const rank = (level: string): number => RANK[nameKey(level)] ?? 0;
const atMost = (access: Access, cap: Access): Access => (rank(access) <= rank(cap) ? access : cap);
const most = (levels: Access[]): Access => levels.reduce<Access>((a, b) => (rank(b) > rank(a) ? b : a), 'None');

/** Whether sharing sets can apply to `user`: active, and a profile whose license sharing sets accept (§3). */
export function judgeUser(user: ExplainUser): UserVerdict {
  const classification = classifyProfile(user.profile);
  if (!user.isActive) {
    return {
      applies: false,
      code: 'inactive',
      classification,
      reason: `${user.username} is inactive: an inactive user cannot log in, so sharing sets give them nothing.`,
    };
  }
  if (classification.eligibility === 'ineligible') {
    return {
      applies: false,
      code: 'ineligible',
      classification,
      reason: `Sharing sets do not apply to ${user.username}: ${classification.reason}`,
    };
  }
  return {
    applies: true,
    code: classification.eligibility === 'unknown' ? 'unknown-license' : 'eligible',
    classification,
    reason: classification.reason,
  };
}

/** The sharing sets that name the user's profile (profile names compare case-insensitively, src/model/names.ts). */
export function setsForProfile(sets: readonly SharingSet[], profileName: string): SharingSet[] {
  return sets.filter((set) => hasName(set.profiles, profileName));
}

/** What a userField gives for this user: the Ids compared, inactive relations apart, or why nothing. */
export type UserSide = { values: Ref[]; inactive: Ref[]; missing?: string };

/**
 * The user's side of a mapping, for every documented userField form (docs/salesforce-facts.md §2): `Account`,
 * `Contact`, `Manager.Account`, `Manager.Contact`, `Contact.RelatedAccount` (AccountContactRelation; inactive
 * relations kept apart, since whether they count is undocumented) and `Account.<Field>` / `Contact.<Field>` (read by
 * the loader into `pathValues`).
 */
export function userSide(user: ExplainUser, userField: string): UserSide {
  const key = nameKey(userField.replace(/\s+/g, ''));
  const one = (ref: Ref | undefined, missing: string): UserSide =>
    ref ? { values: [ref], inactive: [] } : { values: [], inactive: [], missing };
  switch (key) {
    case 'account':
      return one(user.account, `${user.username} has no account`);
    case 'contact':
      return one(user.contact, `${user.username} has no contact`);
    case 'manager.account':
      return user.manager
        ? one(user.manager.account, "the user's manager has no account")
        : { values: [], inactive: [], missing: `${user.username} has no manager` };
    case 'manager.contact':
      return user.manager
        ? one(user.manager.contact, "the user's manager has no contact")
        : { values: [], inactive: [], missing: `${user.username} has no manager` };
    case 'contact.relatedaccount': {
      if (!user.contact) return { values: [], inactive: [], missing: `${user.username} has no contact` };
      if (!user.relations) {
        return {
          values: [],
          inactive: [],
          missing: "the contact's account relationships could not be read (Contacts to Multiple Accounts off?)",
        };
      }
      const refOf = ({ id, name }: Ref): Ref => (name ? { id, name } : { id });
      const values = user.relations.filter((r) => r.isActive).map(refOf);
      const inactive = user.relations.filter((r) => !r.isActive).map(refOf);
      return values.length > 0 || inactive.length > 0
        ? { values, inactive }
        : { values, inactive, missing: 'the contact has no account relationships' };
    }
    default: {
      if (!/^(account|contact)\./.test(key)) {
        return { values: [], inactive: [], missing: `"${userField}" is not a documented userField form` };
      }
      const value = user.pathValues?.[key];
      if (value === undefined) return { values: [], inactive: [], missing: `${userField} could not be read` };
      return one(value ?? undefined, `the user's ${userField} is empty`);
    }
  }
}

const label = (ref: Ref): string => (ref.name ? `${ref.name} (${ref.id})` : ref.id);
const labels = (refs: Ref[]): string => refs.map(label).join(', ');

/** Judges one mapping against one record. */
export function judgeMapping(
  user: ExplainUser,
  record: RecordFacts,
  mapping: AccessMapping,
  ref: MappingRef
): MappingVerdict {
  const side = userSide(user, mapping.userField);
  const objectValue = record.unreadable ? undefined : record.values[nameKey(mapping.objectField.trim())];
  const base = { ...ref, ...mapping, userValues: side.values, objectValue };
  const paths = `${mapping.object}.${mapping.objectField} = User.${mapping.userField}`;
  if (objectValue === undefined) {
    return { ...base, matched: false, reason: `${paths}: the record's ${mapping.objectField} could not be read.` };
  }
  if (objectValue === null) {
    return { ...base, matched: false, reason: `${paths}: the record's ${mapping.objectField} is empty.` };
  }
  const recordSide = `the record's ${mapping.objectField} is ${label(objectValue)}`;
  if (side.values.some((value) => sameId(value.id, objectValue.id))) {
    return { ...base, matched: true, reason: `${paths}: ${recordSide}, the user's too; gives ${mapping.accessLevel}.` };
  }
  const inactive = side.inactive.find((value) => sameId(value.id, objectValue.id));
  if (inactive) {
    const undocumented =
      'Whether an inactive account relationship counts for Contact.RelatedAccount is not documented ' +
      '(docs/salesforce-facts.md §6); the plugin does not count it.';
    return {
      ...base,
      matched: false,
      undocumented,
      reason: `${paths}: ${recordSide}, related to the user's contact only through an inactive relationship. ${undocumented}`,
    };
  }
  if (side.missing) return { ...base, matched: false, reason: `${paths}: ${recordSide}, but ${side.missing}.` };
  return {
    ...base,
    matched: false,
    reason: `${paths}: ${recordSide}; the user's ${mapping.userField} is ${labels(side.values)}.`,
  };
}

/** How close a miss came: both sides known but different (2), one side empty (1), unreadable (0). */
function closeness(verdict: MappingVerdict): number {
  if (verdict.undocumented) return 3;
  if (verdict.objectValue && verdict.userValues.length > 0) return 2;
  return verdict.objectValue === undefined ? 0 : 1;
}

/** What the external org-wide default alone gives (Public Read Only → Read, Public Read/Write → Edit). */
export function owdAccess(externalSharingModel: string | undefined): Access {
  switch (nameKey(externalSharingModel ?? '')) {
    case 'read':
      return 'Read';
    case 'readwrite':
    case 'readwritetransfer':
    case 'fullaccess':
      return 'Edit';
    default:
      return 'None';
  }
}

/** The most the object permission lets through (undefined permission: not read, so no cap). */
function permissionCap(permission: ObjectPermission | undefined): Access {
  if (!permission) return 'Edit';
  if (!permission.read) return 'None';
  return permission.edit ? 'Edit' : 'Read';
}

/**
 * Mechanisms outside sharing sets and org-wide defaults that may give a user more access than they explain
 * (docs/salesforce-facts.md §6).
 */
export const MORE_ACCESS_FROM = [
  'record ownership (the user, or for Customer Community Plus and Partner users someone below them in the role hierarchy, owns it)',
  'share groups (records owned by other high-volume users)',
  'sharing rules, manual sharing and other share rows',
  'View All / Modify All on the object',
];

/** Mechanisms that may give less than the plugin's model does. */
export const LESS_ACCESS_FROM = [
  'permission-set groups with a muting permission set (the plugin counts each assigned set on its own)',
  'whether UserRecordAccess reflects sharing-set grants is not documented (docs/salesforce-facts.md §6)',
  'a sharing set changed moments ago (access is recalculated)',
];

/** Salesforce's answer beside the plugin's; never a silent contradiction. */
export function compareWithSalesforce(access: Access, answer: SalesforceAccess): SalesforceComparison {
  const theirs = rank(answer.maxAccessLevel);
  const ours = rank(access);
  if (theirs === ours) {
    return { ...answer, agrees: true, note: `Salesforce agrees: ${answer.maxAccessLevel}.`, mayExplain: [] };
  }
  if (theirs > ours) {
    return {
      ...answer,
      agrees: false,
      note:
        `Salesforce reports ${answer.maxAccessLevel}, more than sharing sets and the external org-wide default explain ` +
        `(${access}); Salesforce's answer stands. Restriction and scoping rules are not in either answer.`,
      mayExplain: MORE_ACCESS_FROM,
    };
  }
  return {
    ...answer,
    agrees: false,
    note:
      `Salesforce reports ${answer.maxAccessLevel}, less than the plugin's reading of the sharing sets (${access}); ` +
      "Salesforce's answer stands (UserRecordAccess does not apply restriction rules, so they cannot explain it).",
    mayExplain: LESS_ACCESS_FROM,
  };
}

/**
 * Explains one record: the object permission caps everything; the external org-wide default gives a floor; every
 * mapping of a set naming the user's profile on the record's object is judged, and the most any matched mapping gives
 * is the sharing-set access. When nothing grants, the nearest miss comes first.
 */
export function explainRecord(
  user: ExplainUser,
  sets: readonly SharingSet[],
  object: ObjectFacts,
  record: RecordFacts,
  answer?: SalesforceAccess
): RecordExplanation {
  const verdicts: MappingVerdict[] = [];
  for (const set of setsForProfile(sets, user.profile.name)) {
    set.accessMappings.forEach((mapping, mappingIndex) => {
      if (sameName(mapping.object, record.object)) {
        verdicts.push(judgeMapping(user, record, mapping, { sharingSet: set.fullName, mappingIndex }));
      }
    });
  }
  const matched = verdicts.filter((verdict) => verdict.matched);
  const misses = verdicts.filter((verdict) => !verdict.matched).sort((a, b) => closeness(b) - closeness(a));
  const bySets = most(matched.map((verdict) => verdict.accessLevel));
  const floor = owdAccess(object.externalSharingModel);
  const cap = permissionCap(object.permission);
  const access = atMost(most([bySets, floor]), cap);
  const grantedBy =
    access === 'None' ? [] : matched.map(({ sharingSet, mappingIndex }) => ({ sharingSet, mappingIndex }));
  const nearest = access === 'None' || grantedBy.length === 0 ? misses[0] : undefined;
  const reason = verdictReason(access, { bySets, floor, cap, object, grantedBy, verdicts, nearest });
  return {
    id: record.id,
    object: record.object,
    ...(record.name ? { name: record.name } : {}),
    access,
    grantedBy,
    ...(nearest && access === 'None'
      ? { nearestMiss: { sharingSet: nearest.sharingSet, mappingIndex: nearest.mappingIndex } }
      : {}),
    ...(object.externalSharingModel ? { externalOwd: object.externalSharingModel } : {}),
    owdAccess: floor,
    ...(object.permission ? { objectPermission: object.permission } : {}),
    mappings: [...matched, ...misses],
    reason,
    ...(answer ? { salesforceAnswer: compareWithSalesforce(access, answer) } : {}),
  };
}

function verdictReason(
  access: Access,
  facts: {
    bySets: Access;
    floor: Access;
    cap: Access;
    object: ObjectFacts;
    grantedBy: MappingRef[];
    verdicts: MappingVerdict[];
    nearest?: MappingVerdict;
  }
): string {
  const { bySets, floor, cap, object, grantedBy, verdicts, nearest } = facts;
  if (cap === 'None') {
    return `No access: the user's profile and permission sets do not grant Read on ${object.name}, whatever the sharing sets say.`;
  }
  const capped = rank(most([bySets, floor])) > rank(cap) ? ` (capped at ${cap} by the object permission)` : '';
  if (grantedBy.length > 0 && rank(bySets) >= rank(floor)) {
    const names = grantedBy.map((g) => `${g.sharingSet} mapping ${g.mappingIndex + 1}`).join(', ');
    return `${access}${capped}: granted by ${names}.`;
  }
  if (floor !== 'None') {
    return `${access}${capped}: the external org-wide default of ${object.name} (${
      object.externalSharingModel ?? ''
    }) gives it.`;
  }
  if (verdicts.length === 0) {
    return `No access: no sharing set naming the user's profile maps ${
      object.name
    }, and its external org-wide default is ${object.externalSharingModel ?? 'not known'}.`;
  }
  return `No access: no mapping matches; nearest: ${nearest?.sharingSet ?? ''} mapping ${
    (nearest?.mappingIndex ?? 0) + 1
  }: ${nearest?.reason ?? ''}`;
}

/** A mapping that applies to the user, with the key value it matches on (without --record). */
export type ReachEntry = MappingRef &
  AccessMapping & {
    userValues: Ref[];
    inactive: Ref[];
    missing?: string;
    /** Records of the object the mapping reaches; undefined when not counted. */
    count?: number;
  };

/** Every mapping of the sets naming the user's profile, with the key values the user brings. */
export function reach(user: ExplainUser, sets: readonly SharingSet[]): ReachEntry[] {
  return setsForProfile(sets, user.profile.name).flatMap((set) =>
    set.accessMappings.map((mapping, mappingIndex) => {
      const side = userSide(user, mapping.userField);
      return {
        sharingSet: set.fullName,
        mappingIndex,
        ...mapping,
        userValues: side.values,
        inactive: side.inactive,
        ...(side.missing && side.values.length === 0 ? { missing: side.missing } : {}),
      };
    })
  );
}

/**
 * The pure side of `sf sharing exposure`: which profiles of a set are counted (src/eligibility), how a userField is
 * read (src/explain/paths.ts, the resolution `sf sharing explain` uses), and the join of the two aggregate sides (users
 * per key, records per key) into users, records and grants. Facts: docs/salesforce-facts.md §2 (userField forms), §3
 * (eligible licenses), §11 (counting).
 */
import { classifyProfile } from '../eligibility/classify.js';
import { userFieldColumns } from '../explain/paths.js';
import { compareNames, findByName, nameKey, sameName, uniqueNames } from '../model/names.js';
import type { ProfileInfo, SharingSet } from '../model/types.js';
import type { ExposureTotals, KeyExposure, MappingExposure, ProfileExposure, Totals } from './types.js';

/** How the user side of a mapping is read: a path on User, or the contact's account relationships. */
export type UserKeyForm = { kind: 'path'; id: string; name: string } | { kind: 'relatedAccount' } | undefined;

/** The documented userField forms (docs/salesforce-facts.md §2); anything else is not counted. */
const SIMPLE_FORMS = ['account', 'contact', 'manager.account', 'manager.contact'];

/** How `userField` is read, or undefined for a form that is not documented or not an API path. */
export function userKeyForm(userField: string): UserKeyForm {
  const key = nameKey(userField.replace(/\s+/g, ''));
  if (key === 'contact.relatedaccount') return { kind: 'relatedAccount' };
  if (!SIMPLE_FORMS.includes(key) && !/^(account|contact)\.[^.]+/.test(key)) return undefined;
  // The user's own lookup holds the key: read as the field (`AccountId`), not through the relationship (`Account.Id`),
  // which the running user's access to the account could blank (the name still comes through it).
  if (key === 'account') return { kind: 'path', id: 'AccountId', name: 'Account.Name' };
  if (key === 'contact') return { kind: 'path', id: 'ContactId', name: 'Contact.Name' };
  const columns = userFieldColumns(userField.replace(/\s+/g, ''));
  return columns ? { kind: 'path', ...columns } : undefined;
}

/** A mapping's record side as a semi-join: the lookup on the object and the User lookup it is compared with. */
export type SemiJoinForm = { field: string; userKey: string };

/** The lookup field a one-segment objectField names (`Account` → `AccountId`, `Deal__r` → `Deal__c`), or `Id`. */
function lookupField(objectField: string): string | undefined {
  const segment = objectField.trim();
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(segment)) return undefined;
  if (nameKey(segment) === 'id') return 'Id';
  if (/__c$/i.test(segment)) return segment;
  if (/__r$/i.test(segment)) return `${segment.slice(0, -3)}__c`;
  // A standard lookup's field is its relationship name with `Id` (docs/salesforce-facts.md §4: a naming convention,
  // confirmed for the common lookups): a name that breaks it is refused by the org, and the plugin falls back.
  return segment.endsWith('Id') && segment.length > 2 ? segment : `${segment}Id`;
}

/**
 * Whether a mapping's records can be counted with one semi-join instead of key lists (docs/salesforce-facts.md §11):
 * the left operand must be one Id or lookup field, no relationship path (so a one-segment objectField), and the
 * sub-select's column one User lookup without dot notation (so the `Account` and `Contact` userFields only; a Manager's
 * or a contact's related accounts would need a path or a nested semi-join, which SOQL refuses). User itself cannot be
 * the mapped object (a sub-select cannot query the main query's object).
 */
export function semiJoinForm(object: string, objectField: string, userField: string): SemiJoinForm | undefined {
  const user = nameKey(userField.replace(/\s+/g, ''));
  const userKey = user === 'account' ? 'AccountId' : user === 'contact' ? 'ContactId' : undefined;
  const field = lookupField(objectField);
  if (!userKey || !field || sameName(object, 'User')) return undefined;
  return { field, userKey };
}

/** A set's profiles, split: the ones whose users are counted, and the others with why not. */
export type SetProfiles = {
  counted: ProfileInfo[];
  others: Array<{ name: string; status: ProfileExposure['status'] }>;
};

/** Which of the set's profiles count: present in the org and of a license sharing sets accept (§3). */
export function setProfiles(set: SharingSet, profiles: readonly ProfileInfo[]): SetProfiles {
  const counted: ProfileInfo[] = [];
  const others: SetProfiles['others'] = [];
  for (const name of uniqueNames(set.profiles)) {
    const profile = findByName(profiles, name, (p) => p.name);
    if (!profile) others.push({ name, status: 'absent' });
    else {
      const eligibility = classifyProfile(profile).eligibility;
      if (eligibility === 'eligible') counted.push(profile);
      else others.push({ name: profile.name, status: eligibility });
    }
  }
  return { counted, others };
}

/** The first 15 characters name a record (18-character Ids only add a case-safe suffix, src/explain/ids.ts). */
export const idKey = (id: string): string => id.slice(0, 15);

/** One key on the user side: how many users bring it. */
export type UserKey = { id: string; name?: string; users: number };

/**
 * Joins the two sides: `records` sums the records of every key some user brings, `grants` the user-record pairs
 * (users of a key × records of that key; a user brings a key once, and a record holds one value of the objectField).
 */
export function joinSides(
  userKeys: readonly UserKey[],
  recordsByKey: ReadonlyMap<string, number>,
  top: number
): Pick<MappingExposure, 'records' | 'grants' | 'keys' | 'topKeys'> {
  let records = 0;
  let grants = 0;
  const reached: KeyExposure[] = [];
  for (const key of userKeys) {
    const count = recordsByKey.get(idKey(key.id)) ?? 0;
    records += count;
    grants += count * key.users;
    if (count > 0)
      reached.push({ id: key.id, ...(key.name ? { name: key.name } : {}), users: key.users, records: count });
  }
  reached.sort((a, b) => b.records - a.records || b.users - a.users || a.id.localeCompare(b.id));
  return { records, grants, keys: userKeys.length, topKeys: reached.slice(0, Math.max(0, top)) };
}

/** Adds user counts of keys met more than once (a key read in two chunks, or the same account through two contacts). */
export function mergeUserKeys(parts: Iterable<UserKey>): UserKey[] {
  const merged = new Map<string, UserKey>();
  for (const part of parts) {
    const known = merged.get(idKey(part.id));
    if (known) known.users += part.users;
    else merged.set(idKey(part.id), { ...part });
  }
  return [...merged.values()];
}

const emptyTotals = (): Totals => ({ mappings: 0, users: 0, records: 0, grants: 0, editGrants: 0 });

/** `totals` with one more mapping. */
function add<T extends Totals>(totals: T, mapping: MappingExposure): T {
  return {
    ...totals,
    mappings: totals.mappings + 1,
    records: totals.records + mapping.records,
    grants: totals.grants + mapping.grants,
    editGrants: totals.editGrants + (mapping.accessLevel === 'Edit' ? mapping.grants : 0),
  };
}

/**
 * Totals per set, object and profile, and for the org. Users are counted per profile (the active users of the eligible
 * profiles concerned, each profile once), so a user two mappings reach is one user.
 */
export function exposureTotals(
  mappings: readonly MappingExposure[],
  sets: readonly SharingSet[],
  profiles: readonly ProfileInfo[]
): ExposureTotals {
  const activeOf = (name: string): number => findByName(profiles, name, (p) => p.name)?.activeUsers ?? 0;
  const usersOf = (names: Iterable<string>): number => uniqueNames(names).reduce((n, name) => n + activeOf(name), 0);
  let org = emptyTotals();
  const bySet = new Map<string, Totals & { sharingSet: string }>();
  const byObject = new Map<string, Totals & { object: string; profiles: string[] }>();
  for (const mapping of mappings) {
    org = add(org, mapping);
    const set = bySet.get(nameKey(mapping.sharingSet)) ?? { sharingSet: mapping.sharingSet, ...emptyTotals() };
    bySet.set(nameKey(mapping.sharingSet), { ...add(set, mapping), users: usersOf(mapping.profiles) });
    const object = byObject.get(nameKey(mapping.object)) ?? { object: mapping.object, profiles: [], ...emptyTotals() };
    byObject.set(nameKey(mapping.object), {
      ...add(object, mapping),
      profiles: [...object.profiles, ...mapping.profiles],
    });
  }
  org.users = usersOf(mappings.flatMap((m) => m.profiles));
  const byProfile: ProfileExposure[] = [];
  for (const set of sets) {
    const { counted, others } = setProfiles(set, profiles);
    const named = [
      ...counted.map((p) => ({ name: p.name, status: 'eligible' as const })),
      ...others.map((o) => ({ name: o.name, status: o.status })),
    ];
    for (const { name, status } of named) {
      let row = findByName(byProfile, name, (p) => p.name);
      if (!row) {
        row = { name, status, activeUsers: status === 'absent' ? 0 : activeOf(name), sharingSets: [], objects: [] };
        byProfile.push(row);
      }
      row.sharingSets.push(set.fullName);
      if (status === 'eligible')
        row.objects = uniqueNames([...row.objects, ...set.accessMappings.map((m) => m.object)]);
    }
  }
  byProfile.sort((a, b) => compareNames(a.name, b.name));
  return {
    org,
    bySet: [...bySet.values()].sort((a, b) => compareNames(a.sharingSet, b.sharingSet)),
    byObject: [...byObject.values()]
      .map(({ profiles: names, ...totals }) => ({ ...totals, users: usersOf(names) }))
      .sort((a, b) => compareNames(a.object, b.object)),
    byProfile,
  };
}

/** Whether a mapping is kept by the --object filter (none given: all). */
export const objectWanted = (object: string, wanted: readonly string[]): boolean =>
  wanted.length === 0 || wanted.some((name) => sameName(name, object));

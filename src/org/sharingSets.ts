/**
 * Reading sharing sets from an org: listMetadata for the names, then readMetadata in batches of at most 10 names
 * (the Metadata API's per-call limit, docs/salesforce-facts.md §4), issued in parallel.
 */
import type { AccessLevel, AccessMapping, SharingSet } from '../model/types.js';
import { chunk, mapLimit } from '../util/concurrency.js';
import { compareNames, indexByName, nameKey, uniqueNames } from '../model/names.js';
import { PARALLEL_REQUESTS, type OrgClient } from './client.js';

export const SHARING_SET_TYPE = 'SharingSet';

/** Names per Metadata API call (read, create, update, upsert, delete): docs/salesforce-facts.md §4. */
export const METADATA_BATCH = 10;

/** The API names of every sharing set in the org, sorted. */
export async function listSharingSetNames(client: OrgClient): Promise<string[]> {
  const items = await client.listMetadata(SHARING_SET_TYPE);
  return items.map((item) => item.fullName).sort(compareNames);
}

/**
 * Reads the named sharing sets. Names the org does not have are returned in `missing` (jsforce answers them with a
 * record that has no fullName, not an error: docs/salesforce-facts.md §5).
 */
export async function readSharingSets(
  client: OrgClient,
  names: readonly string[]
): Promise<{ sharingSets: SharingSet[]; missing: string[] }> {
  const groups = chunk(names, METADATA_BATCH);
  client.watchAllowance(groups.length);
  const batches = await mapLimit(groups, PARALLEL_REQUESTS, (batch) => client.readMetadata(SHARING_SET_TYPE, batch));
  const found = new Map<string, SharingSet>();
  for (const record of batches.flat()) {
    if (typeof record?.fullName === 'string' && record.fullName !== '') {
      const set = fromMetadata(record);
      found.set(nameKey(set.fullName), set);
    }
  }
  const missing = names.filter((name) => !found.has(nameKey(name)));
  return { sharingSets: [...found.values()].sort((a, b) => compareNames(a.fullName, b.fullName)), missing };
}

/**
 * The names a user typed, in the org's spelling: each is matched case-insensitively against the names listMetadata
 * returns (one call). readMetadata wants "full names that match the names listMetadata returns", and whether it
 * matches another case is not documented (docs/salesforce-facts.md §12), so it is only ever sent the org's spelling.
 * A name the list does not hold is kept as typed: readMetadata then decides, so a set the list left out is still read.
 */
export async function resolveSharingSetNames(client: OrgClient, names: readonly string[]): Promise<string[]> {
  const listed = indexByName(await listSharingSetNames(client), (name) => name);
  return uniqueNames(names).map((name) => listed.get(name) ?? name);
}

/**
 * Every sharing set in the org, or only the named ones (matched case-insensitively, read under the org's spelling).
 * `missing` holds the names as the user typed them.
 */
export async function loadSharingSets(
  client: OrgClient,
  names?: readonly string[]
): Promise<{ sharingSets: SharingSet[]; missing: string[] }> {
  if (!names || names.length === 0) {
    const all = await listSharingSetNames(client);
    return all.length === 0 ? { sharingSets: [], missing: [] } : readSharingSets(client, all);
  }
  const typed = uniqueNames(names);
  const { sharingSets } = await readSharingSets(client, await resolveSharingSetNames(client, typed));
  const found = indexByName(sharingSets, (set) => set.fullName);
  return { sharingSets, missing: typed.filter((name) => !found.has(name)) };
}

/** One sharing set by the name a user typed (any case), in the org's spelling; undefined when the org has none. */
export async function loadSharingSet(client: OrgClient, name: string): Promise<SharingSet | undefined> {
  return (await loadSharingSets(client, [name])).sharingSets[0];
}

/** Converts a readMetadata record (jsforce casts profiles and accessMappings to arrays by schema) to the model. */
export function fromMetadata(record: Record<string, unknown>): SharingSet {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const mappings = asArray(record.accessMappings).map((raw): AccessMapping => {
    const mapping = raw as Record<string, unknown>;
    return {
      accessLevel: text(mapping.accessLevel) as AccessLevel,
      object: text(mapping.object),
      objectField: text(mapping.objectField),
      userField: text(mapping.userField),
    };
  });
  const description = text(record.description);
  return {
    fullName: text(record.fullName),
    label: text(record.name),
    ...(description ? { description } : {}),
    profiles: asArray(record.profiles).map(text).filter(Boolean),
    accessMappings: mappings,
  };
}

/**
 * The metadata object sent to create/update: keys in XSD order with no undefined values, because jsforce's SOAP
 * serializer writes keys in insertion order and writes `undefined` as the text "undefined" (docs/salesforce-facts.md §5).
 */
export function toMetadata(set: SharingSet): Record<string, unknown> {
  return {
    fullName: set.fullName,
    accessMappings: set.accessMappings.map((mapping) => ({
      accessLevel: mapping.accessLevel,
      object: mapping.object,
      objectField: mapping.objectField,
      userField: mapping.userField,
    })),
    ...(set.description ? { description: set.description } : {}),
    name: set.label,
    profiles: [...set.profiles],
  };
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Org → what `sf sharing exposure` counts, with aggregate queries only (never one query per user or per record):
 * 1. the sharing sets' names ∥ profiles with their licenses ∥ active users per profile (src/org/snapshot.ts);
 * 2. the sharing sets (readMetadata, 10 per call, parallel);
 * 3. per distinct (profiles, userField): active users grouped by the userField's value, 2,000 keys per call in key
 * order (GROUP BY answers cannot be paged: docs/salesforce-facts.md §11); for `Contact.RelatedAccount` then the
 * contacts' active account relationships grouped by account, one call per chunk of contacts;
 * 4. per mapping: records of the object grouped by the objectField's value, `IN` the keys found, one call per chunk.
 * Paths are the ones `sf sharing explain` reads (src/explain/paths.ts). A query the org cannot finish (QUERY_TIMEOUT) or
 * whose answer would not fit one batch is split in two and sent again; a single key that still fails, or a query the
 * org refuses (an object or field it does not have), leaves that mapping "not counted" with the reason. Faults of the
 * org itself (session, limits, network) end the command, as every read does.
 */
import { objectFieldColumns } from '../explain/paths.js';
import { toId18 } from '../explain/ids.js';
import {
  idKey,
  joinSides,
  mergeUserKeys,
  objectWanted,
  setProfiles,
  userKeyForm,
  type UserKey,
} from '../exposure/count.js';
import type { MappingExposure, NotCounted } from '../exposure/types.js';
import { hasName, nameKey, sameName } from '../model/names.js';
import type { ProfileInfo, SharingSet } from '../model/types.js';
import { mapLimit } from '../util/concurrency.js';
import { PARALLEL_REQUESTS, type OrgClient, type QueryRecord } from './client.js';
import { orgErrorCode } from './errors.js';
import {
  AGGREGATE_ROWS,
  exposureRecordsQuery,
  exposureRelatedContactsQuery,
  exposureRelationsQuery,
  exposureUserKeysQuery,
  keyChunks,
} from './queries.js';
import { loadOrgSnapshot } from './snapshot.js';

export type ExposureLoadOptions = {
  /** Only these sharing sets (API names). */
  names?: readonly string[];
  /** Only users of these profiles (and the sets naming them). */
  profiles?: readonly string[];
  /** Only mappings on these objects. */
  objects?: readonly string[];
  /** Keys named per mapping. */
  top: number;
};

export type ExposureData = {
  sets: SharingSet[];
  profiles: ProfileInfo[];
  /** Names asked for with `names` that the org does not have. */
  missing: string[];
  mappings: MappingExposure[];
  /** Dependent round trips made. */
  roundTrips: number;
};

/** What a step gives: its value, or why it could not be counted; `depth` is the dependent round trips it took. */
type Step<T> = { value?: T; notCounted?: NotCounted; depth: number };

type UserSide = { keys: UserKey[]; users: number };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const lastSegment = (path: string): string => path.split('.').pop() ?? path;

/** A field of an aggregate row by name, case-insensitively. */
function field(row: QueryRecord, name: string): unknown {
  return Object.entries(row).find(([key]) => sameName(key, name))?.[1];
}

/** Error codes that mean "this query was too big for the org", worth splitting (docs/salesforce-facts.md §6, §11). */
const TOO_BIG = /QUERY_TIMEOUT|EXCEEDED_ID_LIMIT|does not support queryMore|single batch/i;

/**
 * The org's refusal of one query (an error code such as QUERY_TIMEOUT or INVALID_FIELD), as data; faults of the org
 * itself (session, limits, network) and anything that is not an org's answer are thrown.
 */
function refusal(error: unknown): NotCounted {
  const code = (error as { errorCode?: unknown } | undefined)?.errorCode;
  if (orgErrorCode(error) !== undefined || !(error instanceof Error) || typeof code !== 'string' || code === '') {
    throw error;
  }
  return { code, reason: error.message.split('\n').find((line) => line.trim() !== '') ?? code };
}

const tooBig = (problem: NotCounted): boolean => TOO_BIG.test(`${problem.code} ${problem.reason}`);

/**
 * Runs `query` over `keys` chunk by chunk (in parallel); a chunk the org cannot finish is split in two and sent again,
 * down to one key. Gives the rows of every chunk that answered.
 */
async function chunked(
  client: OrgClient,
  keys: readonly string[],
  build: (chunk: string[]) => string
): Promise<Step<QueryRecord[]>> {
  const run = async (chunk: string[]): Promise<Step<QueryRecord[]>> => {
    try {
      return { value: await client.query(build(chunk)), depth: 1 };
    } catch (error) {
      const problem = refusal(error);
      if (!tooBig(problem) || chunk.length < 2) return { notCounted: problem, depth: 1 };
      const half = Math.ceil(chunk.length / 2);
      const parts = await Promise.all([run(chunk.slice(0, half)), run(chunk.slice(half))]);
      return combine(parts, 1);
    }
  };
  if (keys.length === 0) return { value: [], depth: 0 };
  return combine(await mapLimit(keyChunks(keys, build), PARALLEL_REQUESTS, run), 0);
}

function combine(parts: Array<Step<QueryRecord[]>>, extraDepth: number): Step<QueryRecord[]> {
  const notCounted = parts.find((part) => part.notCounted)?.notCounted;
  return {
    value: parts.flatMap((part) => part.value ?? []),
    ...(notCounted ? { notCounted } : {}),
    depth: extraDepth + Math.max(0, ...parts.map((part) => part.depth)),
  };
}

/** Users per value of a userField path, 2,000 keys per call in key order. */
async function usersByPath(
  client: OrgClient,
  profileIds: readonly string[],
  idPath: string,
  namePath: string
): Promise<Step<UserSide>> {
  const keys: UserKey[] = [];
  let after: string | undefined;
  for (let depth = 1; ; depth++) {
    let rows: QueryRecord[];
    try {
      // Each batch starts after the last key of the one before: dependent by nature.
      // eslint-disable-next-line no-await-in-loop
      rows = await client.query(exposureUserKeysQuery(profileIds, idPath, namePath, after));
    } catch (error) {
      return { notCounted: refusal(error), depth };
    }
    for (const row of rows) {
      const id = text(field(row, lastSegment(idPath)));
      const name = text(field(row, lastSegment(namePath)));
      if (id) keys.push({ id: toId18(id), ...(name ? { name } : {}), users: Number(field(row, 'n') ?? 0) });
    }
    if (rows.length < AGGREGATE_ROWS) {
      const merged = mergeUserKeys(keys);
      return { value: { keys: merged, users: merged.reduce((n, key) => n + key.users, 0) }, depth };
    }
    after = keys[keys.length - 1]?.id;
  }
}

/**
 * `Contact.RelatedAccount`: the users' contacts, then their active account relationships grouped by account
 * (AccountContactRelation, docs/salesforce-facts.md §6; inactive relations are not counted, as explain decides).
 * Contacts are sent in groups of equal user count, so each relationship counts its contact's users exactly.
 */
async function usersByRelatedAccount(client: OrgClient, profileIds: readonly string[]): Promise<Step<UserSide>> {
  const contacts = await usersByPath(client, profileIds, 'Contact.Id', 'Contact.Name');
  if (!contacts.value) return contacts;
  const byWeight = new Map<number, string[]>();
  for (const key of contacts.value.keys) byWeight.set(key.users, [...(byWeight.get(key.users) ?? []), key.id]);
  const groups = await Promise.all(
    [...byWeight.entries()].map(async ([weight, ids]) => {
      const [accounts, related] = await Promise.all([
        chunked(client, ids, exposureRelationsQuery),
        chunked(client, ids, exposureRelatedContactsQuery),
      ]);
      const keys: UserKey[] = (accounts.value ?? []).flatMap((row) => {
        const id = text(field(row, 'AccountId'));
        const name = text(field(row, 'Name'));
        return id ? [{ id: toId18(id), ...(name ? { name } : {}), users: Number(field(row, 'n') ?? 0) * weight }] : [];
      });
      const users = (related.value ?? []).reduce((n, row) => n + Number(field(row, 'n') ?? 0) * weight, 0);
      const notCounted = accounts.notCounted ?? related.notCounted;
      return { keys, users, notCounted, depth: Math.max(accounts.depth, related.depth) };
    })
  );
  const notCounted = groups.find((group) => group.notCounted)?.notCounted;
  return {
    value: {
      keys: mergeUserKeys(groups.flatMap((group) => group.keys)),
      users: groups.reduce((n, g) => n + g.users, 0),
    },
    ...(notCounted ? { notCounted } : {}),
    depth: contacts.depth + Math.max(0, ...groups.map((group) => group.depth)),
  };
}

/** Records per key of one mapping's objectField. */
async function recordsByKey(
  client: OrgClient,
  object: string,
  idPath: string,
  keys: readonly string[]
): Promise<Step<Map<string, number>>> {
  const rows = await chunked(client, keys, (chunk) => exposureRecordsQuery(object, idPath, chunk));
  const counts = new Map<string, number>();
  for (const row of rows.value ?? []) {
    const id = text(field(row, lastSegment(idPath)));
    const n = idPath === 'Id' ? 1 : Number(field(row, 'n') ?? 0);
    if (id) counts.set(idKey(id), (counts.get(idKey(id)) ?? 0) + n);
  }
  return { value: counts, ...(rows.notCounted ? { notCounted: rows.notCounted } : {}), depth: rows.depth };
}

/** Reads what the exposure needs (see the module comment for the rounds). */
export async function loadExposure(client: OrgClient, options: ExposureLoadOptions): Promise<ExposureData> {
  const { snapshot, missing } = await loadOrgSnapshot(client, {
    ...(options.names && options.names.length > 0 ? { names: options.names } : {}),
    profiles: true,
    activeUsers: true,
  });
  const profiles = snapshot.profiles ?? [];
  const profileFilter = options.profiles ?? [];
  const objectFilter = options.objects ?? [];
  const sets = snapshot.sharingSets.filter(
    (set) => profileFilter.length === 0 || profileFilter.some((name) => hasName(set.profiles, name))
  );

  const sides = new Map<string, Promise<Step<UserSide>>>();
  const sideOf = (counted: ProfileInfo[], userField: string): Promise<Step<UserSide>> => {
    const ids = counted
      .map((p) => p.id ?? '')
      .filter(Boolean)
      .sort();
    const memo = `${ids.join(',')}|${nameKey(userField.replace(/\s+/g, ''))}`;
    let side = sides.get(memo);
    if (!side) {
      const form = userKeyForm(userField);
      side =
        ids.length === 0
          ? Promise.resolve({ value: { keys: [], users: 0 }, depth: 0 })
          : form?.kind === 'relatedAccount'
          ? usersByRelatedAccount(client, ids)
          : form
          ? usersByPath(client, ids, form.id, form.name)
          : Promise.resolve({ notCounted: { code: 'UnknownUserField', reason: userField }, depth: 0 });
      sides.set(memo, side);
    }
    return side;
  };

  // Mappings of different sets on the same object, path and user side ask the same question: asked once.
  const recordSides = new Map<string, Promise<Step<Map<string, number>>>>();
  const recordsOf = (
    object: string,
    idPath: string,
    memo: string,
    keys: string[]
  ): Promise<Step<Map<string, number>>> => {
    const key = `${nameKey(object)}|${nameKey(idPath)}|${memo}`;
    let side = recordSides.get(key);
    if (!side) {
      side = recordsByKey(client, object, idPath, keys);
      recordSides.set(key, side);
    }
    return side;
  };

  const work = sets.flatMap((set) => {
    const { counted } = setProfiles(set, profiles);
    const kept = counted.filter((p) => profileFilter.length === 0 || hasName(profileFilter, p.name));
    return set.accessMappings.flatMap((mapping, mappingIndex) =>
      objectWanted(mapping.object, objectFilter) ? [{ set, mapping, mappingIndex, counted: kept }] : []
    );
  });
  const results = await mapLimit(work, PARALLEL_REQUESTS, async ({ set, mapping, mappingIndex, counted }) => {
    const base = {
      sharingSet: set.fullName,
      label: set.label,
      mappingIndex,
      object: mapping.object,
      accessLevel: mapping.accessLevel,
      objectField: mapping.objectField,
      userField: mapping.userField,
      profiles: counted.map((p) => p.name),
    };
    const side = await sideOf(counted, mapping.userField);
    const sideMemo = `${counted
      .map((p) => p.id ?? '')
      .sort()
      .join(',')}|${nameKey(mapping.userField.replace(/\s+/g, ''))}`;
    const keys = side.value?.keys ?? [];
    const columns = objectFieldColumns(mapping.objectField);
    const records: Step<Map<string, number>> = columns
      ? await recordsOf(
          mapping.object,
          columns.id,
          sideMemo,
          keys.map((key) => key.id)
        )
      : { notCounted: { code: 'UnknownObjectField', reason: mapping.objectField }, depth: 0 };
    const notCounted = side.notCounted ?? records.notCounted;
    const exposure: MappingExposure = {
      ...base,
      users: side.value?.users ?? 0,
      ...joinSides(keys, records.value ?? new Map<string, number>(), options.top),
      ...(notCounted ? { notCounted } : {}),
    };
    return { exposure, depth: side.depth + records.depth };
  });
  return {
    sets,
    profiles,
    missing,
    mappings: results.map((result) => result.exposure),
    // The snapshot's two rounds (names ∥ profiles ∥ users per profile, then the sets), then the longest chain.
    roundTrips: 2 + Math.max(0, ...results.map((result) => result.depth)),
  };
}

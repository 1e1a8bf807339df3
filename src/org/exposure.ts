/**
 * Org → what `sf sharing exposure` counts, with aggregate queries only (never one query per user or per record):
 * 1. the sharing sets' names ∥ profiles with their licenses ∥ active users per profile (src/org/snapshot.ts);
 * 2. the sharing sets (readMetadata, 10 per call, parallel);
 * 3. the mapped objects' approximate record counts (`/limits/recordCount`, one call per URI's worth of names) ∥ per
 * distinct (profiles, userField): active users grouped by the userField's value, 2,000 keys per call in key order
 * (GROUP BY answers cannot be paged: docs/salesforce-facts.md §11); for `Contact.RelatedAccount` then the contacts'
 * active account relationships grouped by account, one call per chunk of contacts;
 * 4. per mapping with keys: records of the object grouped by the objectField's value, `IN` the keys found, one call per
 * chunk that fits the URI; where that takes more than one call and SOQL allows it (an `Account` or `Contact`
 * userField, a one-segment objectField: docs/salesforce-facts.md §11), one semi-join on User instead, 2,000 keys per
 * call in key order. Profiles without active users cost no query; a mapping without keys queries no record.
 * Paths are the ones `sf sharing explain` reads (src/explain/paths.ts). A query the org cannot finish (QUERY_TIMEOUT) or
 * whose answer would not fit one batch is sent again in smaller pieces: a semi-join as key chunks, a chunk split in
 * two, down to one key, at most MAX_TIMEOUTS_PER_OBJECT time-outs per object; a piece that still fails, or a query the
 * org refuses (an object or field it does not have), leaves that mapping "not counted" with the reason and, for a
 * time-out, the object's approximate size from step 3. A semi-join the org refuses is asked again as key chunks.
 * Faults of the org itself (session, limits, network) end the command, as every read does.
 */
import { objectFieldColumns } from '../explain/paths.js';
import { toId18 } from '../explain/ids.js';
import {
  idKey,
  joinSides,
  mergeUserKeys,
  objectWanted,
  semiJoinForm,
  setProfiles,
  userKeyForm,
  type SemiJoinForm,
  type UserKey,
} from '../exposure/count.js';
import type { MappingExposure, NotCounted } from '../exposure/types.js';
import { hasName, nameKey, sameName, uniqueNames } from '../model/names.js';
import type { ProfileInfo, SharingSet } from '../model/types.js';
import { mapLimit } from '../util/concurrency.js';
import { PARALLEL_REQUESTS, type OrgClient, type QueryRecord } from './client.js';
import { isOrgWideFailure, orgErrorCode } from './errors.js';
import {
  AGGREGATE_ROWS,
  MAX_QUERY_CHARS,
  exposureRecordsQuery,
  exposureSemiJoinQuery,
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

/**
 * What a step gives: its value, or why it could not be counted; `depth` is the dependent round trips it took, `calls`
 * the queries it sent.
 */
type Step<T> = { value?: T; notCounted?: NotCounted; depth: number; calls: number };

type UserSide = { keys: UserKey[]; users: number };

/**
 * Time-outs accepted per object before its remaining pieces are no longer sent (each can take the org minutes:
 * docs/salesforce-facts.md §6); the mappings concerned are "not counted". The plugin's choice.
 */
export const MAX_TIMEOUTS_PER_OBJECT = 32;

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

/** Time-outs per object, shared by every query of one load: past MAX_TIMEOUTS_PER_OBJECT, nothing more is sent. */
class TimeoutBudget {
  private readonly seen = new Map<string, number>();

  public spent(object: string): boolean {
    return (this.seen.get(nameKey(object)) ?? 0) >= MAX_TIMEOUTS_PER_OBJECT;
  }

  public note(object: string): void {
    this.seen.set(nameKey(object), (this.seen.get(nameKey(object)) ?? 0) + 1);
  }
}

/** Why the remaining pieces on `object` were not sent. */
function stopped(object: string): NotCounted {
  return {
    code: 'QUERY_TIMEOUT',
    reason: `not sent: ${MAX_TIMEOUTS_PER_OBJECT} queries on ${object} ran too long, even split into smaller pieces`,
  };
}

/**
 * Runs `query` over `keys` chunk by chunk (in parallel); a chunk the org cannot finish is split in two and sent again,
 * down to one key, within the object's time-out budget. Gives the rows of every chunk that answered.
 */
async function chunked(
  client: OrgClient,
  keys: readonly string[],
  build: (chunk: string[]) => string,
  guard: { object: string; budget: TimeoutBudget }
): Promise<Step<QueryRecord[]>> {
  const run = async (chunk: string[]): Promise<Step<QueryRecord[]>> => {
    if (guard.budget.spent(guard.object)) return { notCounted: stopped(guard.object), depth: 0, calls: 0 };
    try {
      return { value: await client.query(build(chunk)), depth: 1, calls: 1 };
    } catch (error) {
      const problem = refusal(error);
      if (!tooBig(problem)) return { notCounted: problem, depth: 1, calls: 1 };
      guard.budget.note(guard.object);
      if (chunk.length < 2) return { notCounted: problem, depth: 1, calls: 1 };
      const half = Math.ceil(chunk.length / 2);
      const parts = await Promise.all([run(chunk.slice(0, half)), run(chunk.slice(half))]);
      return combine(parts, 1, 1);
    }
  };
  if (keys.length === 0) return { value: [], depth: 0, calls: 0 };
  return combine(await mapLimit(keyChunks(keys, build), PARALLEL_REQUESTS, run), 0, 0);
}

function combine(parts: Array<Step<QueryRecord[]>>, extraDepth: number, extraCalls: number): Step<QueryRecord[]> {
  const notCounted = parts.find((part) => part.notCounted)?.notCounted;
  return {
    value: parts.flatMap((part) => part.value ?? []),
    ...(notCounted ? { notCounted } : {}),
    depth: extraDepth + Math.max(0, ...parts.map((part) => part.depth)),
    calls: extraCalls + parts.reduce((n, part) => n + part.calls, 0),
  };
}

/**
 * The rows of an aggregate read in key order, {@link AGGREGATE_ROWS} keys per call, each batch starting after the last
 * key of the one before (GROUP BY answers cannot be paged: docs/salesforce-facts.md §11).
 */
async function pagedByKey(
  client: OrgClient,
  build: (after?: string) => string,
  keyOf: (row: QueryRecord) => string | undefined
): Promise<Step<QueryRecord[]>> {
  const rows: QueryRecord[] = [];
  let after: string | undefined;
  for (let depth = 1; ; depth++) {
    let page: QueryRecord[];
    try {
      // Each batch starts after the last key of the one before: dependent by nature.
      // eslint-disable-next-line no-await-in-loop
      page = await client.query(build(after));
    } catch (error) {
      return { value: rows, notCounted: refusal(error), depth, calls: depth };
    }
    rows.push(...page);
    if (page.length < AGGREGATE_ROWS) return { value: rows, depth, calls: depth };
    after = keyOf(page[page.length - 1]);
  }
}

/** Users per value of a userField path, 2,000 keys per call in key order. */
async function usersByPath(
  client: OrgClient,
  profileIds: readonly string[],
  idPath: string,
  namePath: string
): Promise<Step<UserSide>> {
  const idOf = (row: QueryRecord): string | undefined => text(field(row, lastSegment(idPath)));
  const rows = await pagedByKey(
    client,
    (after) => exposureUserKeysQuery(profileIds, idPath, namePath, after),
    (row) => {
      const id = idOf(row);
      return id ? toId18(id) : undefined;
    }
  );
  if (rows.notCounted) return { notCounted: rows.notCounted, depth: rows.depth, calls: rows.calls };
  const keys: UserKey[] = [];
  for (const row of rows.value ?? []) {
    const id = idOf(row);
    const name = text(field(row, lastSegment(namePath)));
    if (id) keys.push({ id: toId18(id), ...(name ? { name } : {}), users: Number(field(row, 'n') ?? 0) });
  }
  const merged = mergeUserKeys(keys);
  return {
    value: { keys: merged, users: merged.reduce((n, key) => n + key.users, 0) },
    depth: rows.depth,
    calls: rows.calls,
  };
}

/**
 * `Contact.RelatedAccount`: the users' contacts, then their active account relationships grouped by account
 * (AccountContactRelation, docs/salesforce-facts.md §6; inactive relations are not counted, as explain decides).
 * Contacts are sent in groups of equal user count, so each relationship counts its contact's users exactly.
 */
async function usersByRelatedAccount(
  client: OrgClient,
  profileIds: readonly string[],
  budget: TimeoutBudget
): Promise<Step<UserSide>> {
  const contacts = await usersByPath(client, profileIds, 'Contact.Id', 'Contact.Name');
  if (!contacts.value) return contacts;
  const byWeight = new Map<number, string[]>();
  for (const key of contacts.value.keys) byWeight.set(key.users, [...(byWeight.get(key.users) ?? []), key.id]);
  const guard = { object: 'AccountContactRelation', budget };
  const groups = await Promise.all(
    [...byWeight.entries()].map(async ([weight, ids]) => {
      const [accounts, related] = await Promise.all([
        chunked(client, ids, exposureRelationsQuery, guard),
        chunked(client, ids, exposureRelatedContactsQuery, guard),
      ]);
      const keys: UserKey[] = (accounts.value ?? []).flatMap((row) => {
        const id = text(field(row, 'AccountId'));
        const name = text(field(row, 'Name'));
        return id ? [{ id: toId18(id), ...(name ? { name } : {}), users: Number(field(row, 'n') ?? 0) * weight }] : [];
      });
      const users = (related.value ?? []).reduce((n, row) => n + Number(field(row, 'n') ?? 0) * weight, 0);
      const notCounted = accounts.notCounted ?? related.notCounted;
      return {
        keys,
        users,
        notCounted,
        depth: Math.max(accounts.depth, related.depth),
        calls: accounts.calls + related.calls,
      };
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
    calls: contacts.calls + groups.reduce((n, group) => n + group.calls, 0),
  };
}

/** Records per key from rows holding the key in `keyField`: grouped rows with their count `n`, or records (`Id`). */
function countsOf(rows: readonly QueryRecord[], keyField: string, records: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const id = text(field(row, keyField));
    const n = records ? 1 : Number(field(row, 'n') ?? 0);
    if (id) counts.set(idKey(id), (counts.get(idKey(id)) ?? 0) + n);
  }
  return counts;
}

/** Records per key of one mapping's objectField, `IN` the keys, one call per chunk. */
async function recordsByKey(
  client: OrgClient,
  object: string,
  idPath: string,
  keys: readonly string[],
  budget: TimeoutBudget
): Promise<Step<Map<string, number>>> {
  const rows = await chunked(client, keys, (chunk) => exposureRecordsQuery(object, idPath, chunk), {
    object,
    budget,
  });
  return {
    value: countsOf(rows.value ?? [], lastSegment(idPath), idPath === 'Id'),
    ...(rows.notCounted ? { notCounted: rows.notCounted } : {}),
    depth: rows.depth,
    calls: rows.calls,
  };
}

/**
 * Records per key of one mapping as a semi-join on User (docs/salesforce-facts.md §11), 2,000 keys per call. `retry`
 * is set when the org would not run it (refused, timed out, or an answer too big): the caller asks again in key chunks.
 */
async function recordsBySemiJoin(
  client: OrgClient,
  object: string,
  form: SemiJoinForm,
  profileIds: readonly string[],
  budget: TimeoutBudget
): Promise<Step<Map<string, number>> & { retry?: NotCounted }> {
  if (budget.spent(object)) return { notCounted: stopped(object), depth: 0, calls: 0 };
  const rows = await pagedByKey(
    client,
    (after) => exposureSemiJoinQuery(object, form.field, form.userKey, profileIds, after),
    (row) => text(field(row, form.field))
  );
  if (rows.notCounted) {
    if (tooBig(rows.notCounted)) budget.note(object);
    return { retry: rows.notCounted, depth: rows.depth, calls: rows.calls };
  }
  return { value: countsOf(rows.value ?? [], form.field, form.field === 'Id'), depth: rows.depth, calls: rows.calls };
}

/** Approximate record counts of the objects (case-insensitive names), one call per URI's worth of names. */
async function objectSizes(client: OrgClient, objects: readonly string[]): Promise<Step<Map<string, number>>> {
  const names = uniqueNames(objects).filter((name) => /^[A-Za-z][A-Za-z0-9_]*$/.test(name));
  const batches: string[][] = [];
  let batch: string[] = [];
  let length = 0;
  for (const name of names) {
    if (batch.length > 0 && length + name.length + 3 > MAX_QUERY_CHARS) {
      batches.push(batch);
      batch = [];
      length = 0;
    }
    batch.push(name);
    length += name.length + 3;
  }
  if (batch.length > 0) batches.push(batch);
  const sizes = new Map<string, number>();
  try {
    const answers = await mapLimit(batches, PARALLEL_REQUESTS, (names_) => client.recordCounts(names_));
    for (const answer of answers) for (const [name, count] of answer) sizes.set(nameKey(name), count);
  } catch (error) {
    // Without View Setup the org refuses the resource (docs/salesforce-facts.md §6): every object is then treated as
    // large, the careful order.
    if (isOrgWideFailure(error)) throw error;
    return { value: new Map(), depth: 1, calls: batches.length };
  }
  return { value: sizes, depth: batches.length > 0 ? 1 : 0, calls: batches.length };
}

/** The reason with the object's approximate size, when the org gave one (a time-out on a table of millions). */
function sized(problem: NotCounted, object: string, sizes: ReadonlyMap<string, number>): NotCounted {
  const size = sizes.get(nameKey(object));
  return size !== undefined && tooBig(problem)
    ? { ...problem, reason: `${problem.reason} (${object}: about ${size.toLocaleString('en-US')} records)` }
    : problem;
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
  const budget = new TimeoutBudget();

  const work = sets.flatMap((set) => {
    const { counted } = setProfiles(set, profiles);
    const kept = counted.filter((p) => profileFilter.length === 0 || hasName(profileFilter, p.name));
    // Profiles without active users bring no key: their users are not queried at all.
    const ids = kept
      .filter((p) => (p.activeUsers ?? 1) > 0)
      .map((p) => p.id ?? '')
      .filter(Boolean)
      .sort();
    return set.accessMappings.flatMap((mapping, mappingIndex) =>
      objectWanted(mapping.object, objectFilter) ? [{ set, mapping, mappingIndex, counted: kept, ids }] : []
    );
  });
  const sizesStep = objectSizes(
    client,
    work.filter((w) => w.ids.length > 0).map((w) => w.mapping.object)
  );
  // Read before any mapping waits on it, so that a refusal of the resource is never left unhandled.
  void sizesStep.catch(() => undefined);

  const sides = new Map<string, Promise<Step<UserSide>>>();
  const sideOf = (ids: string[], userField: string): Promise<Step<UserSide>> => {
    const memo = `${ids.join(',')}|${nameKey(userField.replace(/\s+/g, ''))}`;
    let side = sides.get(memo);
    if (!side) {
      const form = userKeyForm(userField);
      side =
        ids.length === 0
          ? Promise.resolve({ value: { keys: [], users: 0 }, depth: 0, calls: 0 })
          : form?.kind === 'relatedAccount'
          ? usersByRelatedAccount(client, ids, budget)
          : form
          ? usersByPath(client, ids, form.id, form.name)
          : Promise.resolve({ notCounted: { code: 'UnknownUserField', reason: userField }, depth: 0, calls: 0 });
      sides.set(memo, side);
    }
    return side;
  };

  // Mappings of different sets on the same object, path and user side ask the same question: asked once.
  const asked = new Map<string, Promise<Step<Map<string, number>>>>();
  const once = <T extends Step<Map<string, number>>>(key: string, ask: () => Promise<T>): Promise<T> => {
    let answer = asked.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = ask();
      asked.set(key, answer);
    }
    return answer;
  };

  const results = await mapLimit(work, PARALLEL_REQUESTS, async ({ set, mapping, mappingIndex, counted, ids }) => {
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
    const sideMemo = `${ids.join(',')}|${nameKey(mapping.userField.replace(/\s+/g, ''))}`;
    const columns = objectFieldColumns(mapping.objectField);
    const semi = semiJoinForm(mapping.object, mapping.objectField, mapping.userField);
    // The user side and the objects' sizes are read at once (round 3); the record side needs the keys (round 4).
    const [side, sizes] = await Promise.all([sideOf(ids, mapping.userField), sizesStep]);
    const keys = side.value?.keys ?? [];
    const keyIds = keys.map((key) => key.id);
    const before = Math.max(side.depth, sizes.depth);
    let records: Step<Map<string, number>> = { value: new Map(), depth: 0, calls: 0 };
    if (!columns) {
      records = { notCounted: { code: 'UnknownObjectField', reason: mapping.objectField }, depth: 0, calls: 0 };
    } else if (keys.length > 0) {
      const inChunks = (chunk: string[]): string => exposureRecordsQuery(mapping.object, columns.id, chunk);
      // A semi-join where key chunks would take more than one call: one call per 2,000 keys instead of per chunk.
      const tried =
        semi && keyChunks(keyIds, inChunks).length > 1
          ? await once(`semi|${nameKey(mapping.object)}|${nameKey(semi.field)}|${semi.userKey}|${ids.join(',')}`, () =>
              recordsBySemiJoin(client, mapping.object, semi, ids, budget)
            )
          : undefined;
      if (tried && !tried.retry) records = tried;
      else {
        const chunks = await once(`in|${nameKey(mapping.object)}|${nameKey(columns.id)}|${sideMemo}`, () =>
          recordsByKey(client, mapping.object, columns.id, keyIds, budget)
        );
        records = { ...chunks, depth: (tried?.depth ?? 0) + chunks.depth, calls: (tried?.calls ?? 0) + chunks.calls };
      }
    }
    const depth = before + records.depth;
    const problem = side.notCounted ?? records.notCounted;
    const notCounted = problem ? sized(problem, mapping.object, sizes.value ?? new Map()) : undefined;
    const exposure: MappingExposure = {
      ...base,
      users: side.value?.users ?? 0,
      ...joinSides(keys, records.value ?? new Map<string, number>(), options.top),
      ...(notCounted ? { notCounted } : {}),
      cost: { queries: side.calls + records.calls, roundTrips: depth },
    };
    return { exposure, depth };
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

/**
 * Org → Snapshot. The loader asks only for what the calling command needs, in as few dependent round trips as the
 * data allows:
 * 1. listMetadata ∥ profiles ∥ active users per profile;
 * 2. readMetadata batches (parallel);
 * 3. org-wide defaults of mapped objects ∥ describe of mapped objects, User, Account, Contact and the objects that
 * path segments probably name (a wrong guess costs a sub-request inside the same composite call, not a call);
 * 4. describe of lookup targets still unknown (only when a path goes through an object step 3 did not guess);
 * then, only when a path names a field describe lacks: the Tooling FieldDefinition for those names (field-level
 * security hides fields from describe, docs/salesforce-facts.md §6);
 * 5. with `skew`: the approximate record counts of the mapped objects (one call), then one aggregate query per Account
 * lookup of each object not well below the skew threshold, three at a time.
 */
import type {
  AccessMapping,
  FieldInfo,
  HiddenField,
  ObjectInfo,
  ProfileInfo,
  SharingSet,
  SkewInfo,
  SkewNotChecked,
  Snapshot,
} from '../model/types.js';
import { SKEW_THRESHOLD } from '../model/types.js';
import { findObject } from '../model/fields.js';
import { lookupBranches } from '../model/lookupPath.js';
import { compareNames, hasName, indexByName, sameName, uniqueNames, type NameIndex } from '../model/names.js';
import { mapLimit } from '../util/concurrency.js';
import type { DescribeResult, OrgClient } from './client.js';
import { isOrgWideFailure, orgErrorCode } from './errors.js';
import { PARALLEL_REQUESTS } from './client.js';
import {
  activeUsersByProfileQuery,
  entityDefinitionQueries,
  fieldDefinitionQueries,
  profilesQuery,
  runningUserLanguageQuery,
  skewQuery,
} from './queries.js';
import { loadSharingSets } from './sharingSets.js';
import { accountNamesQuery } from './queries.js';

export type OrgSnapshotOptions = {
  /** Display name of the org (alias or username) for the snapshot's origin. */
  org?: string;
  orgId?: string;
  /** Sharing sets to analyse instead of the org's own (a local project checked against the org). */
  sharingSets?: SharingSet[];
  /** Only these sharing sets (by API name) when reading them from the org. */
  names?: readonly string[];
  profiles?: boolean;
  activeUsers?: boolean;
  /** Org-wide defaults and fields of the objects mappings reference. */
  objects?: boolean;
  /** Record counts per parent (one aggregate query per Account lookup of each mapped object). */
  skew?: boolean;
  /**
   * Read the org's remaining daily API requests from the start (one call, in parallel with the first round), whatever
   * the number of calls; otherwise it is read only once the command turns out to make more than a handful.
   */
  limits?: boolean;
  /**
   * Go on without sharing sets when the Metadata API is refused (MetadataAccessDenied: the user lacks Modify Metadata
   * or Modify All Data, docs/salesforce-facts.md §2); the result's `sharingSetsUnreadable` says so. For commands that
   * can answer without them (`profile list`).
   */
  sharingSetsOptional?: boolean;
  /** The running user's language (User.LanguageLocaleKey), for rules on profile names: one query in the first round. */
  language?: boolean;
};

export type OrgSnapshotResult = {
  snapshot: Snapshot;
  /** Names asked for with `names` that the org does not have. */
  missing: string[];
  /** Set when the sharing sets could not be read (`sharingSetsOptional`): the snapshot holds none. */
  sharingSetsUnreadable?: boolean;
};

/** The objects at the end of every sharing-set path (docs/salesforce-facts.md §2) and the object every userField starts from. */
const ALWAYS_DESCRIBED = ['User', 'Account', 'Contact'];

/** Reads what the options ask for from the org into a Snapshot. */
export async function loadOrgSnapshot(client: OrgClient, options: OrgSnapshotOptions): Promise<OrgSnapshotResult> {
  if (options.limits) client.watchAllowance(Number.POSITIVE_INFINITY);
  const [setsResult, profileRows, userCounts, language] = await Promise.all([
    options.sharingSets
      ? Promise.resolve({ sharingSets: options.sharingSets, missing: [] as string[] })
      : loadSharingSets(client, options.names).catch((error: unknown) => {
          if (!options.sharingSetsOptional || orgErrorCode(error) !== 'MetadataAccessDenied') throw error;
          return { sharingSets: [] as SharingSet[], missing: [] as string[], unreadable: true };
        }),
    options.profiles ? loadProfiles(client) : Promise.resolve(undefined),
    options.activeUsers ? loadActiveUserCounts(client) : Promise.resolve(undefined),
    // In the first round, beside the profiles whose names it explains: no dependent round trip.
    options.language && client.username ? loadLanguage(client, client.username) : Promise.resolve(undefined),
  ]);
  const profiles = (profileRows ?? []).map((profile) =>
    userCounts && profile.id ? { ...profile, activeUsers: userCounts.get(profile.id) ?? 0 } : profile
  );

  const { objects, objectNames } = await loadObjectsAndNames(client, setsResult.sharingSets, options.objects);
  const skew =
    options.skew && options.objects
      ? await loadSkew(client, setsResult.sharingSets, objects).then((found) => nameSkewedParents(client, found))
      : undefined;

  return {
    missing: setsResult.missing,
    ...('unreadable' in setsResult ? { sharingSetsUnreadable: true } : {}),
    snapshot: {
      origin: {
        kind: options.sharingSets ? 'source+org' : 'org',
        ...(options.org ? { org: options.org } : {}),
        ...(options.orgId ? { orgId: options.orgId } : {}),
      },
      sharingSets: setsResult.sharingSets,
      profiles,
      objects,
      ...(objectNames ? { objectNames } : {}),
      ...(language ? { runningUser: { language } } : {}),
      ...(skew ? { skew: skew.skew, skewNotChecked: skew.notChecked } : {}),
      coverage: {
        profiles: options.profiles ? 'complete' : 'none',
        objects: options.objects ? 'complete' : 'none',
        activeUsers: Boolean(options.activeUsers && options.profiles),
      },
    },
  };
}

async function loadProfiles(client: OrgClient): Promise<ProfileInfo[]> {
  type Row = {
    Id: string;
    Name: string;
    UserType?: string | null;
    UserLicense?: { Name?: string | null; LicenseDefinitionKey?: string | null } | null;
  };
  const rows = await client.query<Row>(profilesQuery());
  return rows.map((row) => ({
    id: row.Id,
    name: row.Name,
    ...(row.UserType ? { userType: row.UserType } : {}),
    ...(row.UserLicense?.Name ? { licenseName: row.UserLicense.Name } : {}),
    ...(row.UserLicense?.LicenseDefinitionKey ? { licenseKey: row.UserLicense.LicenseDefinitionKey } : {}),
  }));
}

async function loadLanguage(client: OrgClient, username: string): Promise<string | undefined> {
  const rows = await client.query<{ LanguageLocaleKey?: string | null }>(runningUserLanguageQuery(username));
  return rows[0]?.LanguageLocaleKey ?? undefined;
}

async function loadActiveUserCounts(client: OrgClient): Promise<Map<string, number>> {
  const rows = await client.query<{ ProfileId: string; userCount: number }>(activeUsersByProfileQuery());
  return new Map(rows.map((row) => [row.ProfileId, Number(row.userCount)]));
}

/** Objects named by mappings, with org-wide defaults and the fields their paths go through. */
async function loadObjects(client: OrgClient, sharingSets: SharingSet[]): Promise<Record<string, ObjectInfo>> {
  const mapped = uniqueNames(sharingSets.flatMap((set) => set.accessMappings.map((mapping) => mapping.object)));
  const guessed = uniqueNames(
    sharingSets.flatMap((set) =>
      set.accessMappings.flatMap((mapping) => mapping.objectField.split('.').slice(0, -1).filter(isStandardName))
    )
  );
  const first = uniqueNames([...mapped, ...ALWAYS_DESCRIBED, ...guessed]);

  const [defaults, described] = await Promise.all([loadSharingModels(client, mapped), client.describeMany(first)]);

  // Follow the paths through what is described (every target of a polymorphic lookup); describe the objects they
  // reach whose fields are not known yet, until none is missing.
  for (let depth = 0; depth < 5; depth++) {
    const missing = uniqueNames(
      sharingSets.flatMap((set) => set.accessMappings.flatMap((mapping) => unknownOnPath(mapping, described)))
    ).filter((name) => !described.has(name));
    if (missing.length === 0) break;
    // eslint-disable-next-line no-await-in-loop
    for (const [name, result] of await client.describeMany(missing)) described.set(name, result);
  }

  const objects: Record<string, ObjectInfo> = {};
  for (const [requested, result] of described) {
    if (!result) continue;
    const model = defaults.get(result.name) ?? defaults.get(requested);
    objects[result.name] = {
      name: result.name,
      ...(model?.internal ? { internalSharingModel: model.internal } : {}),
      ...(model?.external ? { externalSharingModel: model.external } : {}),
      fields: toFieldInfo(result),
    };
  }
  await confirmMissingFields(client, sharingSets, objects);
  return objects;
}

/**
 * Describe shows only the fields the running user may see (field-level security, docs/salesforce-facts.md §6), so a
 * path segment missing from it is not yet proof that the field does not exist. The names the paths miss are looked up
 * in the Tooling FieldDefinition (one query per batch of objects, only when some segment is missing): a field it lists
 * is recorded as hidden (src/analysis/paths.ts reports such a path as "could not be confirmed"); when it cannot be
 * read, the objects are marked so that no missing field on them is taken for certain (§10).
 */
async function confirmMissingFields(
  client: OrgClient,
  sharingSets: SharingSet[],
  objects: Record<string, ObjectInfo>
): Promise<void> {
  const missing = new Map<string, { object: ObjectInfo; segments: Set<string> }>();
  const objectOf = (name: string): ObjectInfo | undefined => findObject(objects, name);
  for (const mapping of sharingSets.flatMap((set) => set.accessMappings)) {
    const paths: Array<[string, string[]]> = [[mapping.object, splitSegments(mapping.objectField)]];
    const user = splitSegments(mapping.userField);
    if (user.length > 1 && hasName(['Account', 'Contact'], user[0])) paths.push([user[0], user.slice(1)]);
    for (const [start, segments] of paths) {
      if (segments.some((segment) => segment === '' || sameName(segment, 'Id'))) continue;
      for (const branch of lookupBranches(start, segments, objectOf)) {
        if (branch.end !== 'no-field') continue;
        const entry = missing.get(branch.object.name) ?? { object: branch.object, segments: new Set<string>() };
        entry.segments.add(branch.segment);
        missing.set(branch.object.name, entry);
      }
    }
  }
  if (missing.size === 0) return;
  const candidates = uniqueNames(
    [...missing.values()].flatMap(({ segments }) => [...segments].flatMap(fieldNamesFor))
  ).filter((name) => /^[A-Za-z][A-Za-z0-9_]*$/.test(name));
  type Row = {
    EntityDefinition?: { QualifiedApiName?: string } | null;
    QualifiedApiName: string;
    RelationshipName?: string | null;
  };
  let rows: Row[];
  try {
    const answers = await mapLimit(fieldDefinitionQueries([...missing.keys()], candidates), PARALLEL_REQUESTS, (soql) =>
      client.query<Row>(soql, { tooling: true })
    );
    rows = answers.flat();
  } catch (error) {
    if (isOrgWideFailure(error)) throw error;
    for (const { object } of missing.values()) object.hiddenFieldsUnchecked = true;
    return;
  }
  for (const { object, segments } of missing.values()) {
    const hidden: HiddenField[] = rows
      .filter((row) => sameName(row.EntityDefinition?.QualifiedApiName ?? undefined, object.name))
      .filter((row) =>
        [...segments].some(
          (segment) => sameName(row.RelationshipName ?? undefined, segment) || sameName(row.QualifiedApiName, segment)
        )
      )
      .map((row) => ({
        name: row.QualifiedApiName,
        ...(row.RelationshipName ? { relationshipName: row.RelationshipName } : {}),
      }));
    if (hidden.length > 0) object.hiddenFields = hidden;
  }
}

/** `a.b` → [`a`, `b`], each trimmed. */
function splitSegments(path: string): string[] {
  return path.split('.').map((segment) => segment.trim());
}

/**
 * The field API names a path segment may stand for: itself (`Account__c`), the field of a standard relationship
 * (`Account` → `AccountId`) and of a custom one (`Deal__r` → `Deal__c`), docs/salesforce-facts.md §6.
 */
function fieldNamesFor(segment: string): string[] {
  return [segment, `${segment}Id`, segment.replace(/__r$/i, '__c')];
}

/** The mapped objects (loadObjects) and, when one is missing, every object name of the org (objectNamesForMisses). */
async function loadObjectsAndNames(
  client: OrgClient,
  sharingSets: SharingSet[],
  wanted: boolean | undefined
): Promise<{ objects: Record<string, ObjectInfo>; objectNames?: string[] }> {
  if (!wanted) return { objects: {} };
  const objects = await loadObjects(client, sharingSets);
  return { objects, objectNames: await objectNamesForMisses(client, sharingSets, objects) };
}

/**
 * Every object name of the org, read (one describeGlobal) only when a mapping names an object the org lacks: the
 * candidates of the audit's "did you mean". Only a hint, so a failed read leaves it out rather than failing the command.
 */
async function objectNamesForMisses(
  client: OrgClient,
  sharingSets: SharingSet[],
  objects: Record<string, ObjectInfo>
): Promise<string[] | undefined> {
  const missing = sharingSets.some((set) => set.accessMappings.some((mapping) => !findObject(objects, mapping.object)));
  return missing ? client.objectNames().catch(() => undefined) : undefined;
}

/** Objects an objectField path reaches whose fields are not described yet (src/model/lookupPath.ts). */
function unknownOnPath(mapping: AccessMapping, described: Map<string, DescribeResult | undefined>): string[] {
  const objectOf = (name: string): ObjectInfo | undefined => {
    const result = describedAs(described, name);
    return result ? { name: result.name, fields: toFieldInfo(result) } : undefined;
  };
  const segments = mapping.objectField.split('.').map((segment) => segment.trim());
  return [...lookupBranches(mapping.object, segments, objectOf)].flatMap((branch) =>
    branch.end === 'fields-unknown' ? [branch.objectName] : []
  );
}

async function loadSharingModels(
  client: OrgClient,
  objectNames: string[]
): Promise<NameIndex<{ internal?: string; external?: string }>> {
  type Row = { QualifiedApiName: string; InternalSharingModel?: string | null; ExternalSharingModel?: string | null };
  const rows = await mapLimit(entityDefinitionQueries(objectNames), PARALLEL_REQUESTS, (soql) =>
    client.query<Row>(soql)
  );
  const models = rows.flat().map((row) => ({
    name: row.QualifiedApiName,
    internal: row.InternalSharingModel ?? undefined,
    external: row.ExternalSharingModel ?? undefined,
  }));
  return indexByName(models, (model) => model.name);
}

/**
 * Skew queries at once. Each is an aggregate over a whole child table (GROUP BY … HAVING COUNT(Id) > 10,000), which on
 * a large Case or Contact table can run for many seconds; Salesforce counts requests over 20 seconds against a limit
 * of 25 at a time per org (PARALLEL_REQUESTS in client.ts), shared with everything else the org is doing. Three keeps
 * the audit well clear of it.
 */
const SKEW_PARALLEL = 3;

/**
 * An object whose approximate record count (`/limits/recordCount`) is at most this is not counted per parent: with
 * that many records in all, no parent can hold more than SKEW_THRESHOLD of them. The count is cached and refreshed at
 * irregular intervals (docs/salesforce-facts.md §6), so it may lag behind recent loads: only objects at half the
 * threshold or less are skipped, which leaves room for the table to have doubled since it was last counted (a
 * margin chosen here, not a documented figure; docs/salesforce-facts.md §10).
 */
export const SKEW_SKIP_AT_MOST = SKEW_THRESHOLD / 2;

/**
 * Parents with more than SKEW_THRESHOLD children, for every lookup to Account on every mapped object (Account itself
 * excepted): account data skew concerns an account's children whatever path the mapping takes (Case through
 * Contact, a custom object through Entitlement.Account, Contacts under their account).
 *
 * First one `/limits/recordCount` call for every such object: objects well below the threshold (SKEW_SKIP_AT_MOST)
 * are not queried at all. Then one aggregate query per remaining lookup, on fields describe says can be grouped. A
 * lookup that cannot be grouped, or whose query fails (a QUERY_TIMEOUT on a table of millions, docs/salesforce-facts.md
 * §6), is "not checked", with the reason as a code, instead of failing the audit.
 */
async function loadSkew(
  client: OrgClient,
  sharingSets: SharingSet[],
  objects: Record<string, ObjectInfo>
): Promise<{ skew: SkewInfo[]; notChecked: SkewNotChecked[] }> {
  const pairs = new Map<string, { object: string; field: FieldInfo }>();
  for (const mapping of sharingSets.flatMap((set) => set.accessMappings)) {
    const info = findObject(objects, mapping.object);
    if (!info?.fields || sameName(info.name, 'Account')) continue;
    for (const field of info.fields.filter((candidate) => candidate.referenceTo.includes('Account'))) {
      pairs.set(`${info.name}.${field.name}`, { object: info.name, field });
    }
  }
  const counts =
    pairs.size > 0
      ? await recordCounts(client, uniqueNames([...pairs.values()].map((pair) => pair.object)))
      : undefined;
  const skew: SkewInfo[] = [];
  const notChecked: SkewNotChecked[] = [];
  const counted = [...pairs.values()].filter(({ object }) => {
    const count = counts?.get(object)?.[1];
    return count === undefined || count > SKEW_SKIP_AT_MOST;
  });
  await mapLimit(counted, SKEW_PARALLEL, async ({ object, field }) => {
    if (field.groupable === false) {
      notChecked.push({ object, field: field.name, reason: 'groupable: false', code: 'not-groupable' });
      return;
    }
    try {
      const rows = await client.query<Record<string, unknown>>(skewQuery(object, field.name));
      for (const row of rows) {
        skew.push({ object, field: field.name, parentId: String(row[field.name]), childCount: Number(row.childCount) });
      }
    } catch (error) {
      // Without a session or requests left nothing else can be read either: that is the audit's failure, not a gap.
      if (isOrgWideFailure(error)) throw error;
      notChecked.push({
        object,
        field: field.name,
        reason: error instanceof Error ? error.message : String(error),
        code: isQueryTimeout(error) ? 'query-timeout' : 'query-failed',
      });
    }
  });
  const order = (a: { object: string; field: string }, b: { object: string; field: string }): number =>
    compareNames(`${a.object}.${a.field}`, `${b.object}.${b.field}`);
  return { skew: skew.sort(order), notChecked: notChecked.sort(order) };
}

/**
 * Approximate record counts by object name (case-insensitive), or undefined when the org does not answer them (the
 * resource needs View Setup and API 40.0, docs/salesforce-facts.md §6): then every lookup is queried, as before.
 */
async function recordCounts(
  client: OrgClient,
  objectNames: string[]
): Promise<NameIndex<[string, number]> | undefined> {
  try {
    return indexByName(await client.recordCounts(objectNames), ([name]) => name);
  } catch (error) {
    if (isOrgWideFailure(error)) throw error;
    return undefined;
  }
}

/** Salesforce cancelled the query for running too long (`QUERY_TIMEOUT`, docs/salesforce-facts.md §6). */
function isQueryTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const fault = error as Error & { errorCode?: string };
  return [fault.errorCode, fault.name].some((code) => typeof code === 'string' && code.endsWith('QUERY_TIMEOUT'));
}

function toFieldInfo(result: DescribeResult): FieldInfo[] {
  return result.fields.map((field) => ({
    name: field.name,
    type: field.type,
    referenceTo: field.referenceTo ?? [],
    ...(field.relationshipName ? { relationshipName: field.relationshipName } : {}),
    ...(field.groupable === false ? { groupable: false as const } : {}),
  }));
}

function describedAs(described: Map<string, DescribeResult | undefined>, name: string): DescribeResult | undefined {
  if (described.has(name)) return described.get(name);
  const requested = [...described.keys()].find((candidate) => sameName(candidate, name));
  return requested === undefined ? undefined : described.get(requested);
}

/** A path segment that may itself be a standard object's name (`Entitlement`); custom field segments are not. */
function isStandardName(segment: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(segment);
}

/**
 * Adds each skewed parent account's Name (one query for all of them), so the finding names the record. A parent that
 * is not an Account (a polymorphic lookup), or names that cannot be read, leave the Id alone in the finding.
 */
async function nameSkewedParents<T extends { skew: SkewInfo[] }>(client: OrgClient, found: T): Promise<T> {
  const skew = found.skew;
  const isAccountId = (id: string): boolean => /^001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(id);
  const ids = [...new Set(skew.map((entry) => entry.parentId).filter(isAccountId))];
  if (ids.length === 0) return found;
  try {
    const rows = await client.query<{ Id: string; Name?: unknown }>(accountNamesQuery(ids));
    const names = new Map(rows.map((row) => [row.Id.slice(0, 15), row.Name]));
    for (const entry of skew) {
      const name = names.get(entry.parentId.slice(0, 15));
      if (typeof name === 'string' && name !== '') entry.parentName = name;
    }
  } catch (error) {
    if (isOrgWideFailure(error)) throw error;
  }
  return found;
}

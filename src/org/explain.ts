/**
 * Org → what `sf sharing explain` judges, in at most 4 dependent round trips for 1 record or 200:
 * 1. the user (profile, license, account, contact, manager) ∥ the sharing-set names ∥ the records' objects by key
 * prefix (EntityDefinition, with their org-wide defaults) ∥ the user's permission-set assignments (filtered on the
 * assignee's username when the user is given by username);
 * 2. the sharing sets (readMetadata, 10 per call, parallel) and nothing else: 250 sets are 25 calls, as many as the
 * requests in flight (PARALLEL_REQUESTS), so a query beside them would wait for a read and cost a round of its own;
 * 3. the records' path values and names, one query per object ∥ object permissions ∥ the user's `Account.<Field>` /
 * `Contact.<Field>` values ∥ Salesforce's answer (UserRecordAccess, one query for up to 200 records) ∥ the contact's
 * account relationships;
 * 4. only when an object's query fails on a path: that object's records again by Id alone (do they exist?); without
 * records: one count per applying mapping (the counts need the relationships of round 3).
 * Queries on objects an org may lack or hide (UserRecordAccess, AccountContactRelation, permissions) are optional: their
 * failure is reported as unknown, unless it is a fault of the org itself (session, limit, network), which ends the
 * command as every read does.
 */
import { sameName, nameKey, uniqueNames } from '../model/names.js';
import type { ProfileInfo, SharingSet } from '../model/types.js';
import type {
  AccountRelation,
  ExplainUser,
  ObjectFacts,
  ObjectPermission,
  RecordFacts,
  Ref,
  SalesforceAccess,
} from '../explain/types.js';
import { keyPrefix, toId18 } from '../explain/ids.js';
import { reach, setsForProfile, type ReachEntry } from '../explain/match.js';
import { nameFieldOf, objectFieldColumns, userFieldColumns } from '../explain/paths.js';
import { mapLimit } from '../util/concurrency.js';
import { PARALLEL_REQUESTS, type OrgClient, type QueryRecord } from './client.js';
import { orgErrorCode } from './errors.js';
import {
  accountRelationsQuery,
  explainRecordsQuery,
  explainUserQuery,
  objectPermissionsQuery,
  objectsByKeyPrefixQuery,
  permissionSetAssignmentsQuery,
  reachCountQuery,
  userPathsQuery,
  userRecordAccessQuery,
} from './queries.js';
import { listSharingSetNames, readSharingSets } from './sharingSets.js';

export type ExplainLoadOptions = {
  /** Username, or a well-formed user Id. */
  user: string;
  /** 18-character record Ids (checked by the caller). */
  records: readonly string[];
};

export type ExplainData = {
  /** Undefined when no user has that username or Id. */
  user?: ExplainUser;
  sets: SharingSet[];
  objects: Record<string, ObjectFacts>;
  records: RecordFacts[];
  /** Record Ids that were not found, or that the running user cannot read (the API cannot tell them apart). */
  notFound: string[];
  /** UserRecordAccess by record Id; undefined when it could not be read (with the reason). */
  salesforce?: Record<string, SalesforceAccess>;
  salesforceProblem?: string;
  /** Why object permissions are unknown, when so. */
  permissionProblem?: string;
  /** Without records: each applying mapping with the key value and the count of records it reaches. */
  reach?: ReachEntry[];
  /** Dependent round trips made. */
  roundTrips: number;
};

type Field = Record<string, unknown>;

/** The value at a dotted path of a query record, matching keys case-insensitively (orgs spell them as described). */
function valueAt(record: Field | null | undefined, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    const entry = Object.entries(current).find(([key]) => sameName(key, segment));
    if (!entry) return undefined;
    current = entry[1];
  }
  return current;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function refAt(record: Field | undefined, idPath: string, namePath?: string): Ref | null {
  const id = text(valueAt(record, idPath));
  if (!id) return null;
  const name = namePath ? text(valueAt(record, namePath)) : undefined;
  return name ? { id: toId18(id), name } : { id: toId18(id) };
}

/** A query whose failure means "not known" rather than a failed command (see the module comment). */
async function optional<T>(run: () => Promise<T>): Promise<{ value?: T; problem?: string }> {
  try {
    return { value: await run() };
  } catch (error) {
    // A refusal of this one read (no access to ObjectPermissions, say) leaves it unknown; a connection that cannot be
    // used at all (session, limits, a lost answer) fails the command, as it would fail the required reads too.
    const code = orgErrorCode(error);
    if ((code !== undefined && code !== 'InsufficientAccess') || !(error instanceof Error)) throw error;
    return { problem: error.message.split('\n').find((line) => line.trim() !== '') ?? error.name };
  }
}

function toUser(row: Field): ExplainUser {
  const profile: ProfileInfo = {
    id: text(row.ProfileId),
    name: text(valueAt(row, 'Profile.Name')) ?? '',
    userType: text(valueAt(row, 'Profile.UserType')),
    licenseName: text(valueAt(row, 'Profile.UserLicense.Name')),
    licenseKey: text(valueAt(row, 'Profile.UserLicense.LicenseDefinitionKey')),
  };
  const account = refAt(row, 'AccountId', 'Account.Name');
  const contact = refAt(row, 'ContactId', 'Contact.Name');
  const managerId = text(row.ManagerId);
  const managerAccount = refAt(row, 'Manager.AccountId', 'Manager.Account.Name');
  const managerContact = refAt(row, 'Manager.ContactId', 'Manager.Contact.Name');
  return {
    id: toId18(text(row.Id) ?? ''),
    username: text(row.Username) ?? '',
    ...(text(row.Name) ? { name: text(row.Name) } : {}),
    isActive: row.IsActive === true,
    profile,
    ...(account ? { account } : {}),
    ...(contact ? { contact } : {}),
    ...(managerId
      ? {
          manager: {
            id: toId18(managerId),
            ...(managerAccount ? { account: managerAccount } : {}),
            ...(managerContact ? { contact: managerContact } : {}),
          },
        }
      : {}),
  };
}

function permissions(rows: Field[], objects: string[], profileName: string): Record<string, ObjectPermission> {
  const out: Record<string, ObjectPermission> = {};
  for (const object of objects) out[nameKey(object)] = { read: false, edit: false, readFrom: [], editFrom: [] };
  for (const row of rows) {
    const entry = out[nameKey(text(row.SobjectType) ?? '')];
    if (!entry) continue;
    const source =
      valueAt(row, 'Parent.IsOwnedByProfile') === true
        ? `profile ${profileName}`
        : `permission set ${text(valueAt(row, 'Parent.Name')) ?? text(row.ParentId) ?? ''}`;
    if (row.PermissionsRead === true && !entry.readFrom.includes(source)) entry.readFrom.push(source);
    if (row.PermissionsEdit === true && !entry.editFrom.includes(source)) entry.editFrom.push(source);
    entry.read = entry.readFrom.length > 0;
    entry.edit = entry.editFrom.length > 0;
  }
  return out;
}

type Optional<T> = { value?: T; problem?: string };
type Rows = Optional<QueryRecord[]>;
const skipped = (): Promise<Rows> => Promise.resolve({});

/** Reads what the explanation needs (see the module comment for the rounds). */
export async function loadExplain(client: OrgClient, options: ExplainLoadOptions): Promise<ExplainData> {
  const byId = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(options.user);
  const prefixes = uniqueNames(options.records.map(keyPrefix));
  const who = byId ? { id: options.user } : { username: options.user };
  const [userRows, names, entityRows, assignments] = await Promise.all([
    client.query(explainUserQuery(who)),
    listSharingSetNames(client),
    prefixes.length > 0 ? client.query(objectsByKeyPrefixQuery(prefixes)) : Promise.resolve([] as QueryRecord[]),
    optional(() => client.query(permissionSetAssignmentsQuery(who))),
  ]);
  if (userRows.length === 0) return { sets: [], objects: {}, records: [], notFound: [], roundTrips: 1 };
  const user = toUser(userRows[0]);
  const objectOf = new Map(entityRows.map((row) => [text(row.KeyPrefix) ?? '', text(row.QualifiedApiName) ?? '']));
  const wanted = options.records.filter((id) => objectOf.has(keyPrefix(id)));
  const objects = objectFacts(entityRows);

  const read =
    names.length > 0 ? await readSharingSets(client, names) : { sharingSets: [] as SharingSet[], missing: [] };
  const sets = read.sharingSets;
  const applying = setsForProfile(sets, user.profile.name);
  const userColumns = userPathColumns(applying);

  const recordObjects = uniqueNames(wanted.map((id) => objectOf.get(keyPrefix(id)) ?? ''));
  const assignedIds = (assignments.value ?? []).map((row) => text(row.PermissionSetId) ?? '').filter(Boolean);
  const idsOf = (object: string): string[] => wanted.filter((id) => sameName(objectOf.get(keyPrefix(id)), object));
  const [recordResults, permissionRows, pathRow, answer, relations] = await Promise.all([
    mapLimit(recordObjects, PARALLEL_REQUESTS, (object) => readRecords(client, object, applying, idsOf(object))),
    recordObjects.length > 0 && user.profile.id
      ? optional(() => client.query(objectPermissionsQuery(user.profile.id ?? '', assignedIds, recordObjects)))
      : skipped(),
    userPathsOf(client, user, userColumns),
    wanted.length > 0 ? optional(() => client.query(userRecordAccessQuery(user.id, wanted))) : skipped(),
    relationsOf(client, user),
  ]);
  if (relations.value) user.relations = relations.value.map(toRelation);
  if (userColumns.length > 0) user.pathValues = pathValues(userColumns, pathRow.value?.[0]);
  if (permissionRows.value) addPermissions(objects, permissionRows.value, recordObjects, user.profile.name);
  const records = recordResults.flatMap((result) => result.records);
  const found = new Set(records.map((record) => record.id));
  const notFound = options.records.filter((id) => !found.has(id));
  const reached = options.records.length === 0 ? await countReach(client, user, sets) : undefined;
  const permissionProblem = permissionRows.problem ?? assignments.problem;
  return {
    user,
    sets,
    objects,
    records,
    notFound,
    ...(answer.value ? { salesforce: salesforceAnswers(answer.value) } : {}),
    ...(answer.problem ? { salesforceProblem: answer.problem } : {}),
    ...(permissionProblem ? { permissionProblem } : {}),
    ...(reached ? { reach: reached } : {}),
    // Without records the counts are a fourth round; so is an object's query that failed on a path.
    roundTrips: reached ?? recordResults.some((result) => result.again) ? 4 : 3,
  };
}

/** The user's `Account.<Field>` / `Contact.<Field>` values (nothing to read when no applying set maps one). */
function userPathsOf(client: OrgClient, user: ExplainUser, columns: ReturnType<typeof userPathColumns>): Promise<Rows> {
  if (columns.length === 0) return skipped();
  return optional(() =>
    client.query(
      userPathsQuery(
        user.id,
        columns.flatMap((c) => [c.id, c.name])
      )
    )
  );
}

/** The contact's account relationships (none to read without a contact). */
function relationsOf(client: OrgClient, user: ExplainUser): Promise<Rows> {
  const contactId = user.contact?.id;
  return contactId ? optional(() => client.query(accountRelationsQuery(contactId))) : skipped();
}

function objectFacts(entityRows: QueryRecord[]): Record<string, ObjectFacts> {
  const objects: Record<string, ObjectFacts> = {};
  for (const row of entityRows) {
    const name = text(row.QualifiedApiName) ?? '';
    const external = text(row.ExternalSharingModel);
    objects[nameKey(name)] = { name, ...(external ? { externalSharingModel: external } : {}) };
  }
  return objects;
}

function toRelation(row: QueryRecord): AccountRelation {
  const name = text(valueAt(row, 'Account.Name'));
  return {
    id: toId18(text(row.AccountId) ?? ''),
    ...(name ? { name } : {}),
    isActive: row.IsActive === true,
    isDirect: row.IsDirect === true,
  };
}

type UserColumn = { field: string; id: string; name: string };

/** The SOQL paths of the `Account.<Field>` / `Contact.<Field>` userFields the applying sets use. */
function userPathColumns(applying: SharingSet[]): UserColumn[] {
  const fields = uniqueNames(
    applying
      .flatMap((set) => set.accessMappings)
      .map((m) => m.userField.replace(/\s+/g, ''))
      .filter((field) => /^(account|contact)\./i.test(field) && !/^contact\.relatedaccount$/i.test(field))
  );
  return fields.flatMap((field) => {
    const columns = userFieldColumns(field);
    return columns ? [{ field, ...columns }] : [];
  });
}

function pathValues(columns: UserColumn[], row: QueryRecord | undefined): Record<string, Ref | null> {
  const values: Record<string, Ref | null> = {};
  if (row) for (const column of columns) values[nameKey(column.field)] = refAt(row, column.id, column.name);
  return values;
}

function addPermissions(
  objects: Record<string, ObjectFacts>,
  rows: QueryRecord[],
  recordObjects: string[],
  profileName: string
): void {
  const granted = permissions(rows, recordObjects, profileName);
  for (const object of recordObjects) {
    const facts = objects[nameKey(object)];
    if (facts) facts.permission = granted[nameKey(object)];
  }
}

function salesforceAnswers(rows: QueryRecord[]): Record<string, SalesforceAccess> {
  const out: Record<string, SalesforceAccess> = {};
  for (const row of rows) {
    const id = text(row.RecordId);
    if (!id) continue;
    out[toId18(id)] = {
      maxAccessLevel: text(row.MaxAccessLevel) ?? 'None',
      hasReadAccess: row.HasReadAccess === true,
      hasEditAccess: row.HasEditAccess === true,
    };
  }
  return out;
}

/**
 * One object's records with every mapped path's Id and name. When the query fails on a path (a field the object does
 * not have), the records are read again by Id alone, so that they are still found, and their paths are unreadable.
 */
async function readRecords(
  client: OrgClient,
  object: string,
  sets: SharingSet[],
  ids: string[]
): Promise<{ records: RecordFacts[]; again: boolean }> {
  const fields = uniqueNames(
    sets
      .flatMap((set) => set.accessMappings)
      .filter((m) => sameName(m.object, object))
      .map((m) => m.objectField.trim())
  );
  const columns = fields.flatMap((field) => {
    const paths = objectFieldColumns(field);
    return paths ? [{ field, ...paths }] : [];
  });
  const nameField = nameFieldOf(object);
  const paths = uniqueNames([nameField, ...columns.flatMap((c) => (c.name ? [c.id, c.name] : [c.id]))]).filter(
    (path) => !sameName(path, 'Id')
  );
  const first = await optional(() => client.query(explainRecordsQuery(object, paths, ids)));
  if (first.value) {
    return {
      again: false,
      records: first.value.map((row) => {
        const values: Record<string, Ref | null> = {};
        for (const column of columns) values[nameKey(column.field)] = refAt(row, column.id, column.name);
        const name = text(valueAt(row, nameField));
        return { id: toId18(text(row.Id) ?? ''), object, ...(name ? { name } : {}), values };
      }),
    };
  }
  const rows = await client.query(explainRecordsQuery(object, [], ids));
  return {
    again: true,
    records: rows.map((row) => ({
      id: toId18(text(row.Id) ?? ''),
      object,
      values: {},
      unreadable: first.problem ?? 'the query failed',
    })),
  };
}

/** Without records: each applying mapping's key values and how many records of its object they reach. */
async function countReach(client: OrgClient, user: ExplainUser, sets: SharingSet[]): Promise<ReachEntry[]> {
  const entries = reach(user, sets);
  return mapLimit(entries, PARALLEL_REQUESTS, async (entry) => {
    const columns = objectFieldColumns(entry.objectField);
    if (!columns || entry.userValues.length === 0) return entry;
    const counted = await optional(() =>
      client.query(
        reachCountQuery(
          entry.object,
          columns.id,
          entry.userValues.map((value) => value.id)
        )
      )
    );
    const count = counted.value?.[0]?.n;
    return typeof count === 'number' ? { ...entry, count } : entry;
  });
}

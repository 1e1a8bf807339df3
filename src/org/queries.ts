/**
 * Every SOQL statement the plugin sends lives here, and every user-supplied value is escaped here.
 *
 * Escaping follows the SOQL reference ("Quoted String Escape Sequences"): backslash, single and double quote,
 * newline, carriage return, tab, bell, backspace and form feed are escaped with a backslash. `%` and `_` are only
 * wildcards inside LIKE, which no query here uses with user input, so they are passed through unchanged.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
import { SKEW_THRESHOLD } from '../model/types.js';

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Escapes a value for use inside a single-quoted SOQL string literal. */
export function escapeSoqlString(value: string): string {
  return value.replace(/[\\'"\n\r\t\b\f]/g, (char) => ESCAPES[char]);
}

/** `('a', 'b')` for an IN clause, each value escaped. */
export function soqlInList(values: readonly string[]): string {
  return `(${values.map((value) => `'${escapeSoqlString(value)}'`).join(', ')})`;
}

/** Profiles with their user license in one query (docs/salesforce-facts.md §4). */
export function profilesQuery(): string {
  return 'SELECT Id, Name, UserType, UserLicense.Name, UserLicense.LicenseDefinitionKey FROM Profile ORDER BY Name';
}

/**
 * The running user's language (User.LanguageLocaleKey, docs/salesforce-facts.md §6): Profile.Name of standard profiles
 * comes back in it.
 */
export function runningUserLanguageQuery(username: string): string {
  return `SELECT LanguageLocaleKey FROM User WHERE Username = '${escapeSoqlString(username)}'`;
}

/** Active users per profile in one aggregate query (docs/salesforce-facts.md §4). */
export function activeUsersByProfileQuery(): string {
  return 'SELECT ProfileId, COUNT(Id) userCount FROM User WHERE IsActive = true GROUP BY ProfileId';
}

/**
 * Org-wide defaults of the named objects. EntityDefinition does not support queryMore (docs/salesforce-facts.md §4): use
 * {@link entityDefinitionQueries}, which splits the names so that no query needs paging.
 */
export function entityDefinitionQuery(objectNames: readonly string[]): string {
  return (
    'SELECT QualifiedApiName, InternalSharingModel, ExternalSharingModel FROM EntityDefinition ' +
    `WHERE QualifiedApiName IN ${soqlInList(objectNames)}`
  );
}

/**
 * Longest SOQL text per GET query. A REST request URI may be at most 16,384 bytes (REST API Developer Guide, "URI length
 * limit"); URL encoding can triple quotes and commas, so the query text is kept well below.
 */
export const MAX_QUERY_CHARS = 8000;

/**
 * EntityDefinition queries for the named objects, as few as the URL length allows. Each returns at most one row per
 * name, far below the first result batch, so no query ever needs the queryMore EntityDefinition lacks.
 */
export function entityDefinitionQueries(objectNames: readonly string[]): string[] {
  return queriesWithin(objectNames, entityDefinitionQuery);
}

/**
 * Fields of the named objects among `fieldNames`, from the Tooling FieldDefinition, which describes the schema rather
 * than what the running user may see (docs/salesforce-facts.md §6, [UNC]; §10). FieldDefinition accepts IN but no OR
 * (§6), so both lists are IN filters; split by object so that each query stays well within the URL length.
 */
export function fieldDefinitionQueries(objectNames: readonly string[], fieldNames: readonly string[]): string[] {
  const query = (objects: readonly string[]): string =>
    'SELECT EntityDefinition.QualifiedApiName, QualifiedApiName, RelationshipName FROM FieldDefinition ' +
    `WHERE EntityDefinition.QualifiedApiName IN ${soqlInList(objects)} AND QualifiedApiName IN ${soqlInList(fieldNames)}`;
  return queriesWithin(objectNames, query);
}

/** `query` over `names` split into as few queries as keep each within MAX_QUERY_CHARS (in order, none empty). */
function queriesWithin(names: readonly string[], query: (batch: readonly string[]) => string): string[] {
  const queries: string[] = [];
  let batch: string[] = [];
  for (const name of names) {
    if (batch.length > 0 && query([...batch, name]).length > MAX_QUERY_CHARS) {
      queries.push(query(batch));
      batch = [];
    }
    batch.push(name);
  }
  if (batch.length > 0) queries.push(query(batch));
  return queries;
}

/**
 * Parents of `object` holding more than {@link SKEW_THRESHOLD} children through `field`. Field and object names come
 * from describe results, never from user input, and are checked against the API-name pattern before use.
 */
export function skewQuery(object: string, field: string): string {
  for (const name of [object, field]) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`Refusing to build a query with the name "${name}"`);
    }
  }
  return (
    `SELECT ${field}, COUNT(Id) childCount FROM ${object} WHERE ${field} != null ` +
    `GROUP BY ${field} HAVING COUNT(Id) > ${SKEW_THRESHOLD} ORDER BY COUNT(Id) DESC LIMIT 10`
  );
}

/** A field or relationship path from the plugin's own path conversion (src/explain/paths.ts), checked again here. */
function soqlPaths(paths: readonly string[]): string {
  for (const path of paths) {
    if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){0,4}$/.test(path)) {
      throw new Error(`Refusing to build a query with the path "${path}"`);
    }
  }
  return paths.join(', ');
}

/**
 * `sf sharing explain`: the user by Id or username, with profile, license, account, contact and manager in one query
 * (docs/salesforce-facts.md §6).
 */
export function explainUserQuery(user: { id?: string; username?: string }): string {
  const where = user.id
    ? `Id = '${escapeSoqlString(user.id)}'`
    : `Username = '${escapeSoqlString(user.username ?? '')}'`;
  return (
    'SELECT Id, Username, Name, IsActive, ProfileId, Profile.Name, Profile.UserType, Profile.UserLicense.Name, ' +
    'Profile.UserLicense.LicenseDefinitionKey, AccountId, Account.Name, ContactId, Contact.Name, ManagerId, ' +
    `Manager.AccountId, Manager.Account.Name, Manager.ContactId, Manager.Contact.Name FROM User WHERE ${where}`
  );
}

/** The objects named by record Id key prefixes, with their org-wide defaults. */
export function objectsByKeyPrefixQuery(prefixes: readonly string[]): string {
  return (
    'SELECT QualifiedApiName, KeyPrefix, InternalSharingModel, ExternalSharingModel FROM EntityDefinition ' +
    `WHERE KeyPrefix IN ${soqlInList(prefixes)}`
  );
}

/** Salesforce's own answer for one user and at most 200 records (docs/salesforce-facts.md §6). */
export function userRecordAccessQuery(userId: string, recordIds: readonly string[]): string {
  return (
    'SELECT RecordId, HasReadAccess, HasEditAccess, MaxAccessLevel FROM UserRecordAccess ' +
    `WHERE UserId = '${escapeSoqlString(userId)}' AND RecordId IN ${soqlInList(recordIds)}`
  );
}

/** The permission sets assigned to a user. */
export function permissionSetAssignmentsQuery(user: { id: string } | { username: string }): string {
  const filter =
    'id' in user
      ? `AssigneeId = '${escapeSoqlString(user.id)}'`
      : `Assignee.Username = '${escapeSoqlString(user.username)}'`;
  return (
    'SELECT PermissionSetId, PermissionSet.Name, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment ' +
    `WHERE ${filter}`
  );
}

/** Read and Edit on the objects, from the profile's own permission set and the assigned ones. */
export function objectPermissionsQuery(
  profileId: string,
  permissionSetIds: readonly string[],
  objects: readonly string[]
): string {
  const owners = [`Parent.ProfileId = '${escapeSoqlString(profileId)}'`];
  if (permissionSetIds.length > 0) owners.push(`ParentId IN ${soqlInList(permissionSetIds)}`);
  return (
    'SELECT ParentId, Parent.Name, Parent.IsOwnedByProfile, SobjectType, PermissionsRead, PermissionsEdit ' +
    `FROM ObjectPermissions WHERE SobjectType IN ${soqlInList(objects)} AND (${owners.join(' OR ')})`
  );
}

/** A contact's account relationships (Contacts to Multiple Accounts). */
export function accountRelationsQuery(contactId: string): string {
  return (
    'SELECT AccountId, Account.Name, IsActive, IsDirect FROM AccountContactRelation ' +
    `WHERE ContactId = '${escapeSoqlString(contactId)}'`
  );
}

/** Records of one object with the values of the given paths. */
export function explainRecordsQuery(object: string, paths: readonly string[], recordIds: readonly string[]): string {
  return `SELECT ${soqlPaths(['Id', ...paths])} FROM ${soqlPaths([object])} WHERE Id IN ${soqlInList(recordIds)}`;
}

/** The values of `Account.<Field>` / `Contact.<Field>` userFields on one user. */
export function userPathsQuery(userId: string, paths: readonly string[]): string {
  return `SELECT ${soqlPaths(['Id', ...paths])} FROM User WHERE Id = '${escapeSoqlString(userId)}'`;
}

/** How many records of `object` a mapping reaches: its objectField path equal to one of the user's key values. */
export function reachCountQuery(object: string, idPath: string, values: readonly string[]): string {
  return `SELECT COUNT(Id) n FROM ${soqlPaths([object])} WHERE ${soqlPaths([idPath])} IN ${soqlInList(values)}`;
}

/** Rows one aggregate answer may hold: GROUP BY results cannot be paged (docs/salesforce-facts.md §6, §11). */
export const AGGREGATE_ROWS = 2000;

/**
 * `sf sharing exposure`: active users of the given profiles per value of a userField path (its Id and Name), in key
 * order from `after` on, one batch at a time (GROUP BY answers cannot be paged: docs/salesforce-facts.md §11).
 */
export function exposureUserKeysQuery(
  profileIds: readonly string[],
  idPath: string,
  namePath: string,
  after?: string
): string {
  const paths = soqlPaths([idPath, namePath]);
  const from = after ? ` AND ${soqlPaths([idPath])} > '${escapeSoqlString(after)}'` : '';
  return (
    `SELECT ${paths}, COUNT(Id) n FROM User WHERE IsActive = true AND ProfileId IN ${soqlInList(profileIds)} ` +
    `AND ${soqlPaths([idPath])} != null${from} GROUP BY ${paths} ORDER BY ${soqlPaths([
      idPath,
    ])} LIMIT ${AGGREGATE_ROWS}`
  );
}

/** Accounts related (active relationships) to the given contacts, with how many of them each relates to. */
export function exposureRelationsQuery(contactIds: readonly string[]): string {
  return (
    'SELECT AccountId, Account.Name, COUNT(Id) n FROM AccountContactRelation ' +
    `WHERE IsActive = true AND ContactId IN ${soqlInList(contactIds)} GROUP BY AccountId, Account.Name`
  );
}

/** How many of the given contacts have at least one active account relationship. */
export function exposureRelatedContactsQuery(contactIds: readonly string[]): string {
  return (
    'SELECT COUNT_DISTINCT(ContactId) n FROM AccountContactRelation ' +
    `WHERE IsActive = true AND ContactId IN ${soqlInList(contactIds)}`
  );
}

/** Records of `object` per value of an objectField path, for the given values (`Id`: the records themselves). */
export function exposureRecordsQuery(object: string, idPath: string, keys: readonly string[]): string {
  const from = soqlPaths([object]);
  if (idPath === 'Id') return `SELECT Id FROM ${from} WHERE Id IN ${soqlInList(keys)}`;
  const path = soqlPaths([idPath]);
  return `SELECT ${path}, COUNT(Id) n FROM ${from} WHERE ${path} IN ${soqlInList(keys)} GROUP BY ${path}`;
}

/**
 * A mapping's record side as a semi-join (docs/salesforce-facts.md §11): records of `object` per value of its lookup
 * `field`, for the values the active users of the given profiles hold in their own lookup `userKey` (`AccountId`,
 * `ContactId`), so that no key travels in the URI. Grouped answers come in key order from `after` on, at most
 * {@link AGGREGATE_ROWS} keys per call (GROUP BY answers cannot be paged); `field` `Id` reads the records themselves,
 * paged the same way.
 */
export function exposureSemiJoinQuery(
  object: string,
  field: string,
  userKey: string,
  profileIds: readonly string[],
  after?: string
): string {
  const key = soqlPaths([field]);
  const users =
    `(SELECT ${soqlPaths([userKey])} FROM User WHERE IsActive = true AND ProfileId IN ${soqlInList(profileIds)} ` +
    `AND ${soqlPaths([userKey])} != null)`;
  const start = after ? ` AND ${key} > '${escapeSoqlString(after)}'` : '';
  const from = `FROM ${soqlPaths([object])} WHERE ${key} IN ${users}${start}`;
  const page = `ORDER BY ${key} LIMIT ${AGGREGATE_ROWS}`;
  return key === 'Id' ? `SELECT Id ${from} ${page}` : `SELECT ${key}, COUNT(Id) n ${from} GROUP BY ${key} ${page}`;
}

/**
 * Keys split so that each query stays below {@link MAX_QUERY_CHARS} (the REST URI limit) and {@link AGGREGATE_ROWS}
 * values: `build` makes the query of one chunk.
 */
export function keyChunks(keys: readonly string[], build: (chunk: string[]) => string): string[][] {
  const base = build([]).length;
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = base;
  for (const key of keys) {
    // Each value adds its quoted, escaped text and a ", " separator.
    const size = escapeSoqlString(key).length + 4;
    if (current.length > 0 && (current.length >= AGGREGATE_ROWS || length + size > MAX_QUERY_CHARS)) {
      chunks.push(current);
      current = [];
      length = base;
    }
    current.push(key);
    length += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The names of skewed parent accounts, so a finding names the record as people know it as well as by its Id. Ids come
 * from the skew query's own results and are checked to be record Ids before use.
 */
export function accountNamesQuery(ids: readonly string[]): string {
  for (const id of ids) {
    if (!/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(id)) throw new Error(`Refusing to build a query with the Id "${id}"`);
  }
  return `SELECT Id, Name FROM Account WHERE Id IN ${soqlInList(ids)}`;
}

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
  const queries: string[] = [];
  let batch: string[] = [];
  for (const name of objectNames) {
    if (batch.length > 0 && entityDefinitionQuery([...batch, name]).length > MAX_QUERY_CHARS) {
      queries.push(entityDefinitionQuery(batch));
      batch = [];
    }
    batch.push(name);
  }
  if (batch.length > 0) queries.push(entityDefinitionQuery(batch));
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

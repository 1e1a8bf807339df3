/**
 * Behaviours of real orgs that a plain emulated org does not show (issue 15), each switched on by an option of
 * `startEmulator({ behaviours })`. Each one reproduces a fact of docs/salesforce-facts.md; the plugin must handle them
 * without knowing it talks to an emulator.
 */
import type { FixtureSharingSet } from './fixture.js';
import type { OrgData } from './orgdata.js';
import { SoapFault } from './soap.js';

export type EmulatorBehaviours = {
  /**
   * The running user lacks "Modify Metadata Through Metadata API Functions" and "Modify All Data": every Metadata API
   * call is a SOAP fault `INSUFFICIENT_ACCESS` (docs/salesforce-facts.md §2).
   */
  metadataNeedsModifyAll?: boolean;
  /**
   * The running user's User.LanguageLocaleKey (default `en_US`). With `translatedProfiles`, Profile.Name of those
   * profiles comes back translated, as for a user who does not work in English (docs/salesforce-facts.md §6, §7).
   */
  userLanguage?: string;
  /** Profile.Name as a user of `userLanguage` sees it, by the name the fixture gives (test data, not translations). */
  translatedProfiles?: Record<string, string>;
  /**
   * The first `n` API requests are refused with REQUEST_LIMIT_EXCEEDED "ConcurrentRequests (Concurrent API Requests)
   * Limit exceeded." (the concurrent long-running request limit, docs/salesforce-facts.md §6).
   */
  concurrencyLimitBursts?: number;
  /**
   * Aggregate (GROUP BY) queries on these objects answer 400 QUERY_TIMEOUT, as Salesforce does once a query has run for
   * about two minutes (docs/salesforce-facts.md §6; hold them first with a `latency` rule on their path).
   */
  queryTimeoutOn?: string[];
  /**
   * `/limits/recordCount` answers these approximate counts by object (an org with millions of cases) instead of the
   * fixture's own row counts (docs/salesforce-facts.md §6).
   */
  recordCounts?: Record<string, number>;
  /**
   * Fields describe reports with `groupable: false`, by object; a GROUP BY on one fails as a real org refuses it
   * ("field 'X' can not be grouped in a query call", docs/salesforce-facts.md §6).
   */
  nonGroupableFields?: Record<string, string[]>;
  /**
   * Fields hidden from the running user by field-level security, by object: describe leaves them out and a REST query
   * naming one fails with INVALID_FIELD, while the Tooling FieldDefinition still lists them (docs/salesforce-facts.md
   * §6: [UNC] for a real org).
   */
  hiddenFields?: Record<string, string[]>;
  /**
   * Aggregate queries on `object` whose IN list holds more than `maxValues` values answer 400 QUERY_TIMEOUT, as a real
   * org may for an aggregate over many rows (docs/salesforce-facts.md §6): a caller that splits its IN lists gets its
   * answer, one that does not gets the time-out. A semi-join (`IN (SELECT …)`) counts as more than any `maxValues`.
   */
  queryTimeoutOverIn?: { object: string; maxValues: number };
  /**
   * The org keeps a normalised form of what is written (docs/salesforce-facts.md §10, issue 15 point 8; what a real org
   * keeps is not documented): an objectField segment written as a standard lookup's field name (`AccountId`) is kept as
   * its relationship name (`Account`), a custom one's relationship name (`Deal__r`) as its field name (`Deal__c`), and
   * an update that leaves out the description keeps the description the set had.
   */
  normalisesOnWrite?: boolean;
  /**
   * readMetadata matches full names exactly: a name in another case comes back as a nil record, as for a set that does
   * not exist. Whether a real org does so is not documented (docs/salesforce-facts.md §12); listMetadata is unchanged.
   */
  exactCaseReadMetadata?: boolean;
  /** The access token is a JWT (three dot-separated parts, a JSON header), as orgs that issue JWT-based tokens give. */
  jwtToken?: boolean;
};

/** The SOAP fault a user without Metadata API access gets (docs/salesforce-facts.md §2, wording [2ND]). */
export const metadataAccessFault = (): SoapFault =>
  new SoapFault(
    'sf:INSUFFICIENT_ACCESS',
    'INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData permission'
  );

/** A token in the JWT shape jsforce recognises (`lib/util/jwt.js`): base64url JSON header, payload, signature. */
export function jwtLikeToken(orgId: string): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ orgId, sub: 'emulator' })}.c2lnbmF0dXJl`;
}

/** Whether `soql` is an aggregate on `rule.object` whose longest IN list passes `rule.maxValues` (queryTimeoutOverIn). */
export function timesOutOverIn(soql: string, rule: { object: string; maxValues: number } | undefined): boolean {
  if (!rule || !/\bGROUP\s+BY\b|\bCOUNT(_DISTINCT)?\(/i.test(soql)) return false;
  const from = /\bFROM\s+([A-Za-z0-9_]+)/i.exec(soql)?.[1];
  if (from?.toLowerCase() !== rule.object.toLowerCase()) return false;
  // A semi-join (`IN (SELECT …)`) holds as many values as its sub-select matches: no bound at all.
  if (/\bIN\s*\(\s*SELECT\b/i.test(soql)) return true;
  const lists = [...soql.matchAll(/\bIN\s*\(([^)]*)\)/gi)].map((m) => m[1].split(',').length);
  return Math.max(0, ...lists) > rule.maxValues;
}

/** Whether `names` (by object, case-insensitive) holds `field` of `object`. */
export function listed(names: Record<string, string[]> | undefined, object: string, field: string): boolean {
  const entry = Object.entries(names ?? {}).find(([name]) => name.toLowerCase() === object.toLowerCase());
  return entry?.[1].some((name) => name.toLowerCase() === field.toLowerCase()) ?? false;
}

/** The REST error a real org gives for a query cancelled after its time-out (docs/salesforce-facts.md §6). */
export const QUERY_TIMEOUT_MESSAGE = 'Your query request was running for too long.';

/**
 * What a real org answers instead of running `soql` under `behaviours`, if anything: QUERY_TIMEOUT for an aggregate on
 * a slow object, the refusal of a GROUP BY on a field that cannot be grouped, INVALID_FIELD for a field hidden from the
 * running user (REST only: the Tooling FieldDefinition still lists it).
 */
export function refusedQuery(
  soql: string,
  tooling: boolean,
  behaviours: EmulatorBehaviours
): { errorCode: string; message: string } | undefined {
  const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? '';
  const grouped = /\bGROUP\s+BY\s+(\w+)/i.exec(soql)?.[1];
  if (grouped && (behaviours.queryTimeoutOn ?? []).some((name) => name.toLowerCase() === from.toLowerCase())) {
    return { errorCode: 'QUERY_TIMEOUT', message: QUERY_TIMEOUT_MESSAGE };
  }
  if (grouped && listed(behaviours.nonGroupableFields, from, grouped)) {
    return {
      errorCode: 'INVALID_FIELD',
      message: `\n${soql}\nERROR at Row:1:Column:1\nfield '${grouped}' can not be grouped in a query call`,
    };
  }
  if (tooling) return undefined;
  const hidden = Object.entries(behaviours.hiddenFields ?? {})
    .filter(([object]) => object.toLowerCase() === from.toLowerCase())
    .flatMap(([, fields]) => fields)
    .find((field) => new RegExp(`\\b${field}\\b`, 'i').test(soql));
  return hidden
    ? {
        errorCode: 'INVALID_FIELD',
        message: `\n${soql}\nERROR at Row:1:Column:1\nNo such column '${hidden}' on entity '${from}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      }
    : undefined;
}

/** A describe answer as the running user sees it: hidden fields left out, non-groupable ones marked. */
export function describedAs(
  describe: Record<string, unknown>,
  behaviours: EmulatorBehaviours
): Record<string, unknown> {
  const object = String(describe.name);
  const fields = (describe.fields as Array<Record<string, unknown>>)
    .filter((field) => !listed(behaviours.hiddenFields, object, String(field.name)))
    .map((field) =>
      listed(behaviours.nonGroupableFields, object, String(field.name)) ? { ...field, groupable: false } : field
    );
  return { ...describe, fields };
}

/** What an org with `normalisesOnWrite` keeps of a sharing set it is sent (see that option). */
export function normalisedOnWrite(
  data: OrgData
): (sent: FixtureSharingSet, old: FixtureSharingSet | undefined) => FixtureSharingSet {
  const documented = (object: string, objectField: string): string => {
    let table = data.table(object);
    const out: string[] = [];
    for (const segment of objectField.split('.')) {
      if (!table || segment.toLowerCase() === 'id') return objectField;
      const field =
        table.fields.find((candidate) => candidate.relationshipName?.toLowerCase() === segment.toLowerCase()) ??
        table.fields.find((candidate) => candidate.name.toLowerCase() === segment.toLowerCase());
      if (!field) return objectField;
      out.push(field.custom ? field.name : field.relationshipName ?? field.name);
      table = field.referenceTo.map((target) => data.table(target)).find(Boolean);
    }
    return out.join('.');
  };
  return (sent, old) => ({
    ...sent,
    ...(sent.description === undefined && old?.description !== undefined ? { description: old.description } : {}),
    accessMappings: sent.accessMappings.map((mapping) => ({
      ...mapping,
      objectField: documented(mapping.object, mapping.objectField),
    })),
  });
}

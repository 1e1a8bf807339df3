/**
 * Behaviours of real orgs that a plain emulated org does not show (issue 15), each switched on by an option of
 * `startEmulator({ behaviours })`. Each one reproduces a fact of docs/salesforce-facts.md; the plugin must handle them
 * without knowing it talks to an emulator.
 */
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
  /** Aggregate (GROUP BY) queries on these objects answer 400 QUERY_TIMEOUT (docs/salesforce-facts.md §6). */
  queryTimeoutOn?: string[];
  /**
   * Fields hidden from the running user by field-level security, by object: describe leaves them out, while the
   * Tooling FieldDefinition still lists them (docs/salesforce-facts.md §6: [UNC] for a real org).
   */
  hiddenFields?: Record<string, string[]>;
  /**
   * readMetadata matches full names exactly: a name in another case comes back as a nil record, as for a set that does
   * not exist. Whether a real org does so is not documented (docs/salesforce-facts.md §11); listMetadata is unchanged.
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

/**
 * The only module that calls Salesforce. Every call goes through the jsforce connection that @salesforce/core
 * authenticated, is counted by kind (commands report the count in --json), and reads are retried on transient faults.
 */
import { Messages, SfError, type Connection, type Org } from '@salesforce/core';
import { chunk, createGate, mapLimit } from '../util/concurrency.js';
import { explainOrgError, orgErrorCode, type OrgContext } from './errors.js';
import { withConcurrencyBackoff, withRetry } from './retry.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

/** API calls made, by kind. Each REST request, composite request and SOAP call counts once against the daily limit. */
export type ApiCallCounts = {
  query: number;
  describe: number;
  metadataRead: number;
  metadataList: number;
  metadataWrite: number;
  limits: number;
  total: number;
};

export type QueryRecord = Record<string, unknown>;

/** A describe result, only what the plugin uses. */
export type DescribeResult = {
  name: string;
  fields: Array<{
    name: string;
    type: string;
    referenceTo?: string[] | null;
    relationshipName?: string | null;
    groupable?: boolean;
  }>;
};

/** The answer to one sub-request of a composite request. */
type CompositeSubresponse = { body: unknown; httpStatusCode: number; referenceId: string };

/**
 * Below this many remaining daily API requests (or 5% of the allowance, whichever is more) a command warns: a pipeline
 * that runs the audit on every change should learn the org is running dry before integrations start failing.
 */
export function isLowOnRequests(daily: { max: number; remaining: number }): boolean {
  return daily.remaining < Math.max(500, daily.max * 0.05);
}

/** The org's daily API request allowance, as `/limits` reports it (DailyApiRequests). */
export type DailyRequests = { max: number; remaining: number };

/** What reading the allowance gave: the figures, or why they could not be read (the command goes on without). */
export type AllowanceOutcome = { daily?: DailyRequests; problem?: string };

/**
 * A command that makes more calls than this reads the org's remaining daily API requests once (one more call, sent in
 * parallel with its work, so it adds no round trip), to warn before a pipeline runs the org dry. Below it, the extra
 * call would be a large share of the command's cost for little benefit.
 */
export const HANDFUL_OF_CALLS = 5;

/** Sub-requests per composite request: the documented maximum is 25. */
export const COMPOSITE_MAX = 25;

/**
 * Requests in flight at once. Salesforce limits concurrency only for long-running requests (25 at a time, over 20
 * seconds each: "Concurrent API Request Limits" in the Salesforce Developer Limits and Allocations Quick Reference,
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm);
 * the plugin's calls take well under a second. 25 lets the 25 read batches of 250 sharing sets, or 25 describe
 * composites, go out in one round while never exceeding that limit even if the org is slow.
 */
export const PARALLEL_REQUESTS = 25;

/**
 * Requests in flight once the org has refused one for concurrency: the limit of Developer Edition and trial orgs
 * (docs/salesforce-facts.md §6); each further refusal halves it.
 */
export const PARALLEL_AFTER_REFUSAL = 5;

export type OrgClient = {
  readonly calls: ApiCallCounts;
  /** The username the connection runs as, when known. */
  readonly username?: string;
  /** A SOQL query through the REST API, or with `tooling` through the Tooling API (docs/salesforce-facts.md §6). */
  query<T extends QueryRecord>(soql: string, options?: { tooling?: boolean }): Promise<T[]>;
  /**
   * Approximate record counts of the named objects, in one call (`/limits/recordCount`, docs/salesforce-facts.md §6);
   * objects the answer leaves out are absent from the map.
   */
  recordCounts(objectNames: readonly string[]): Promise<Map<string, number>>;
  /** Describes several objects with composite requests; objects the org does not have map to `undefined`. */
  describeMany(objectNames: readonly string[]): Promise<Map<string, DescribeResult | undefined>>;
  /** The API name of every object of the org (describeGlobal, one GET of `/sobjects`). */
  objectNames(): Promise<string[]>;
  listMetadata(type: string): Promise<Array<{ fullName: string }>>;
  readMetadata(type: string, fullNames: string[]): Promise<Array<Record<string, unknown>>>;
  /**
   * Starts reading the allowance (once per client, in the background) when the calls made so far plus `moreCalls` are
   * more than a handful. Callers that know how many calls they are about to send call it first.
   */
  watchAllowance(moreCalls: number): void;
  /** The allowance read by watchAllowance; empty when the command stayed within a handful of calls. */
  allowance(): Promise<AllowanceOutcome>;
  /**
   * One Metadata API write. Never retried: a write that failed in transit may still have reached the org, so callers
   * re-read to learn what happened (src/org/writes.ts).
   */
  writeMetadata(operation: 'create' | 'update' | 'delete', type: string, payload: unknown[]): Promise<SaveResult[]>;
};

/** What the Metadata API answers for each item of a create, update or delete. */
export type SaveResult = {
  fullName: string;
  success: boolean;
  errors?: Array<{ statusCode?: string; message?: string; fields?: string | string[] }>;
};

/** The client for a command's `--target-org` (and `--api-version`). */
export function clientForOrg(org: Org, apiVersion?: string): OrgClient {
  const connection = org.getConnection(apiVersion);
  return createOrgClient(connection, {
    org: org.getUsername() ?? org.getOrgId(),
    instanceUrl: connection.instanceUrl,
    ...(org.getUsername() ? { username: org.getUsername() } : {}),
  });
}

/**
 * Wraps a connection into the counted, retrying client the rest of the plugin uses. Faults are translated into errors
 * with actions (src/org/errors.ts) here, so no command repeats that.
 */
export function createOrgClient(connection: Connection, context: OrgContext): OrgClient {
  const calls: ApiCallCounts = {
    query: 0,
    describe: 0,
    metadataRead: 0,
    metadataList: 0,
    metadataWrite: 0,
    limits: 0,
    total: 0,
  };
  const count = (kind: Exclude<keyof ApiCallCounts, 'total'>): void => {
    calls[kind]++;
    calls.total++;
  };
  const apiPath = (rest: string): string => `/services/data/v${connection.getApiVersion()}${rest}`;
  /**
   * The error a command fails with, translated (src/org/errors.ts), carrying the calls made so far in its `data`: a
   * pipeline's --json shows what a failed run cost too.
   */
  const explain = (error: unknown, attempts?: number): unknown => {
    const explained = explainOrgError(error, context, attempts) ?? error;
    if (explained instanceof SfError) {
      const data: unknown = explained.data;
      const earlier = typeof data === 'object' && data !== null ? data : {};
      explained.setData({ ...earlier, apiCalls: { ...calls } });
    }
    return explained;
  };
  // Every read passes this gate: after a concurrency refusal, fewer requests go out at once.
  const gate = createGate(PARALLEL_REQUESTS);
  /**
   * A read: retried on transient faults; after a concurrency refusal sent again later, with fewer requests in flight;
   * then translated into an error with actions.
   */
  const read = async <R>(
    kind: Exclude<keyof ApiCallCounts, 'total'>,
    operation: () => Promise<R>,
    gated = true
  ): Promise<R> => {
    const attempt = (): Promise<R> =>
      withConcurrencyBackoff(
        () =>
          withRetry(() => {
            count(kind);
            return operation();
          }),
        () => gate.lower(PARALLEL_AFTER_REFUSAL)
      );
    try {
      return await (gated ? gate.run(attempt) : attempt());
    } catch (error) {
      throw await withDailyFigures(explain(error));
    }
  };

  /**
   * A spent daily allowance stops the command: its error carries the /limits figures when the org still answers
   * that one request (one try; when it is refused too, the error stays as it is).
   */
  const withDailyFigures = async (explained: unknown): Promise<unknown> => {
    if (orgErrorCode(explained) !== 'RequestLimitExceeded' || !(explained instanceof SfError)) return explained;
    try {
      count('limits');
      const limits = await connection.request<{ DailyApiRequests?: { Max: number; Remaining: number } }>(
        apiPath('/limits'),
        ONE_TRY
      );
      const daily = limits?.DailyApiRequests;
      if (!daily) return explained;
      // eslint-disable-next-line no-param-reassign -- the error made here gains its figures before it is thrown
      explained.message = `${explained.message} ${messages.getMessage('info.DailyFigures', [
        daily.Remaining,
        daily.Max,
      ])}`;
      explained.setData({
        ...(explained.data as object),
        apiCalls: { ...calls },
        dailyApiRequests: { max: daily.Max, remaining: daily.Remaining },
      });
    } catch {
      // The figures are a courtesy: the refusal itself is the error.
    }
    return explained;
  };

  const remainingDailyRequests = async (): Promise<DailyRequests | undefined> => {
    // Outside the gate: this one read goes out beside the command's own reads (watchAllowance starts it just before
    // them), and 250 sharing sets are 25 reads, as many as the gate lets through; inside it, one read would wait for
    // another and cost a round trip. One request more in flight stays far below the org's concurrency limit.
    const limits = await read(
      'limits',
      () => connection.request<{ DailyApiRequests?: { Max: number; Remaining: number } }>(apiPath('/limits'), ONE_TRY),
      false
    );
    const daily = limits?.DailyApiRequests;
    return daily ? { max: daily.Max, remaining: daily.Remaining } : undefined;
  };
  let allowanceRead: Promise<AllowanceOutcome> | undefined;

  return {
    calls,
    ...(context.username ? { username: context.username } : {}),

    async query<T extends QueryRecord>(soql: string, options: { tooling?: boolean } = {}): Promise<T[]> {
      // The query resource and its nextRecordsUrl pages, read as plain GETs so that the plugin's retry is the only one.
      const page = (url: string): Promise<QueryPage<T>> =>
        read('query', async () => queryPage<T>(await connection.request<unknown>(url, ONE_TRY)));
      let result = await page(apiPath(`${options.tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`));
      const records = [...result.records];
      while (!result.done && result.nextRecordsUrl) {
        // eslint-disable-next-line no-await-in-loop
        result = await page(result.nextRecordsUrl);
        records.push(...result.records);
      }
      return records;
    },

    async recordCounts(objectNames: readonly string[]): Promise<Map<string, number>> {
      const answer = await read('limits', () =>
        connection.request<{ sObjects?: Array<{ name?: string; count?: number }> }>(
          apiPath(`/limits/recordCount?sObjects=${objectNames.map(encodeURIComponent).join(',')}`),
          ONE_TRY
        )
      );
      if (!Array.isArray(answer?.sObjects)) throw malformed('record count');
      const counts = new Map<string, number>();
      for (const entry of answer.sObjects) {
        if (typeof entry?.name === 'string' && typeof entry.count === 'number') counts.set(entry.name, entry.count);
      }
      return counts;
    },

    async describeMany(objectNames: readonly string[]): Promise<Map<string, DescribeResult | undefined>> {
      const results = new Map<string, DescribeResult | undefined>();
      const groups = chunk(objectNames, COMPOSITE_MAX);
      // The composite resource counts as one call against the daily API limit, whatever its sub-requests:
      // "The API calls for the composite request count as a single call toward your API limits."
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
      await mapLimit(groups, PARALLEL_REQUESTS, async (group) => {
        const body = {
          allOrNone: false,
          compositeRequest: group.map((name, index) => ({
            method: 'GET',
            url: apiPath(`/sobjects/${encodeURIComponent(name)}/describe`),
            referenceId: `d${index}`,
          })),
        };
        const response = await read('describe', async () => {
          const answer = await connection.request<{ compositeResponse?: CompositeSubresponse[] }>({
            method: 'POST',
            url: apiPath('/composite'),
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          if (!Array.isArray(answer?.compositeResponse)) throw malformed('composite');
          return answer as { compositeResponse: CompositeSubresponse[] };
        });
        for (const sub of response.compositeResponse) {
          const name = group[Number(sub.referenceId.slice(1))];
          if (sub.httpStatusCode === 200) {
            results.set(name, sub.body as DescribeResult);
          } else if (sub.httpStatusCode === 404) {
            results.set(name, undefined);
          } else {
            throw compositeError(name, sub);
          }
        }
      });
      return results;
    },

    async objectNames(): Promise<string[]> {
      const answer = await read('describe', () =>
        connection.request<{ sobjects?: Array<{ name?: unknown }> }>(apiPath('/sobjects'), ONE_TRY)
      );
      if (!Array.isArray(answer?.sobjects)) throw malformed('describeGlobal');
      return answer.sobjects.flatMap((entry) => (typeof entry?.name === 'string' ? [entry.name] : []));
    },

    async listMetadata(type: string): Promise<Array<{ fullName: string }>> {
      const result = await read('metadataList', () => connection.metadata.list([{ type }]));
      return (Array.isArray(result) ? result : [result]).filter((item) => Boolean(item?.fullName));
    },

    async readMetadata(type: string, fullNames: string[]): Promise<Array<Record<string, unknown>>> {
      const result = await read('metadataRead', () => connection.metadata.read(type as 'SharingSet', fullNames));
      return result as unknown as Array<Record<string, unknown>>;
    },

    async writeMetadata(
      operation: 'create' | 'update' | 'delete',
      type: string,
      payload: unknown[]
    ): Promise<SaveResult[]> {
      count('metadataWrite');
      try {
        const metadata = connection.metadata;
        const result =
          operation === 'delete'
            ? await metadata.delete(type, payload as string[])
            : operation === 'create'
            ? await metadata.create(type as 'SharingSet', payload as never[])
            : await metadata.update(type, payload as never[]);
        return (Array.isArray(result) ? result : [result]).map((item) => ({
          ...item,
          errors: item.errors === undefined ? undefined : Array.isArray(item.errors) ? item.errors : [item.errors],
        })) as SaveResult[];
      } catch (error) {
        throw explain(error, 1);
      }
    },

    watchAllowance(moreCalls: number): void {
      if (allowanceRead !== undefined || calls.total + moreCalls <= HANDFUL_OF_CALLS) return;
      allowanceRead = remainingDailyRequests().then(
        (daily): AllowanceOutcome => (daily ? { daily } : {}),
        (error: unknown): AllowanceOutcome => ({ problem: error instanceof Error ? error.message : String(error) })
      );
    },

    async allowance(): Promise<AllowanceOutcome> {
      return allowanceRead ?? {};
    },
  };
}

/**
 * jsforce sends a failed GET again by itself (5 more times on HTTP 420/429/5xx and socket errors, from 0.5 s doubling):
 * stacked under the plugin's own retry, one persistent fault would cost 18 requests and most of a minute, uncounted.
 * Reads ask jsforce for a single try; src/org/retry.ts is then the only retry, counted and bounded.
 */
const ONE_TRY = { retry: { maxRetries: 0 } };

/** One page of a query answer (the REST API's query resource). */
type QueryPage<T extends QueryRecord> = { done: boolean; nextRecordsUrl?: string; records: T[] };

/** The answer of the query resource, or MalformedResponse when it is not one (cut short, not JSON). */
function queryPage<T extends QueryRecord>(answer: unknown): QueryPage<T> {
  const page = answer as Partial<QueryPage<T>> | undefined;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.records) || typeof page.done !== 'boolean') {
    throw malformed('query');
  }
  return page as QueryPage<T>;
}

/** An answer that is not what the API documents (cut short, or not JSON): explained as MalformedResponse. */
function malformed(what: string): Error {
  const error = new Error(`The ${what} answer is cut short or is not JSON`) as Error & { errorCode?: string };
  error.errorCode = 'MALFORMED_RESPONSE';
  return error;
}

function compositeError(objectName: string, sub: CompositeSubresponse): Error {
  const first = Array.isArray(sub.body) ? (sub.body[0] as { errorCode?: string; message?: string }) : undefined;
  const error = new Error(
    `Describing ${objectName} failed: ${first?.errorCode ?? sub.httpStatusCode} ${first?.message ?? ''}`.trim()
  ) as Error & { errorCode?: string; statusCode?: number };
  error.errorCode = first?.errorCode ?? `ERROR_HTTP_${sub.httpStatusCode}`;
  error.statusCode = sub.httpStatusCode;
  return error;
}

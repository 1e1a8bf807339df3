/**
 * Bounded retry with exponential backoff, for READ calls only. Writes are never retried blindly: a write that may or
 * may not have reached the org is re-read by its caller instead.
 */

/** Error codes and HTTP statuses that mean "try again later" rather than "this will never work". */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'SERVER_UNAVAILABLE',
  // Salesforce's answer to an internal failure (HTTP 500); a read that hit one usually succeeds when sent again.
  'UNKNOWN_EXCEPTION',
]);

export type RetryOptions = {
  /** Attempts in all, including the first. */
  attempts: number;
  /** Delay before the first retry, doubled each time. */
  baseDelayMs: number;
};

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 250 };

/** Whether an error from jsforce / @salesforce/core is worth retrying. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const record = error as Error & { errorCode?: string; code?: string; cause?: unknown; statusCode?: number };
  // SOAP faults carry a namespace prefix (`sf:SERVER_UNAVAILABLE`); REST errors do not.
  // (A DOMException's `code` is a number.)
  const codes = [record.errorCode, record.code, record.name].map((code: unknown) =>
    typeof code === 'string' ? code.replace(/^\w+:/, '') : undefined
  );
  if (codes.some((code) => code !== undefined && TRANSIENT_CODES.has(code))) return true;
  // No answer in time (see isTimeout): the org may be briefly slow.
  if (isTimeout(error)) return true;
  if (record.statusCode !== undefined && [500, 502, 503, 504].includes(record.statusCode)) return true;
  if (/\b(socket hang up|ECONNRESET|fetch failed|other side closed|503|Service Unavailable)\b/i.test(error.message)) {
    return true;
  }
  return record.cause !== undefined && record.cause !== error ? isTransient(record.cause) : false;
}

/**
 * Whether the request was abandoned because no answer came in time. jsforce aborts it after `HTTP_TIMEOUT` ms (30
 * minutes by default) with an AbortError whose message always says "30 minutes", whatever the limit was.
 */
export function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    (error.name === 'AbortError' && /aborted/i.test(error.message)) ||
    /^Request Timeout$|aborted due to timeout/i.test(error.message)
  );
}

/** Calls `operation` until it succeeds, fails with a non-transient error, or runs out of attempts. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop
      return await operation();
    } catch (error) {
      lastError = error;
      if (attempt === options.attempts || !isTransient(error)) throw error;
      const delay = options.baseDelayMs * 2 ** (attempt - 1);
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw lastError;
}

/**
 * Whether the org refused a request because too many long-running requests were in flight, not because the daily
 * allowance is spent: both answer REQUEST_LIMIT_EXCEEDED, and only the message tells them apart ("ConcurrentRequests
 * (Concurrent API Requests) Limit exceeded.", "ConcurrentPerOrgLongTxn Limit exceeded." vs "TotalRequests Limit
 * exceeded."; docs/salesforce-facts.md §6, texts [2ND/UNC]).
 */
export function isConcurrencyRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const record = error as Error & { errorCode?: string; name: string };
  const limited = [record.errorCode, record.name, error.message].some(
    (value) => typeof value === 'string' && value.includes('REQUEST_LIMIT_EXCEEDED')
  );
  return limited && /Concurrent/i.test(error.message);
}

/** Attempts for a request refused for concurrency: waits 0.5, 1, 2, 4 s while fewer requests are sent. */
export const CONCURRENCY_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 500 };

/**
 * Calls `operation` again after a concurrency refusal (isConcurrencyRefusal), calling `onRefusal` first each time so
 * the caller can send fewer requests at once; other errors pass through.
 */
export async function withConcurrencyBackoff<T>(
  operation: () => Promise<T>,
  onRefusal: () => void,
  options: RetryOptions = CONCURRENCY_RETRY
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts || !isConcurrencyRefusal(error)) throw error;
      onRefusal();
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setTimeout(resolve, options.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}

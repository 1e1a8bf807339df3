/**
 * Turns the faults an org connection produces into one-line errors that say what to do. Everything else passes
 * through untouched, so sf-plugins-core still formats it. The org client applies this to every call it makes.
 */
import { Messages, SfError } from '@salesforce/core';
import { DEFAULT_RETRY, isConcurrencyRefusal, isTimeout } from './retry.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

type FaultShape = Error & { errorCode?: string; code?: string; statusCode?: number; cause?: unknown };

/**
 * The errors made here, by code, with what each means for a caller. "Answer lost": the org's answer was lost, late or
 * garbled, which is not a refusal, so a write may still have landed. "Org-wide": the connection as a whole cannot be
 * used (no session, no requests left, no access), so nothing else the command would read can succeed either. Each
 * code's text is the message `error.<code>` in messages/errors.md (a unit test ties every code to its message).
 */
export const ORG_ERRORS = {
  SessionExpired: 'org-wide',
  RequestLimitExceeded: 'org-wide',
  // Still refused for concurrency after backing off and sending fewer requests (docs/salesforce-facts.md §6).
  ConcurrentRequestLimit: 'org-wide',
  InsufficientAccess: 'org-wide',
  // Only the Metadata API is refused (sharing sets cannot be read); REST reads still work, so a command that can
  // answer without sharing sets goes on (docs/salesforce-facts.md §2).
  MetadataAccessDenied: 'org-wide',
  // The installed jsforce refuses SOAP for a JWT-based access token below API 68.0 (docs/salesforce-facts.md §6).
  JwtSoapRefused: 'org-wide',
  Timeout: 'answer-lost',
  OrgUnreachable: 'answer-lost',
  ServerError: 'answer-lost',
  MalformedResponse: 'answer-lost',
} as const satisfies Record<string, 'org-wide' | 'answer-lost'>;

export type OrgErrorCode = keyof typeof ORG_ERRORS;

/** Where an error made here keeps its code: a symbol, so the --json error envelope stays as sf-plugins-core makes it. */
const CODE = Symbol('plugin-sharing.orgErrorCode');

/** The code of an error made here; undefined for any other error. */
export function orgErrorCode(error: unknown): OrgErrorCode | undefined {
  return error instanceof Error ? (error as Error & { [CODE]?: OrgErrorCode })[CODE] : undefined;
}

export const isAnswerLost = (error: unknown): boolean => kindOf(error) === 'answer-lost';
export const isOrgWideFailure = (error: unknown): boolean => kindOf(error) === 'org-wide';

function kindOf(error: unknown): string | undefined {
  const code = orgErrorCode(error);
  return code === undefined ? undefined : ORG_ERRORS[code];
}

/** The error for `code`: its message and actions from messages/errors.md, and the code itself. */
export function orgError(code: OrgErrorCode, tokens: Array<string | number>, actions: string[], cause?: Error): SfError {
  const error = messages.createError(`error.${code}`, tokens, actions, cause);
  Object.defineProperty(error, CODE, { value: code });
  return error;
}

/** Context that makes a message useful: which org, and how to name it again on the command line. */
export type OrgContext = { org: string; instanceUrl?: string; username?: string };

/**
 * Returns an SfError with actions for a recognised org fault, or undefined when the error is not one. `attempts` is
 * how many times the call was sent (writes are sent once).
 */
export function explainOrgError(
  error: unknown,
  context: OrgContext,
  attempts = DEFAULT_RETRY.attempts
): SfError | undefined {
  if (!(error instanceof Error) || (error instanceof SfError && error.actions?.length)) return undefined;
  const fault = error as FaultShape;
  const codes = collectCodes(fault);
  const text = codes.join(' ');
  const oneLine = firstLine(fault.message);
  // The raw fault is summarised rather than attached: sf-plugins-core exits with 10 when any cause in the chain is a
  // TypeError (undici reports every network failure as "TypeError: fetch failed"), and a network fault is not a bug.
  const cause = new Error(summarise(fault));

  if (
    /INVALID_SESSION_ID|invalid_grant|expired access\/refresh token|RefreshTokenAuthError|NoRefreshToken/i.test(text)
  ) {
    return orgError('SessionExpired', [context.org], [context.org], cause);
  }
  if (/SOAP API does not support JWT-based access tokens/i.test(text)) {
    return orgError('JwtSoapRefused', [context.org], [], cause);
  }
  if (isConcurrencyRefusal(fault)) {
    return orgError('ConcurrentRequestLimit', [oneLine], [], cause);
  }
  if (text.includes('REQUEST_LIMIT_EXCEEDED')) {
    return orgError('RequestLimitExceeded', [oneLine], [], cause);
  }
  // The Metadata API's refusal names ModifyAllData (docs/salesforce-facts.md §2, wording [2ND]): match either part.
  if (text.includes('INSUFFICIENT_ACCESS') && /Metadata API|ModifyAllData/i.test(text)) {
    return orgError('MetadataAccessDenied', [context.org], [], cause);
  }
  if (/INSUFFICIENT_ACCESS|API_DISABLED_FOR_ORG|API_CURRENTLY_DISABLED/.test(text)) {
    return orgError('InsufficientAccess', [context.org, oneLine], [], cause);
  }
  if (isTimeout(fault)) {
    return orgError('Timeout', [context.instanceUrl ?? context.org, attempts], [], cause);
  }
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|UND_ERR|socket hang up|fetch failed|other side closed/i.test(
      text
    )
  ) {
    return orgError(
      'OrgUnreachable',
      [context.instanceUrl ?? context.org, networkCode(codes)],
      [context.org],
      cause
    );
  }
  if (/ERROR_HTTP_5\d\d|SERVER_UNAVAILABLE|UNKNOWN_EXCEPTION|\b50[0-4]\b/.test(text)) {
    return orgError('ServerError', [attempts, oneLine], [], cause);
  }
  // xml2js (SOAP answers) reports a body cut short as "Unclosed root tag\nLine: 0\nColumn: 2000\nChar: ".
  if (
    /Unexpected token|is not valid JSON|Unexpected end of JSON|XML|Non-whitespace before first tag|MALFORMED_RESPONSE/i.test(
      text
    ) ||
    /\nLine: \d+\nColumn: \d+/.test(fault.message)
  ) {
    return orgError('MalformedResponse', [oneLine], [], cause);
  }
  return undefined;
}

function collectCodes(error: FaultShape, depth = 0): string[] {
  const own = [error.name, error.errorCode, error.code, error.statusCode?.toString(), error.message].filter(
    (value): value is string => typeof value === 'string' && value !== ''
  );
  const cause = error.cause;
  return cause instanceof Error && depth < 5 ? [...own, ...collectCodes(cause as FaultShape, depth + 1)] : own;
}

function networkCode(codes: string[]): string {
  return codes.find((code) => /^(E[A-Z]+|UND_ERR\w*)$/.test(code)) ?? 'connection failed';
}

/** The fault's messages down its cause chain, one line each, without error class names. */
function summarise(error: FaultShape, depth = 0): string {
  const own = [error.errorCode ?? error.code, firstLine(error.message)].filter(Boolean).join(' ');
  const cause = error.cause;
  return cause instanceof Error && depth < 5 ? `${own} <- ${summarise(cause as FaultShape, depth + 1)}` : own;
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 300);
}

/**
 * Request log, fault and latency rules. Plain JSON-able data so that the control endpoint (child processes, the CLI)
 * can set them as well as in-process tests.
 */
import { WRITE_OPERATIONS } from './soap.js';

export type RequestKind =
  | 'auth'
  | 'versions'
  | 'rest-query'
  | 'tooling-query'
  | 'describe'
  | 'describe-global'
  | 'composite'
  | 'soap'
  | 'limits'
  | 'sobject'
  | 'unknown';

export type FaultType =
  /** HTTP 500 (REST: UNKNOWN_EXCEPTION JSON; SOAP: sf:UNKNOWN_EXCEPTION fault). */
  | 'http500'
  /** HTTP 503 SERVER_UNAVAILABLE. */
  | 'http503'
  /** REST 401 / SOAP fault sf:INVALID_SESSION_ID (HTTP 500). */
  | 'invalid-session'
  /** REST 403 / SOAP fault sf:REQUEST_LIMIT_EXCEEDED. */
  | 'request-limit'
  /** REST 403 / SOAP fault sf:REQUEST_LIMIT_EXCEEDED for too many long-running requests at once (not the daily limit). */
  | 'concurrent-limit'
  /** HTTP 200 whose body is cut in half (invalid JSON / XML). */
  | 'malformed'
  /** The socket is destroyed without an answer. */
  | 'drop'
  /** No answer until the emulator stops. */
  | 'hang'
  /**
   * The org carries the request out (a write lands), then the socket is destroyed before the answer is sent: an answer
   * lost after the write landed.
   */
  | 'lost-answer'
  /** In a multi-name metadata write, one item fails (the rule's `name`, else the last); the others succeed. */
  | 'partial';

/** Which requests a rule applies to; every given criterion must hold. Strings match exactly; `path` is a regex. */
export type RequestMatch = {
  kind?: RequestKind | RequestKind[];
  soapOperation?: string | string[];
  /** Regular expression (source) tested against the path (leading slashes collapsed, query string included). */
  path?: string;
  method?: string;
};

export type FaultRule = RequestMatch & {
  fault: FaultType;
  /** Fire on the nth matching request only (1-based). */
  nth?: number;
  /** Let this many matching requests through before firing. */
  skip?: number;
  /** Fire at most this many times (default: unlimited, or 1 with `nth`). */
  times?: number;
  /** For `partial`: the fullName that fails. */
  name?: string;
};

export type LatencyRule = RequestMatch & { ms: number };

export type LogEntry = {
  seq: number;
  method: string;
  path: string;
  kind: RequestKind;
  soapOperation?: string;
  metadataType?: string;
  soql?: string;
  names?: string[];
  /** Composite subrequest urls. */
  subrequests?: string[];
  /** Whether the call changes the org (metadata create/update/upsert/delete/rename, REST POST/PATCH/PUT/DELETE). */
  write: boolean;
  start: number;
  end?: number;
  /** HTTP status sent; 0 when the connection was dropped; undefined while pending (or hung). */
  status?: number;
  fault?: FaultType;
};

type RuleState = { rule: FaultRule; seen: number; fired: number };

const asList = <T>(v: T | T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

export const matches = (m: RequestMatch, e: LogEntry): boolean =>
  (!m.kind || (asList(m.kind) as string[]).includes(e.kind)) &&
  (!m.soapOperation || (asList(m.soapOperation) as string[]).includes(e.soapOperation ?? '')) &&
  (!m.method || m.method.toUpperCase() === e.method) &&
  (!m.path || new RegExp(m.path).test(e.path));

/** Whether a log entry changed (or tried to change) the org. */
export const isWrite = (e: Pick<LogEntry, 'kind' | 'method' | 'soapOperation' | 'write'>): boolean =>
  e.write ||
  (e.kind === 'soap' && WRITE_OPERATIONS.has(e.soapOperation ?? '')) ||
  (e.kind === 'sobject' && ['POST', 'PATCH', 'PUT', 'DELETE'].includes(e.method));

export class FaultPlan {
  private rules: RuleState[] = [];
  private latencyRules: LatencyRule[] = [];
  public constructor(public latencyMs = 0) {}

  public set(rules: FaultRule[], append = false): void {
    const states = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.rules = append ? [...this.rules, ...states] : states;
  }

  public setLatency(ms: number | undefined, rules?: LatencyRule[]): void {
    if (ms !== undefined) this.latencyMs = ms;
    if (rules) this.latencyRules = rules;
  }

  public describe(): {
    faults: Array<FaultRule & { seen: number; fired: number }>;
    latencyMs: number;
    latency: LatencyRule[];
  } {
    return {
      faults: this.rules.map((s) => ({ ...s.rule, seen: s.seen, fired: s.fired })),
      latencyMs: this.latencyMs,
      latency: this.latencyRules,
    };
  }

  public latencyFor(e: LogEntry): number {
    return this.latencyRules.find((r) => matches(r, e))?.ms ?? this.latencyMs;
  }

  /** The fault to apply to this request, if any; counts matches so nth/skip/times work. */
  public pick(e: LogEntry): FaultRule | undefined {
    for (const s of this.rules) {
      if (!matches(s.rule, e)) continue;
      s.seen += 1;
      const skip = s.rule.skip ?? (s.rule.nth !== undefined ? s.rule.nth - 1 : 0);
      const times = s.rule.times ?? (s.rule.nth !== undefined ? 1 : Infinity);
      if (s.seen > skip && s.fired < times) {
        s.fired += 1;
        return s.rule;
      }
    }
    return undefined;
  }
}

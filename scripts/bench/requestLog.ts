/**
 * What a run's request log says: the critical path, the calls by name, and the plugin's own count checked against it.
 */
import type { LogEntry } from '../../test/emulator/index.js';

/**
 * The critical path: the longest chain of requests each of which started only after the previous one had ended.
 *
 * Each request is an interval [start, end] on the emulator's clock. Request B can have waited for A only if B
 * started at or after A's end (whether B needed A's answer, or a free slot in the client's pool of parallel requests:
 * both are a round trip spent waiting). Over these "started after" edges, which form a DAG, the longest chain is
 * found by dynamic programming in order of start time: depth(B) = 1 + max depth(A) over every A that ended by
 * B's start. The depth of the deepest request is the number of round trips the command had to make one after the
 * other, the figure that latency multiplies. Timestamps have 1 ms resolution, so a request that arrives in the very
 * millisecond another ends is counted as waiting for it: the figure can only err high, never flatter the plugin.
 */
export function criticalPath(log: LogEntry[]): LogEntry[] {
  const done = log.filter((entry) => entry.end !== undefined).sort((a, b) => a.start - b.start || a.seq - b.seq);
  const depth: number[] = [];
  const previous: number[] = [];
  done.forEach((entry, i) => {
    depth[i] = 1;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      // On a tie, the request that ended last before this one started is the likelier cause of the wait.
      const deeper =
        depth[j] + 1 > depth[i] ||
        (depth[j] + 1 === depth[i] && previous[i] >= 0 && (done[j].end as number) > (done[previous[i]].end as number));
      if ((done[j].end as number) <= entry.start && deeper) {
        depth[i] = depth[j] + 1;
        previous[i] = j;
      }
    }
  });
  let last = depth.indexOf(Math.max(...depth, 0));
  const chain: LogEntry[] = [];
  while (last >= 0) {
    chain.unshift(done[last]);
    last = previous[last];
  }
  return chain;
}

/** A request's name in reports: SOAP calls by operation, the rest by the emulator's kind. */
export const callName = (entry: LogEntry): string =>
  entry.kind === 'soap' ? `soap:${entry.soapOperation ?? '?'}` : entry.kind;

/** The requests of a log counted by {@link callName}, names in alphabetical order. */
export function countByName(log: LogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of log) counts[callName(entry)] = (counts[callName(entry)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** "soap:listMetadata → soap:readMetadata ×3 → composite" */
export function describeChain(chain: LogEntry[]): string {
  const parts: Array<{ name: string; n: number }> = [];
  for (const entry of chain) {
    const name = callName(entry);
    const last = parts[parts.length - 1];
    if (last?.name === name) last.n++;
    else parts.push({ name, n: 1 });
  }
  return parts.map(({ name, n }) => (n > 1 ? `${name} ×${n}` : name)).join(' → ');
}

/** Which of the plugin's own counters (`apiCalls` in its JSON) each logged request belongs to. */
const SELF_COUNTER: Record<string, string> = {
  'rest-query': 'query',
  'tooling-query': 'query',
  composite: 'describe',
  describe: 'describe',
  'soap:readMetadata': 'metadataRead',
  'soap:listMetadata': 'metadataList',
  'soap:createMetadata': 'metadataWrite',
  'soap:updateMetadata': 'metadataWrite',
  'soap:deleteMetadata': 'metadataWrite',
  limits: 'limits',
};

export type CrossCheck = {
  /** The command's own `apiCalls` from its JSON result. */
  selfReported: Record<string, number>;
  /** The same counters rebuilt from the emulator's log. */
  logged: Record<string, number>;
  match: boolean;
  /** Requests the plugin's client does not count: @salesforce/core's own (auth, versions). */
  notCountedByPlugin: Record<string, number>;
};

/** The plugin's self-reported `apiCalls` next to the same counters rebuilt from the logged calls `byName`. */
export function crossCheck(byName: Record<string, number>, selfReported: Record<string, number>): CrossCheck {
  const logged: Record<string, number> = { total: 0 };
  const notCountedByPlugin: Record<string, number> = {};
  for (const [name, n] of Object.entries(byName)) {
    const counter = SELF_COUNTER[name];
    if (counter) {
      logged[counter] = (logged[counter] ?? 0) + n;
      logged.total += n;
    } else notCountedByPlugin[name] = n;
  }
  const match = Object.entries(selfReported).every(([key, n]) => (logged[key] ?? 0) === n);
  return { selfReported, logged, match, notCountedByPlugin };
}

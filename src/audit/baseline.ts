/**
 * Baselines: known findings a team has accepted, each with a reason and optionally an expiry date. A baseline entry
 * matches a finding by its stable fingerprint (rule id + target identity), so reformatting or reordering files never
 * un-suppresses anything. Pure: the command reads and writes the file.
 */
import type { Finding } from './types.js';

export const BASELINE_VERSION = 1;

export type BaselineEntry = {
  fingerprint: string;
  ruleId: string;
  /** What the finding was about, for the people reading the file (not used for matching). */
  target: string;
  /** Why the finding is accepted. Required and non-empty. */
  reason: string;
  /** Last day (YYYY-MM-DD, UTC) the entry suppresses its finding; from the next day the audit fails on it. */
  expires?: string;
};

export type Baseline = { version: number; entries: BaselineEntry[] };

/** A finding the baseline suppressed, with the entry's reason. */
export type SuppressedFinding = { finding: Finding; reason: string; expires?: string };

export type BaselineOutcome = {
  /** Findings the baseline does not suppress (including those whose entry expired). */
  active: Finding[];
  suppressed: SuppressedFinding[];
  /** Entries past their expiry date that still match a finding: each fails the audit. */
  expired: BaselineEntry[];
  /** Entries that match no finding any more (fixed, or the rule was not run): candidates for removal. */
  unused: BaselineEntry[];
};

/** A problem in a baseline file, with where it is. */
export class BaselineError extends Error {
  public constructor(public readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'BaselineError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and checks a baseline file's text; every problem is reported at once. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError([`not valid JSON (${(error as Error).message})`]);
  }
  const record = data as { version?: unknown; entries?: unknown };
  if (typeof data !== 'object' || data === null || !Array.isArray(record.entries)) {
    throw new BaselineError(['expected an object with an "entries" array']);
  }
  if (record.version !== BASELINE_VERSION) {
    throw new BaselineError([
      `unsupported version ${String(record.version)} (this plugin reads version ${BASELINE_VERSION})`,
    ]);
  }
  const problems: string[] = [];
  const entries = (record.entries as unknown[]).map((raw, index): BaselineEntry => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const where = `entries[${index}]`;
    for (const key of ['fingerprint', 'ruleId', 'reason'] as const) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') {
        problems.push(`${where}: "${key}" must be a non-empty string`);
      }
    }
    if (entry.expires !== undefined && (typeof entry.expires !== 'string' || !isDate(entry.expires))) {
      problems.push(`${where}: "expires" must be a date written YYYY-MM-DD`);
    }
    return {
      fingerprint: String(entry.fingerprint ?? ''),
      ruleId: String(entry.ruleId ?? ''),
      target: typeof entry.target === 'string' ? entry.target : '',
      reason: String(entry.reason ?? '').trim(),
      ...(typeof entry.expires === 'string' ? { expires: entry.expires } : {}),
    };
  });
  if (problems.length > 0) throw new BaselineError(problems);
  return { version: BASELINE_VERSION, entries };
}

/**
 * Splits findings into active and suppressed. `today` is YYYY-MM-DD (UTC); an entry is expired when today is after
 * its `expires` date, and an expired entry no longer suppresses its finding. An entry matches a finding by its
 * fingerprint, or by one of its `acceptedAs` fingerprints (the same finding on the other set of a pair).
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, today: string): BaselineOutcome {
  const byFingerprint = new Map(baseline.entries.map((entry) => [entry.fingerprint, entry]));
  const matched = new Set<string>();
  const active: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const expired: BaselineEntry[] = [];
  for (const finding of findings) {
    const entry = [finding.fingerprint, ...(finding.acceptedAs ?? [])]
      .map((fingerprint) => byFingerprint.get(fingerprint))
      .find((candidate) => candidate !== undefined);
    if (!entry) {
      active.push(finding);
      continue;
    }
    matched.add(entry.fingerprint);
    if (entry.expires !== undefined && entry.expires < today) {
      expired.push(entry);
      active.push(finding);
    } else {
      suppressed.push({ finding, reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}) });
    }
  }
  const unused = baseline.entries.filter((entry) => !matched.has(entry.fingerprint));
  return { active, suppressed, expired, unused };
}

/** A baseline accepting every given finding with one reason (and optional expiry). */
export function createBaseline(
  findings: readonly Finding[],
  reason: string,
  describe: (finding: Finding) => string,
  expires?: string
): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const finding of findings) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    entries.push({
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      target: describe(finding),
      reason,
      ...(expires ? { expires } : {}),
    });
  }
  return { version: BASELINE_VERSION, entries };
}

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A baseline written over an earlier one: how many entries were carried over, added and dropped. */
export type BaselineRefresh = { baseline: Baseline; kept: number; added: number; dropped: number };

/**
 * Refreshes a baseline on purpose: one entry per current finding. A finding an earlier entry accepts (by fingerprint
 * or `acceptedAs`) keeps that entry's reason and expiry (an expired entry stays expired: a refresh never extends an
 * acceptance); a new finding gets `reason` and `expires`. Entries matching no finding are dropped, except entries of
 * rules that did not run (`rulesRun` leaves them out), which nothing could have matched and are kept as they were.
 */
export function refreshBaseline(
  findings: readonly Finding[],
  previous: Baseline,
  rulesRun: ReadonlySet<string>,
  reason: string,
  describe: (finding: Finding) => string,
  expires?: string
): BaselineRefresh {
  const byFingerprint = new Map(previous.entries.map((entry) => [entry.fingerprint, entry]));
  const matched = new Set<string>();
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  let kept = 0;
  for (const finding of findings) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    const earlier = [finding.fingerprint, ...(finding.acceptedAs ?? [])]
      .map((fingerprint) => byFingerprint.get(fingerprint))
      .find((candidate) => candidate !== undefined);
    if (earlier) {
      matched.add(earlier.fingerprint);
      kept += 1;
    }
    const accepted = earlier ?? { reason, ...(expires ? { expires } : {}) };
    entries.push({
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      target: describe(finding),
      reason: accepted.reason,
      ...(accepted.expires ? { expires: accepted.expires } : {}),
    });
  }
  const notRun = previous.entries.filter((entry) => !matched.has(entry.fingerprint) && !rulesRun.has(entry.ruleId));
  const dropped = previous.entries.length - matched.size - notRun.length;
  return {
    baseline: { version: BASELINE_VERSION, entries: [...entries, ...notRun] },
    kept,
    added: entries.length - kept,
    dropped,
  };
}

/**
 * The baseline without its unused entries (those matching no finding) of rules that ran: an entry of a rule that did
 * not run could not match anything, so it is kept. Returns the pruned baseline and the entries removed.
 */
export function pruneBaseline(
  baseline: Baseline,
  unused: readonly BaselineEntry[],
  rulesRun: ReadonlySet<string>
): { baseline: Baseline; removed: BaselineEntry[] } {
  const removed = unused.filter((entry) => rulesRun.has(entry.ruleId));
  const gone = new Set(removed);
  return { baseline: { version: BASELINE_VERSION, entries: baseline.entries.filter((e) => !gone.has(e)) }, removed };
}

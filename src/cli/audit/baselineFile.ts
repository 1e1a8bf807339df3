/** Baseline files: reading and checking one, writing one, and naming its entries in warnings. */
import { lstat } from 'node:fs/promises';
import { Messages } from '@salesforce/core';
import {
  BaselineError,
  createBaseline,
  parseBaseline,
  pruneBaseline,
  refreshBaseline,
  type Baseline,
  type BaselineEntry,
  type BaselineRefresh,
} from '../../audit/baseline.js';
import type { Finding } from '../../audit/types.js';
import { describeTarget } from '../../report/auditReport.js';
import { OutputPathError, readTextFile } from '../../io/files.js';
import { safeValue } from '../../report/sanitize.js';
import { writeOutput } from './output.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.audit');

/** Reads and checks a baseline file; every problem in it is reported at once. */
export async function readBaseline(file: string): Promise<Baseline> {
  try {
    return parseBaseline(await readTextFile(file));
  } catch (error) {
    if (error instanceof BaselineError || error instanceof OutputPathError) {
      throw messages.createError('error.BadBaseline', [
        file,
        error instanceof BaselineError ? error.message : error.reason,
      ]);
    }
    throw error;
  }
}

const describeFinding = (finding: Finding): string => `${finding.ruleId}: ${describeTarget(finding.target)}`;

/**
 * Writes a baseline accepting every finding. An existing file is replaced only with `force`, and only when it is a
 * baseline: it is refreshed (src/audit/baseline.ts refreshBaseline: entries still matching keep their reason and
 * expiry, entries of rules that did not run are kept, the others are dropped). Returns what was written.
 */
export async function writeBaseline(
  findings: Finding[],
  file: string,
  accept: { reason: string; expires?: string; force: boolean; rulesRun: ReadonlySet<string> }
): Promise<BaselineRefresh> {
  const exists = await lstat(file).then(
    () => true,
    () => false
  );
  if (exists && !accept.force) throw messages.createError('error.BaselineExists', [file]);
  let written: BaselineRefresh;
  if (exists) {
    const previous = await readBaseline(file);
    written = refreshBaseline(findings, previous, accept.rulesRun, accept.reason, describeFinding, accept.expires);
  } else {
    const baseline = createBaseline(findings, accept.reason, describeFinding, accept.expires);
    written = { baseline, kept: 0, added: baseline.entries.length, dropped: 0 };
  }
  await writeOutput(file, `${JSON.stringify(written.baseline, null, 2)}\n`, exists);
  return written;
}

/**
 * Rewrites the baseline `file` (already read as `baseline`) without its unused entries of rules that ran. Returns the
 * entries removed; the file is not touched when there are none.
 */
export async function pruneBaselineFile(
  file: string,
  baseline: Baseline,
  unused: BaselineEntry[],
  rulesRun: ReadonlySet<string>
): Promise<BaselineEntry[]> {
  const pruned = pruneBaseline(baseline, unused, rulesRun);
  if (pruned.removed.length > 0) await writeOutput(file, `${JSON.stringify(pruned.baseline, null, 2)}\n`, true);
  return pruned.removed;
}

/** Baseline entries, one line each, for a warning. */
export function listEntries(entries: BaselineEntry[]): string {
  return entries
    .map((entry) => {
      // Every part is free text from a file: made safe for a terminal and a CI log (src/report/sanitize.ts).
      const target = safeValue(entry.target || entry.fingerprint.slice(0, 12));
      const ruleId = safeValue(entry.ruleId);
      // Baselines written by this plugin describe the target starting with the rule id: don't say it twice.
      return `\n  - ${target.startsWith(ruleId) ? target : `${ruleId}: ${target}`}`;
    })
    .join('');
}

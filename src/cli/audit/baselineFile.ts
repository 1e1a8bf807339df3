/** Baseline files: reading and checking one, writing one, and naming its entries in warnings. */
import { Messages } from '@salesforce/core';
import {
  BaselineError,
  createBaseline,
  parseBaseline,
  type Baseline,
  type BaselineEntry,
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

/** Writes a baseline accepting every finding; never replaces an existing file. Returns the number of entries. */
export async function writeBaseline(
  findings: Finding[],
  file: string,
  reason: string,
  expires?: string
): Promise<number> {
  const baseline = createBaseline(findings, reason, (f) => `${f.ruleId}: ${describeTarget(f.target)}`, expires);
  await writeOutput(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline.entries.length;
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

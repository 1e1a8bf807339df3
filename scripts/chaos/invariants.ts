/**
 * The invariants every chaos run must end in (issue 20, point 1), checked on plain data: what the org held before the
 * run, what the run meant it to hold, what it holds once every request has settled, what the plugin printed and how
 * it exited, and the files left in the run's folder. Pure: the runner (run.ts) gathers the data, this decides.
 *
 * - whole: every set the run touched holds its old definition or its new one, whole; every other set is unchanged;
 * - backup: every set whose old definition is gone (replaced or deleted) has a backup on disk that reads back to
 * that old definition, so restoring it gives the set back;
 * - truth: the exit code and the last thing said match what the org holds: success means every touched set holds
 * its new definition; a failure or an interrupt that says nothing was changed means every set holds its old one; a
 * message that says the write may have landed (a lost answer, an interrupt during the write) accepts either, but
 * must say how to check; a partial deploy's per-set account must hold set by set;
 * - tidy: no temporary file (`.<name>.<hex>.tmp`, src/io/files.ts) is left;
 * - secret: the access token appears in no output and no file of the run's folder;
 * - clean: a documented exit code, and no stack trace.
 */
import { diffSharingSets } from '../../src/diff/diff.js';
import { nameKey } from '../../src/model/names.js';
import type { SharingSet } from '../../src/model/types.js';

/** Exit codes README.md documents for the write commands; null: killed by a signal before the plugin listened. */
export const DOCUMENTED_EXIT_CODES = new Set([0, 1, 2, 68, 130, 143]);

/** What the plugin said per set of a deploy (its --json result, or its partial-deploy sentence). */
export type DeployAccount = { newer: string[]; older: string[]; either: string[] };

export type RunObservation = {
  /** The org's sets before the run. */
  before: SharingSet[];
  /** What the run means each touched set to hold: a definition, or undefined for "absent" (a delete). */
  intended: Map<string, SharingSet | undefined>;
  /** The org's sets once every request of the run has settled (a slow write landed, or was given up). */
  after: SharingSet[];
  /** The process's exit code; null when a signal ended it before any listener of the plugin. */
  exitCode: number | null;
  /** Everything printed (stdout and stderr). */
  output: string;
  /** What the plugin said last: the --json error's message and actions, or the last lines of stderr. */
  lastWords: string;
  /** A deploy's per-set account, when it printed one (exit 0 or 68 with --json, or the partial sentence). */
  deployAccount?: DeployAccount;
  /** The backups found on disk after the run, read back. */
  backups: SharingSet[];
  /** Every file of the run's folder (relative path and content), for the temporary-file and secret checks. */
  files: Array<{ path: string; content: string }>;
  /** The access token of the org. */
  secret: string;
};

export type Violation = { invariant: 'whole' | 'backup' | 'truth' | 'tidy' | 'secret' | 'clean'; detail: string };

/** Phrases of the plugin's messages that say the write may or may not have landed (messages/*.md). */
const UNCERTAIN = [
  /may still be applied/,
  /may not have reached the org/,
  /reading it back to check failed/,
  /holds either (?:the previous definition or the new one|its old or its new definition)/,
  /either has the new sharing set or does not/,
  /Check whether it is still there/,
  /holds neither the old nor the new definition/,
];
/** The commands the plugin's messages give to check what the org holds. */
const HOW_TO_CHECK = /sf sharing set (?:list|diff) --target-org/;
/** Phrases that say the write was done and read back. */
const DONE = [/and read back: the org holds the new definition/, /was deleted from .* Its definition is saved/];

const describe = (set: SharingSet | undefined): string => (set ? `"${set.label}"` : 'absent');

/** The success lines of create, create --update, delete and deploy (messages/*.md). */
const SUCCEEDED = [
  /(?:Created|Updated) sharing set \S+ in .* and read it back: the org holds what was sent/,
  /Deleted sharing set \S+ from .*; it is gone/,
  /now holds the project's sharing sets: .*\(all read back and verified\)/,
];

/** Whether a line of `text` about set `name` (a deploy's per-set failure) says its write may still land. */
function mayLandNamed(text: string, name: string): boolean {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:Warning: )?/, ''))
    .some(
      (line) => nameKey(line.slice(0, line.indexOf(':'))) === name && UNCERTAIN.some((phrase) => phrase.test(line))
    );
}

const same = (a: SharingSet | undefined, b: SharingSet | undefined): boolean =>
  a === undefined || b === undefined ? a === b : !diffSharingSets([a], [b]).hasDrift;

const byName = (sets: SharingSet[]): Map<string, SharingSet> =>
  new Map(sets.map((set) => [nameKey(set.fullName), set]));

type Claim = 'new' | 'old' | 'either';

/** What the exit code and the last words claim about one touched set. */
function claimFor(run: RunObservation, name: string): Claim {
  const code = run.exitCode;
  if (code === 0) return 'new';
  const account = run.deployAccount;
  if (account && code === 68) {
    const has = (names: string[]): boolean => names.some((candidate) => nameKey(candidate) === nameKey(name));
    if (has(account.newer)) return 'new';
    if (has(account.either) || mayLandNamed(run.lastWords, name)) return 'either';
    return 'old';
  }
  // Killed by a signal once the plugin had stopped listening: what it printed before still stands.
  if (code === null && SUCCEEDED.some((phrase) => phrase.test(run.output))) return 'new';
  if (UNCERTAIN.some((phrase) => phrase.test(run.lastWords))) return 'either';
  // A deploy interrupted once its writes were over names the sets that hold their new definition.
  const verified = /Interrupted after writing to \S+: (.*?) hold the new definition/.exec(run.lastWords);
  if (code !== null && code >= 128 && verified)
    return verified[1].split(/,\s*/).some((candidate) => nameKey(candidate) === nameKey(name)) ? 'new' : 'old';
  if (code !== null && code >= 128 && DONE.some((phrase) => phrase.test(run.lastWords))) return 'new';
  return 'old';
}

/** Every invariant the run broke (none: the run passed). */
export function checkRun(run: RunObservation): Violation[] {
  const violations: Violation[] = [];
  const before = byName(run.before);
  const after = byName(run.after);
  const intended = new Map([...run.intended].map(([name, set]) => [nameKey(name), set]));

  if (run.exitCode !== null && !DOCUMENTED_EXIT_CODES.has(run.exitCode))
    violations.push({ invariant: 'clean', detail: `undocumented exit code ${run.exitCode}` });
  if (/\n\s+at \S+ \(/.test(run.output)) violations.push({ invariant: 'clean', detail: 'a stack trace in the output' });

  for (const name of new Set([...before.keys(), ...after.keys()])) {
    if (intended.has(name)) continue;
    if (!same(before.get(name), after.get(name)))
      violations.push({ invariant: 'whole', detail: `${name}, which the run did not touch, changed` });
  }
  for (const [name, target] of intended) violations.push(...checkSet(run, name, target, before, after));
  violations.push(...checkFiles(run));
  return violations;
}

/** The invariants of one set the run touched: whole, backed up, told truthfully. */
function checkSet(
  run: RunObservation,
  name: string,
  target: SharingSet | undefined,
  before: Map<string, SharingSet>,
  after: Map<string, SharingSet>
): Violation[] {
  const old = before.get(name);
  const now = after.get(name);
  const violations: Violation[] = [];
  const isOld = same(now, old);
  const isNew = same(now, target);
  if (!isOld && !isNew) {
    violations.push({
      invariant: 'whole',
      detail: `${name} holds neither its old definition (${describe(old)}) nor its new one (${describe(
        target
      )}): ${describe(now)}`,
    });
    return violations;
  }
  if (old && !isOld && !run.backups.some((backup) => nameKey(backup.fullName) === name && same(backup, old)))
    violations.push({ invariant: 'backup', detail: `${name} was replaced or deleted, and no backup restores it` });
  const claim = claimFor(run, name);
  if (claim === 'new' && !isNew)
    violations.push({
      invariant: 'truth',
      detail: `exit ${String(run.exitCode)} says ${name} holds its new definition; it holds the old one`,
    });
  if (claim === 'old' && !isOld)
    violations.push({
      invariant: 'truth',
      detail: `exit ${String(run.exitCode)} and "${run.lastWords.slice(
        0,
        160
      )}" say ${name} is unchanged; it holds the new definition`,
    });
  if (claim === 'either' && !HOW_TO_CHECK.test(run.lastWords))
    violations.push({
      invariant: 'truth',
      detail: `the write of ${name} may have landed, and no line says how to check`,
    });
  return violations;
}

/** No temporary file left, and no secret in a file or the output. */
function checkFiles(run: RunObservation): Violation[] {
  const violations: Violation[] = [];
  for (const file of run.files) {
    const base = file.path.split('/').pop() ?? '';
    if (/^\..+\.[0-9a-f]{12}\.tmp$/.test(base) || base.endsWith('.tmp'))
      violations.push({ invariant: 'tidy', detail: `temporary file left: ${file.path}` });
    if (run.secret && file.content.includes(run.secret))
      violations.push({ invariant: 'secret', detail: `the access token is in ${file.path}` });
  }
  if (run.secret && run.output.includes(run.secret))
    violations.push({ invariant: 'secret', detail: 'the access token is in the output' });
  return violations;
}

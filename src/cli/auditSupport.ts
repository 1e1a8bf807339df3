/**
 * The audit command's input and output chores, kept out of the command so it stays a readable outline: checking
 * rule ids, reading a baseline, loading the snapshot for the chosen mode, and writing report files.
 */
import { Messages, type Org } from '@salesforce/core';
import {
  BaselineError,
  createBaseline,
  isDate,
  parseBaseline,
  type Baseline,
  type BaselineEntry,
} from '../audit/baseline.js';
import type { Finding } from '../audit/types.js';
import { describeTarget, type ReportTool } from '../report/auditReport.js';
import { RULES, selectRules, UnknownRuleError } from '../audit/index.js';
import { OutputPathError, readTextFile, writeFileAtomic } from '../io/files.js';
import { overlayProject } from '../model/overlay.js';
import type { Snapshot } from '../model/types.js';
import { clientForOrg, type AllowanceOutcome, type ApiCallCounts } from '../org/client.js';
import { loadOrgSnapshot } from '../org/snapshot.js';
import { loadSourceSnapshot, ProjectError } from '../source/index.js';
import { formatForFile, type ReportFormat } from '../report/formats.js';
import { explainWriteError } from './writeErrors.js';
import { EXIT } from './exitCodes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.audit');
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

/** Fails with the list of valid ids when --rule or --exclude-rule names a rule that does not exist. */
export function checkRules(rules?: string[], excludeRules?: string[]): void {
  try {
    if (selectRules({ rules, excludeRules }).length === 0) {
      throw messages.createError('error.NoRulesLeft', [], [], EXIT.usage);
    }
  } catch (error) {
    if (error instanceof UnknownRuleError) {
      throw messages.createError(
        'error.UnknownRule',
        [error.unknownIds.join(', ')],
        [RULES.map((rule) => rule.meta.id).join(', ')],
        EXIT.usage
      );
    }
    throw error;
  }
}

/**
 * Checks the flags that need more than oclif's parsing (usage errors, exit 2), and returns the report files to write:
 * each path once, with the format its extension names.
 */
export function checkAuditFlags(flags: {
  rule?: string[];
  'exclude-rule'?: string[];
  'output-file'?: string[];
  'write-baseline'?: string;
  reason?: string;
  expires?: string;
}): Array<{ format: Exclude<ReportFormat, 'human'>; file: string }> {
  checkRules(flags.rule, flags['exclude-rule']);
  const files = [...new Set(flags['output-file'] ?? [])].map((file) => {
    const format = formatForFile(file);
    if (!format) throw messages.createError('error.UnknownReportFormat', [file], [], EXIT.usage);
    return { format, file };
  });
  if (flags['write-baseline'] && !flags.reason?.trim()) {
    throw messages.createError('error.ReasonNeeded', [], [], EXIT.usage);
  }
  if (flags.expires !== undefined && !isDate(flags.expires)) {
    throw messages.createError('error.BadExpiry', [flags.expires], [], EXIT.usage);
  }
  if (flags.expires !== undefined && flags.expires < today()) {
    throw messages.createError('error.ExpiryPassed', [flags.expires, today()], [], EXIT.usage);
  }
  return files;
}

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

/**
 * The snapshot for the mode the flags choose: a project alone, an org alone, or the project's sharing sets checked
 * against the org's profiles, licenses and schema.
 */
export async function loadAuditSnapshot(
  org: Org | undefined,
  sourceDir: string | undefined,
  apiVersion: string | undefined,
  deep: boolean
): Promise<{ snapshot: Snapshot; apiCalls?: ApiCallCounts; allowance: AllowanceOutcome }> {
  const source = sourceDir ? await loadSource(sourceDir) : undefined;
  if (!org) return { snapshot: source as Snapshot, allowance: {} };
  const client = clientForOrg(org, apiVersion);
  const { snapshot } = await loadOrgSnapshot(client, {
    org: org.getUsername(),
    orgId: org.getOrgId(),
    ...(source ? { sharingSets: source.sharingSets } : {}),
    profiles: true,
    activeUsers: true,
    objects: true,
    skew: deep,
    limits: true,
  });
  return {
    // Checked against the org as it will be once the project is deployed: the project's objects, fields, defaults
    // and profiles over the org's.
    snapshot: source
      ? { ...overlayProject(snapshot, source), origin: { ...snapshot.origin, sourceDir: source.origin.sourceDir } }
      : snapshot,
    apiCalls: client.calls,
    allowance: await client.allowance(),
  };
}

async function loadSource(sourceDir: string): Promise<Snapshot> {
  const { snapshot, problems } = await loadSourceSnapshot(sourceDir).catch((error: unknown) => {
    if (error instanceof ProjectError) throw errorMessages.createError('error.BadProject', [error.file, error.message]);
    throw error;
  });
  if (problems.length > 0) {
    throw messages.createError('error.SourceProblems', [
      problems.length,
      problems.map((problem) => `  ${problem.file}:${problem.line ?? 1}: ${problem.message}`).join('\n'),
    ]);
  }
  return snapshot;
}

/** Writes a report or baseline file atomically; `overwrite` only for reports, which are regenerated on every run. */
export async function writeOutput(file: string, content: string, overwrite = false): Promise<void> {
  try {
    await writeFileAtomic(file, content, { overwrite });
  } catch (error) {
    throw explainWriteError(error instanceof OutputPathError ? new OutputPathError(file, error.reason) : error);
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

/** The audit's exit code: an expired baseline entry first (the baseline needs attention), then gate failures. */
export function gateExitCode(expiredEntries: number, failingFindings: number): number {
  if (expiredEntries > 0) return EXIT.expiredBaseline;
  return failingFindings > 0 ? EXIT.findings : EXIT.ok;
}

/** The tool as reports name it; SARIF consumers want a home page too (SARIF Multitool rule SARIF2005). */
export function reportTool(pjson: { name: string; version: string; homepage?: unknown }): ReportTool {
  return {
    name: pjson.name,
    version: pjson.version,
    ...(typeof pjson.homepage === 'string' ? { informationUri: pjson.homepage } : {}),
  };
}

/** Today's date, YYYY-MM-DD in UTC, as baseline expiry dates are written. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Baseline entries, one line each, for a warning. */
export function listEntries(entries: BaselineEntry[]): string {
  return entries
    .map((entry) => {
      const target = entry.target || entry.fingerprint.slice(0, 12);
      // Baselines written by this plugin describe the target starting with the rule id: don't say it twice.
      return `\n  - ${target.startsWith(entry.ruleId) ? target : `${entry.ruleId}: ${target}`}`;
    })
    .join('');
}

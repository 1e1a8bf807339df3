/**
 * The create command's chores, kept out of the command so it stays a readable outline: turning flags (or a
 * definition file) into a candidate sharing set, and checking the candidate against the org with the audit's own
 * rules, so that create and audit can never disagree.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Messages } from '@salesforce/core';
import { inOrgSpelling } from '../analysis/spelling.js';
import { firstUnsafeCharacter, safeValue } from '../report/sanitize.js';
import { RULES, runAudit } from '../audit/index.js';
import type { Finding } from '../audit/types.js';
import { diffSharingSets, type SharingSetDiff } from '../diff/diff.js';
import { findByName, mappingKey, sameName, uniqueNames } from '../model/names.js';
import { parseMappingSpec } from '../model/mappingSpec.js';
import type { AccessMapping, SharingSet, Snapshot } from '../model/types.js';
import { documentedObjectField } from '../analysis/paths.js';
import type { ApiCallCounts, DailyRequests, OrgClient } from '../org/client.js';
import { loadSharingSets } from '../org/sharingSets.js';
import { loadOrgSnapshot } from '../org/snapshot.js';
import { WRITE_CALLS, writeSharingSet } from '../org/writes.js';
import { OutputPathError } from '../io/files.js';
import {
  checkSharingSetFileWrite,
  fullNameFromFile,
  namedValues,
  readSharingSetFile,
  SharingSetFileError,
  sharingSetPath,
  validateApiName,
  writeSharingSetFile,
  xmlUnrepresentable,
} from '../source/index.js';
import { EXIT } from './exitCodes.js';
import { findingAdvice } from './auditAdvice.js';
import { namedMessage, type OrgSession } from './command.js';
import { checkBackupable, guardedWrite, type WritePhase } from './guardedWrite.js';
import { explainWriteError } from './writeErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.create');
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

export type SharingSetCreateResult = {
  sharingSet: SharingSet;
  /** What happened: created / updated in the org, or nothing (dry run). */
  action: 'created' | 'updated' | 'none';
  dryRun: boolean;
  /** Whether the definition was checked against an org. */
  checkedAgainstOrg: boolean;
  /** Problems that did not block the write (warnings, advisories). */
  warnings: CreateProblem[];
  /** Source file written, when --output-dir was given. */
  file?: string;
  /** A dry run against an org: what the write would change there (the set it holds against the definition). */
  changes?: SharingSetDiff;
  /** Backups of what was replaced. */
  backups: string[];
  apiCalls?: ApiCallCounts;
  /** The org's daily API allowance (a create against an org makes more than a handful of calls). */
  dailyApiRequests?: DailyRequests;
};

/** The calls checkAgainstOrg makes at least: the list, one read, profiles, org-wide defaults and describes. */
const ORG_CHECK_CALLS = 5;

/** A problem found while checking the definition, with what to do about it. */
export type CreateProblem = { ruleId: string; severity: string; confidence: string; message: string; fix: string };

export type CandidateFlags = {
  name?: string;
  label?: string;
  description?: string;
  profile?: string[];
  mapping?: string[];
  'definition-file'?: string;
};

/**
 * A candidate and the problems of its flags. `unreadable`: a --mapping could not be read, so the candidate is not the
 * definition the user meant and checking it against the org would spend calls on the wrong one: the command stops
 * before any request.
 */
export type Candidate = { candidate: SharingSet; problems: string[]; unreadable?: boolean };

/**
 * The sharing set the flags (or the definition file) describe, and the problems with the flags: they are reported
 * together with what the org check finds, so one run lists everything to fix.
 */
export async function buildCandidate(flags: CandidateFlags): Promise<Candidate> {
  const file = flags['definition-file'];
  if (file) {
    const conflicts = (['profile', 'mapping', 'label', 'description'] as const).filter(
      (key) => flags[key] !== undefined
    );
    if (conflicts.length > 0) {
      throw messages.createError(
        'error.DefinitionConflict',
        [conflicts.map((key) => `--${key}`).join(', ')],
        [],
        EXIT.usage
      );
    }
    // The file name gives the API name, as in a project; without --name, a file named otherwise is not one of ours.
    if (flags.name === undefined && fullNameFromFile(file) === basename(file)) {
      throw messages.createError('error.NotSharingSetFile', [file], [], EXIT.usage);
    }
    const fullName = flags.name ?? fullNameFromFile(file).replace(/-\d{8}T\d{6}Z(-\d+)?$/, '');
    try {
      const candidate = await readSharingSetFile(file, file, fullName);
      return { candidate, problems: unsafeValueProblems(candidate) };
    } catch (error) {
      if (error instanceof SharingSetFileError)
        throw messages.createError('error.Invalid', [fullName, bullets([error.message])], [], EXIT.usage);
      throw error;
    }
  }
  const built = fromFlags(flags);
  return { ...built, problems: [...built.problems, ...unsafeValueProblems(built.candidate)] };
}

/**
 * A value holding a control character or a bidi override is refused: the terminal would interpret it wherever the set
 * is shown (src/report/sanitize.ts), and the org would keep it (a backup file could not hold an ESC, so the set could
 * no longer be updated or deleted safely). One problem per value, naming what holds it.
 */
export function unsafeValueProblems(candidate: SharingSet): string[] {
  const values = namedValues(candidate);
  return values.flatMap(([what, value]) => {
    if (value === undefined) return [];
    const unsafe = firstUnsafeCharacter(value);
    if (unsafe) return [messages.getMessage('error.UnsafeCharacter', [what, safeValue(value), unsafe])];
    // Not a control character, yet no XML file can hold it (U+FFFF, a lone surrogate): the set could be written to
    // the org but never backed up, so never safely replaced or deleted.
    const notXml = xmlUnrepresentable(value);
    return notXml === undefined
      ? []
      : [messages.getMessage('error.NotXmlCharacter', [what, safeValue(value), escapedCharacter(notXml)])];
  });
}

/** `\uffff` for a character, as the sanitising layer writes escapes. */
function escapedCharacter(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The candidate the flags describe (no definition file), with every problem of the flags. */
function fromFlags(flags: CandidateFlags): Candidate {
  if (!flags.name) throw messages.createError('error.NameNeeded', [], [], EXIT.usage);
  // A definition built from flags with neither profiles nor mappings is a forgotten flag, not a sharing set.
  if (!flags.profile?.length && !flags.mapping?.length) {
    throw messages.createError('error.NothingToCreate', [flags.name], [], EXIT.usage);
  }
  const problems: string[] = [];
  const nameProblem = validateApiName(flags.name);
  if (nameProblem) problems.push(messages.getMessage('error.NameProblem', [nameProblem]));
  const mappings: AccessMapping[] = [];
  let unreadable = false;
  for (const text of flags.mapping ?? []) {
    const parsed = parseMappingSpec(text);
    if ('problem' in parsed) {
      unreadable = true;
      problems.push(messages.getMessage('error.BadMapping', [text, parsed.problem]));
    } else if (mappings.some((mapping) => mappingKey(mapping) === mappingKey(parsed.mapping))) {
      problems.push(messages.getMessage('error.MappingTwice', [text]));
    } else mappings.push(parsed.mapping);
  }
  if ((flags.description?.length ?? 0) > 255) problems.push(messages.getMessage('error.DescriptionTooLong'));
  // Either alone grants nobody anything: access mappings apply only to the users of the set's profiles.
  if (!flags.profile?.length) problems.push(messages.getMessage('error.NoProfiles'));
  if (!flags.mapping?.length) problems.push(messages.getMessage('error.NoMappings'));
  const candidate = {
    fullName: flags.name,
    label: flags.label ?? flags.name.replace(/_/g, ' '),
    ...(flags.description ? { description: flags.description } : {}),
    profiles: uniqueNames(flags.profile ?? []),
    accessMappings: mappings,
  };
  return { candidate, problems, ...(unreadable ? { unreadable } : {}) };
}

/**
 * Refuses, before anything is sent to the org, a project file (--output-dir) that could never be written: a file in
 * the way of its folder, a sharingSets folder that leads outside --output-dir through a symbolic link, an existing
 * file without --update (or one that is a link), and, when a file would be replaced, a backup folder that cannot be.
 * An invalid name or value is left to the problems list. A dry run checks the same, so it fails where the real run
 * would; the real run also proves that each folder takes a new file (`probe`: a small file made and removed), and
 * calls this again with the definition as it will be written, just before the org is written.
 *
 * @returns the path of the file --update would replace, or undefined when there is none
 */
export async function checkProjectFile(
  dir: string | undefined,
  candidate: SharingSet,
  options: { update?: boolean; backupDir?: string; probe?: boolean } = {}
): Promise<string | undefined> {
  const { fullName } = candidate;
  if (dir === undefined || validateApiName(fullName) !== undefined) return undefined;
  // A value the file cannot hold is a problem of the flags (unsafeValueProblems), listed with the others.
  await checkSharingSetFileWrite(dir, candidate, {
    content: unsafeValueProblems(candidate).length === 0,
    overwrite: options.update,
    backupDir: options.backupDir,
    probe: options.probe,
  }).catch((error: unknown) => {
    throw explainProjectFileError(error);
  });
  const path = sharingSetPath(dir, fullName);
  return (await stat(path).catch(() => undefined)) ? path : undefined;
}

/**
 * What a dry run against an org would change there: the semantic diff of the set the org holds (none when it would
 * be created) and the candidate. It predicts the real run: a set the org holds that no backup file could hold is
 * refused here too (src/cli/guardedWrite.ts checkBackupable).
 */
export function dryRunChanges(candidate: SharingSet, existing: SharingSet | undefined): SharingSetDiff {
  if (existing) checkBackupable(existing);
  return diffSharingSets(existing ? [existing] : [], [candidate]);
}

/**
 * Checks the candidate against the org and returns the set it would replace, with the findings that do not block.
 * Errors of high confidence block (together with the flag problems); everything else is a warning.
 */
export async function checkAgainstOrg(
  client: OrgClient,
  candidate: SharingSet,
  orgName: string,
  check: { update?: boolean; willWrite: boolean; respell?: boolean },
  problems: string[]
): Promise<{ existing?: SharingSet; warnings: CreateProblem[]; candidate: SharingSet; conversions: string[] }> {
  // The check's own calls (the list, a read, profiles, org-wide defaults, describes), and the write's when one follows:
  // more than a handful, so the daily allowance is read in parallel from the start.
  client.watchAllowance(ORG_CHECK_CALLS + (check.willWrite ? WRITE_CALLS : 0));
  const { sharingSets } = await loadSharingSets(client);
  const existing = findByName(sharingSets, candidate.fullName, (set) => set.fullName);
  const alreadyExists = existing !== undefined && !check.update;
  const others = sharingSets.filter((set) => set !== existing);
  const { snapshot: loaded } = await loadOrgSnapshot(client, {
    org: orgName,
    sharingSets: [...others, candidate],
    profiles: true,
    objects: true,
  });
  // Names typed in another case are written as the org spells them (`respell`, docs/salesforce-facts.md §12), then
  // in the documented form.
  const documented = inDocumentedForm(loaded, check.respell ? inOrgSpelling(loaded, candidate) : candidate);
  const snapshot = { ...loaded, sharingSets: [...others, documented.candidate] };
  const findings = runAudit(snapshot, { advise: findingAdvice }).findings.filter((finding) =>
    sameName(finding.target.sharingSet, candidate.fullName)
  );
  const blocking = findings.filter((finding) => finding.severity === 'error' && finding.confidence === 'high');
  const all = [...problems, ...blocking.map((finding) => `${finding.message} Fix: ${toProblem(finding).fix}`)];
  // "It already exists" alone is its own error; with other problems it is listed among them, so none hides another.
  if (alreadyExists && all.length === 0)
    throw messages.createError('error.AlreadyExists', [candidate.fullName, orgName]);
  if (alreadyExists) all.push(messages.getMessage('error.AlreadyExistsProblem', [orgName]));
  if (all.length > 0) throw messages.createError('error.Invalid', [candidate.fullName, bullets(all)], [], EXIT.usage);
  return {
    existing,
    warnings: findings.filter((finding) => !blocking.includes(finding)).map(toProblem),
    candidate: documented.candidate,
    conversions: documented.conversions,
  };
}

/**
 * The candidate with each objectField in the form the SharingSet documentation shows, where the org's describe makes
 * the conversion unambiguous (src/analysis/paths.ts documentedObjectField), and a line per conversion: what the org
 * keeps of another form is not documented (docs/salesforce-facts.md §10), so the plugin writes the documented one.
 */
function inDocumentedForm(snapshot: Snapshot, candidate: SharingSet): { candidate: SharingSet; conversions: string[] } {
  const conversions: string[] = [];
  const accessMappings = candidate.accessMappings.map((mapping) => {
    const documented = documentedObjectField(snapshot, mapping.object, mapping.objectField);
    if (!documented) return mapping;
    conversions.push(
      messages.getMessage('info.Converted', [mapping.object, mapping.objectField, documented].map(safeValue))
    );
    return { ...mapping, objectField: documented };
  });
  return { candidate: conversions.length > 0 ? { ...candidate, accessMappings } : candidate, conversions };
}

/** Writes the candidate as a project file (--output-dir); `update` allows replacing one, after a backup. */
export async function writeProjectFile(
  dir: string,
  candidate: SharingSet,
  update: boolean,
  backupDir: string | undefined
): Promise<{ path: string; backup?: string }> {
  return writeSharingSetFile(dir, candidate, { format: 'source', overwrite: update, backupDir }).catch(
    (error: unknown) => {
      throw explainProjectFileError(error);
    }
  );
}

/** A project file that exists (without --update) has its own error; other write errors name the user's path. */
function explainProjectFileError(error: unknown): unknown {
  if (error instanceof OutputPathError && error.reason === 'already exists') {
    return messages.createError('error.FileExists', [error.path]);
  }
  return explainWriteError(error);
}

function toProblem(finding: Finding): CreateProblem {
  const rule = RULES.find((candidate) => candidate.meta.id === finding.ruleId);
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    fix: rule?.meta.remediation ?? '',
  };
}

/** Problems as an indented list, for an error message. */
export function bullets(lines: string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}

/** What an interrupt during a create's guarded write says, by phase (src/cli/guardedWrite.ts). */
function writeInterrupted(set: string, org: string): (phase: WritePhase, backup: string | undefined) => string {
  return (phase, backup) => {
    if (phase !== 'writing') {
      const before = messages.getMessage('info.InterruptedBeforeWrite', [set, org]);
      if (!backup) return before;
      const saved = phase === 'backed-up' ? 'info.BackupSaved' : 'info.BackupIfWritten';
      return `${before} ${messages.getMessage(saved, [backup])}`;
    }
    return backup
      ? namedMessage(messages, 'info.Interrupted', { set, org, backup })
      : namedMessage(messages, 'info.InterruptedCreate', { set, org });
  };
}

/**
 * The guarded write of a checked candidate (backup of what it replaces, interrupt texts per phase, read-back): what
 * the org now holds, and what an interrupt after it should say.
 */
export async function writeCandidate(
  { client, orgName }: OrgSession,
  candidate: SharingSet,
  existing: SharingSet | undefined,
  backupDir: string | undefined,
  ui: { info(text: string): void; success(text: string): void; warn?(text: string): void },
  prepare?: () => Promise<unknown>
): Promise<Pick<SharingSetCreateResult, 'sharingSet' | 'action' | 'backups'> & { afterWrite?: string }> {
  const set = candidate.fullName;
  const outcome = await guardedWrite({
    existing,
    backupDir,
    ...(prepare ? { prepare: async (): Promise<void> => void (await prepare()) } : {}),
    interrupted: writeInterrupted(set, orgName),
    backedUp: (backup, firstBackup) => {
      ui.info(messages.getMessage('info.Backup', [set, backup]));
      if (firstBackup) ui.info(errorMessages.getMessage('info.FirstBackup', [dirname(backup)]));
    },
    write: () =>
      writeSharingSet(client, candidate, existing ? 'update' : 'create', orgName, (text) =>
        ui.warn ? ui.warn(text) : ui.info(text)
      ),
  });
  const backups = outcome.backup ? [outcome.backup] : [];
  if (!outcome.written) return { sharingSet: candidate, action: 'none', backups };
  const action = existing ? 'updated' : 'created';
  ui.success(messages.getMessage(existing ? 'info.Updated' : 'info.Created', [set, orgName]));
  const afterWrite = messages.getMessage('info.InterruptedAfterWrite', [set, action, orgName]);
  return { sharingSet: outcome.result, action, backups, afterWrite };
}

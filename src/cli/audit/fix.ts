/**
 * `sf sharing audit --source-dir D --fix`: rewrites the project's sharing-set files with the fixes that change nobody's
 * effective access and are certain, and nothing else. Sections are regrouped and every element written in XSD order
 * (docs/salesforce-facts.md §2, §6 "Files a deploy rejects"); a mapping or a profile written twice with identical text
 * is dropped (the copy adds nothing); internal and guest profiles are dropped when their classification is high
 * confidence (such users get nothing from a sharing set: §3 [DOC]), while a profile known only by its name (medium) is
 * left for a person to decide. A file is written as retrieved files look (serializeSharingSet: XSD order, 4-space indentation) with its own line
 * endings, after a backup; a file that cannot be parsed, holds comments (a rewrite would drop them) or is reached
 * through a symbolic link is never touched. With `dryRun` nothing is written and each change comes with its diff.
 */
import { Messages } from '@salesforce/core';
import { classifyProfile } from '../../eligibility/classify.js';
import { findByName } from '../../model/names.js';
import type { SharingSet, Snapshot } from '../../model/types.js';
import { readRegularFile } from '../../io/files.js';
import {
  decodeUtf8,
  findProjectFiles,
  fullNameFromFile,
  MAX_FILE_BYTES,
  parseSharingSetXml,
  replaceSharingSetFile,
  serializeSharingSet,
} from '../../source/index.js';
import { unifiedDiff } from '../../util/unifiedDiff.js';
import { EXIT } from '../exitCodes.js';
import { displayPath } from '../../source/snapshot.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.audit');

/** What --fix did (or, with --dry-run, would do) to one file. */
export type FileFix = {
  file: string;
  /** One sentence per change. */
  changes: string[];
  /** Whether the file was rewritten (false with --dry-run, or when the write was refused: see `error`). */
  written: boolean;
  /** The backup of the file as it was, when written. */
  backup?: string;
  /** The unified diff of the change (with --dry-run). */
  diff?: string;
  /** Why the file was left as it was by design (it holds comments a rewrite would drop). */
  note?: string;
  /** Why the write failed (a symbolic link, the backup or the write itself): the command then exits 1. */
  error?: string;
};

/** --fix needs --source-dir, and --dry-run needs --fix: usage errors (exit 2). */
export function checkFixFlags(fix: boolean, dryRun: boolean, sourceDir: string | undefined): void {
  if (fix && !sourceDir) throw messages.createError('error.FixNeedsSourceDir', [], [], EXIT.usage);
  if (dryRun && !fix) throw messages.createError('error.DryRunNeedsFix', [], [], EXIT.usage);
}

/** Fixes every sharing-set file of the project at `sourceDir`, judging profiles by what `snapshot` knows of them. */
export async function fixProject(
  sourceDir: string,
  snapshot: Snapshot,
  options: { dryRun: boolean; backupDir?: string }
): Promise<FileFix[]> {
  const files = await findProjectFiles(sourceDir);
  const fixes: FileFix[] = [];
  for (const path of files.sharingSets) {
    // eslint-disable-next-line no-await-in-loop
    const fix = await fixFile(files.root, path, snapshot, options);
    if (fix) fixes.push(fix);
  }
  return fixes;
}

async function fixFile(
  root: string,
  path: string,
  snapshot: Snapshot,
  options: { dryRun: boolean; backupDir?: string }
): Promise<FileFix | undefined> {
  const file = displayPath(path);
  let text: string;
  let set: SharingSet;
  try {
    text = decodeUtf8(await readRegularFile(path, MAX_FILE_BYTES), file);
    set = parseSharingSetXml(text, file, fullNameFromFile(path), { lenient: true });
  } catch {
    return undefined; // Never touched: the audit reports it (sharing-set-file-invalid).
  }
  const { fixed, changes } = fixSet(set, snapshot);
  if (changes.length === 0) return undefined;
  if (text.includes('<!--')) return { file, changes, written: false, note: messages.getMessage('fix.HasComments') };
  const lf = serializeSharingSet(fixed);
  const content = text.includes('\r\n') ? lf.replace(/\n/g, '\r\n') : lf;
  if (options.dryRun) return { file, changes, written: false, diff: unifiedDiff(text, content, `a/${file}`, `b/${file}`) };
  try {
    const { backup } = await replaceSharingSetFile(root, path, content, {
      fullName: set.fullName,
      ...(options.backupDir ? { backupDir: options.backupDir } : {}),
    });
    return { file, changes, written: true, backup };
  } catch (error) {
    return { file, changes, written: false, error: (error as Error).message };
  }
}

/** The set with the certain fixes applied, and a sentence for each. */
export function fixSet(set: SharingSet, snapshot: Snapshot): { fixed: SharingSet; changes: string[] } {
  const changes: string[] = [];
  const layout = set.location?.layout ?? [];
  for (const issue of layout.filter((entry) => entry.kind === 'split-section')) {
    changes.push(messages.getMessage('fix.Regrouped', [issue.element, issue.line, issue.firstLine]));
  }
  if (layout.some((entry) => entry.kind === 'element-order')) changes.push(messages.getMessage('fix.Reordered'));

  const mappingTexts = new Set<string>();
  const accessMappings = set.accessMappings.filter((mapping, index) => {
    const key = JSON.stringify([mapping.accessLevel, mapping.object, mapping.objectField, mapping.userField]);
    if (!mappingTexts.has(key)) return mappingTexts.add(key);
    changes.push(messages.getMessage('fix.DroppedMapping', [set.location?.mappingLines?.[index] ?? index + 1]));
    return false;
  });

  const profileTexts = new Set<string>();
  const profiles = set.profiles.filter((name, index) => {
    const line = set.location?.profileLines?.[index] ?? index + 1;
    if (profileTexts.has(name)) {
      changes.push(messages.getMessage('fix.DroppedProfile', [name, line]));
      return false;
    }
    profileTexts.add(name);
    const info = findByName(snapshot.profiles, name, (profile) => profile.name);
    const verdict = info ? classifyProfile(info) : undefined;
    if (verdict?.eligibility === 'ineligible' && verdict.confidence === 'high') {
      changes.push(messages.getMessage('fix.RemovedProfile', [name, line, verdict.reason]));
      return false;
    }
    return true;
  });
  return { fixed: { ...set, accessMappings, profiles }, changes };
}

/**
 * Reading backup files (`.sharing-backups/<fullName>-YYYYMMDDTHHMMSSZ[-N].sharingSet-meta.xml`, written by
 * backupSharingSet and writeSharingSetFile in files.ts) to compare them with an org. A backup is mapped to its sharing
 * set by the name inside it (`<fullName>`, which backups of org definitions carry), not by its file name, which a user
 * may have changed; a backup without `<fullName>` (an older one, or the copy of a project file) falls back to its file
 * name without the time stamp. Several backups of one set are told apart by the time in their file names.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { OutputPathError, readRegularFile } from '../io/files.js';
import { compareNames } from '../model/names.js';
import type { SharingSet } from '../model/types.js';
import { fullNameFromFile } from './files.js';
import { decodeUtf8, MAX_FILE_BYTES, parseSharingSetXml, SharingSetFileError } from './sharingSetXml.js';
import { readXml, trimXml } from './xmlReader.js';
import type { SourceProblem } from './snapshot.js';

/** One backup file and the sharing set it holds. */
export type BackupFile = {
  file: string;
  set: SharingSet;
  /** When the backup was saved (ISO 8601, UTC), from its file name; absent when the name holds no time stamp. */
  savedAt?: string;
  /** The -2, -3… of backups saved in the same second (1 for the first). */
  sequence: number;
};

const STAMP = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?$/;

/** The set name and save time a backup's file name states. */
export function backupFileName(file: string): { fullName: string; savedAt?: string; sequence: number } {
  const name = fullNameFromFile(file);
  const match = STAMP.exec(name);
  if (!match) return { fullName: name, sequence: 1 };
  const [, y, mo, d, h, mi, s, n] = match;
  return {
    fullName: name.slice(0, match.index),
    savedAt: `${y}-${mo}-${d}T${h}:${mi}:${s}Z`,
    sequence: n === undefined ? 1 : Number(n),
  };
}

const isSharingSetFile = (name: string): boolean => name.endsWith('.sharingSet-meta.xml') || name.endsWith('.sharingSet');

/**
 * The backups in `path`: a backup file, or a folder of them (its sharing-set files, not its subfolders; symbolic links
 * are not followed). Sorted by set, then oldest first. A file that can't be read is a problem, and reading goes on.
 */
export async function readBackups(path: string): Promise<{ backups: BackupFile[]; problems: SourceProblem[] }> {
  const info = await stat(path);
  let files = [path];
  if (info.isDirectory()) {
    const entries = await readdir(path, { withFileTypes: true });
    files = entries
      .filter((entry) => entry.isFile() && isSharingSetFile(entry.name))
      .map((entry) => join(path, entry.name))
      .sort();
  }
  const backups: BackupFile[] = [];
  const problems: SourceProblem[] = [];
  for (const file of files) {
    try {
      // eslint-disable-next-line no-await-in-loop -- a few small files, one after the other
      backups.push(await readBackup(file));
    } catch (error) {
      if (error instanceof SharingSetFileError) {
        problems.push({ file: error.file, line: error.line, message: `${error.problem} ${error.fix}`, code: error.code });
      } else if (error instanceof OutputPathError) problems.push({ file, message: error.reason, code: 'unreadable' });
      else throw error;
    }
  }
  backups.sort(
    (a, b) =>
      compareNames(a.set.fullName, b.set.fullName) ||
      (a.savedAt ?? '').localeCompare(b.savedAt ?? '') ||
      a.sequence - b.sequence
  );
  return { backups, problems };
}

async function readBackup(file: string): Promise<BackupFile> {
  if ((await lstat(file)).isSymbolicLink()) throw new OutputPathError(file, 'is a symbolic link: it is not read');
  const text = decodeUtf8(await readRegularFile(file, MAX_FILE_BYTES), file);
  const root = readXml(text, file, { maxBytes: MAX_FILE_BYTES, maxDepth: 8 });
  const inside = root.children.find((child) => child.name === 'fullName' && child.children.length === 0);
  const named = backupFileName(basename(file));
  const fullName = inside ? trimXml(inside.text) : named.fullName;
  const set = parseSharingSetXml(text, file, fullName);
  return { file, set, sequence: named.sequence, ...(named.savedAt ? { savedAt: named.savedAt } : {}) };
}

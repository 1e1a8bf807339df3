/**
 * Sharing-set files on disk: where a set's file goes, reading one, writing one without ever losing what was there
 * (no overwrite unless asked; a backup first; atomic replace; read back and compared), and backups of org
 * definitions before they are replaced or deleted.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { diffSharingSets } from '../diff/diff.js';
import { OutputPathError, writeFileAtomic } from '../io/files.js';
import type { SharingSet } from '../model/types.js';
import { validateApiName } from './apiName.js';
import {
  decodeUtf8,
  MAX_FILE_BYTES,
  parseSharingSetXml,
  serializeSharingSet,
  SharingSetFileError,
} from './sharingSetXml.js';

export type FileFormat = 'source' | 'metadata';

/** Where backups go when no folder is named: beside the user's work, never in a temporary folder that vanishes. */
export const DEFAULT_BACKUP_DIR = '.sharing-backups';

const EXTENSIONS: Record<FileFormat, string> = { source: '.sharingSet-meta.xml', metadata: '.sharingSet' };

/** The API name a sharing-set file stands for, from its file name. */
export function fullNameFromFile(file: string): string {
  return basename(file).replace(/\.sharingSet(-meta\.xml)?$/, '');
}

/** `<dir>/sharingSets/<fullName>.<ext>`; refuses a name that is not an API name or a path outside `dir`. */
export function sharingSetPath(dir: string, fullName: string, format: FileFormat = 'source'): string {
  const problem = validateApiName(fullName);
  if (problem) throw new OutputPathError(fullName, problem);
  const root = resolve(dir);
  const path = resolve(root, 'sharingSets', `${fullName}${EXTENSIONS[format]}`);
  if (!path.startsWith(root + sep)) throw new OutputPathError(path, `is outside ${root}`);
  return path;
}

/** Reads and parses a sharing-set file (size-limited, strict UTF-8); the API name comes from the file name. */
export async function readSharingSetFile(
  file: string,
  displayPath = file,
  fullName = fullNameFromFile(file)
): Promise<SharingSet> {
  const info = await stat(file);
  if (info.size > MAX_FILE_BYTES) {
    throw new SharingSetFileError(
      displayPath,
      1,
      `The file has ${info.size} bytes.`,
      `A sharing-set file is a few kilobytes; the limit is ${MAX_FILE_BYTES / 1024} KB.`
    );
  }
  return parseSharingSetXml(decodeUtf8(await readFile(file), displayPath), displayPath, fullName);
}

export type WriteFileResult = { path: string; backup?: string };

/**
 * Writes a set's file into `dir`. An existing file is replaced only with `overwrite`, after a backup copy of it; the
 * written file is read back and must hold the same sharing set.
 */
export async function writeSharingSetFile(
  dir: string,
  set: SharingSet,
  options: { format?: FileFormat; overwrite?: boolean; backupDir?: string } = {}
): Promise<WriteFileResult> {
  const path = sharingSetPath(dir, set.fullName, options.format);
  const current = await readFile(path).catch(() => undefined);
  if (current && !options.overwrite) throw new OutputPathError(path, 'already exists');
  const backup = current ? await writeBackup(set.fullName, current.toString('utf8'), options.backupDir) : undefined;
  await writeFileAtomic(path, serializeSharingSet(set), { overwrite: true });
  const written = await readSharingSetFile(path, path, set.fullName);
  if (diffSharingSets([written], [set]).hasDrift) {
    throw new OutputPathError(path, 'was written but does not read back as the same sharing set');
  }
  return { path, ...(backup ? { backup } : {}) };
}

/** Saves a sharing set's definition to a new, timestamped backup file; returns its path. */
export async function backupSharingSet(set: SharingSet, backupDir?: string): Promise<string> {
  return writeBackup(set.fullName, serializeSharingSet(set), backupDir);
}

async function writeBackup(fullName: string, content: string, backupDir = DEFAULT_BACKUP_DIR): Promise<string> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  for (let attempt = 0; ; attempt++) {
    const suffix = attempt === 0 ? '' : `-${attempt}`;
    const path = join(backupDir, `${fullName}-${stamp}${suffix}${EXTENSIONS.source}`);
    try {
      // eslint-disable-next-line no-await-in-loop
      await writeFileAtomic(path, content);
      return path;
    } catch (error) {
      if (!(error instanceof OutputPathError && error.reason === 'already exists') || attempt > 100) throw error;
    }
  }
}

/**
 * The retrieve command's chores: where each sharing set's file goes (an SFDX project's default package directory, or
 * the folder itself; a set the project already has a file for keeps that file), checking every one of those writes
 * before the org's sets are read in bulk, and writing them with the project writer (src/source/files.ts: XSD order,
 * 4-space indentation, atomic, read back, a backup of a replaced file).
 */
import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Messages } from '@salesforce/core';
import { checkFolderPath, OutputPathError, readRegularFile } from '../io/files.js';
import { indexByName } from '../model/names.js';
import type { SharingSet } from '../model/types.js';
import {
  DEFAULT_BACKUP_DIR,
  findProjectFiles,
  fullNameFromFile,
  serializeSharingSet,
  sharingSetPath,
  writeSharingSetFile,
  type FileFormat,
} from '../source/index.js';
import { MAX_PROJECT_FILE_BYTES } from '../source/project.js';
import { readingProject } from './project.js';
import { explainWriteError } from './writeErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.retrieve');

/** Where sharing-set files go in a project's package directory, as `sf project retrieve start` puts new components. */
const NEW_COMPONENTS = join('main', 'default');

/** Where the files of one retrieve go. */
export type RetrieveLayout = {
  /** The folder given (absolute). */
  outputDir: string;
  /** The folder new `sharingSets/` files go under: the default package directory's main/default, or outputDir. */
  baseDir: string;
  /** The project's default package directory (relative to outputDir), when outputDir is an SFDX project. */
  packageDirectory?: string;
  /** The files the project already has, by set name (case-insensitive). */
  existing: { get(name: string): string | undefined };
};

/** One file a retrieve writes, and what happened to it. */
export type RetrievedFile = {
  fullName: string;
  /** Absolute path of the file. */
  path: string;
  /** created: a new file; replaced: an existing file (backed up first); unchanged: it already held the definition. */
  action: 'created' | 'replaced' | 'unchanged';
  /** Backup of the replaced file. */
  backup?: string;
};

/** A file planned for a set: where it goes and whether one is there. */
type Target = { fullName: string; path: string; exists: boolean };

/**
 * The layout of `outputDir`: a folder that does not exist yet gets `sharingSets/` directly; an SFDX project gets its
 * files in its default package directory (docs/salesforce-facts.md §13), and the sets it already has keep their files.
 */
export async function planLayout(outputDir: string): Promise<RetrieveLayout> {
  const root = resolve(outputDir);
  const info = await stat(root).catch(() => undefined);
  if (info && !info.isDirectory()) throw messages.createError('error.NotAFolder', [outputDir]);
  if (!info) return { outputDir: root, baseDir: root, existing: indexByName<string>([], () => '') };
  const files = await readingProject(findProjectFiles(root));
  const existing = indexByName(
    // A file outside a sharingSets folder can't be rewritten by the project writer; such a file is left alone.
    files.sharingSets.filter((file) => basename(dirname(file)) === 'sharingSets'),
    (file) => fullNameFromFile(file)
  );
  const packageDirectory = await defaultPackageDirectory(root, files.packageDirectories);
  return {
    outputDir: root,
    baseDir: packageDirectory === undefined ? root : resolve(root, packageDirectory, NEW_COMPONENTS),
    ...(packageDirectory === undefined ? {} : { packageDirectory }),
    existing: { get: (name) => existing.get(name) },
  };
}

/**
 * The package directory marked `"default": true` in sfdx-project.json (the first one when none is), undefined for a
 * folder without sfdx-project.json. findProjectFiles has already read and checked the file and its directories.
 */
async function defaultPackageDirectory(root: string, checked: string[]): Promise<string | undefined> {
  const file = join(root, 'sfdx-project.json');
  if (!(await stat(file).catch(() => undefined))) return undefined;
  const text = (await readRegularFile(file, MAX_PROJECT_FILE_BYTES)).toString('utf8');
  const project = JSON.parse(text) as { packageDirectories?: Array<{ path?: unknown; default?: unknown }> };
  const marked = (project.packageDirectories ?? []).find(
    (entry) => entry.default === true && typeof entry.path === 'string' && checked.includes(entry.path)
  );
  return typeof marked?.path === 'string' ? marked.path : checked[0];
}

/** The file a set goes to: the project's own file for it, or a new one under baseDir. */
function targetPath(layout: RetrieveLayout, fullName: string): string {
  return layout.existing.get(fullName) ?? sharingSetPath(layout.baseDir, fullName);
}

/**
 * Checks, writing nothing, that every set's file can be written: no symbolic link between outputDir and the file, no
 * file in the way of its folder, a folder that accepts files, and, without `force`, no file there already (all of them
 * listed in one error). With `force` and files to replace, the backup folder is checked the same way.
 */
export async function checkTargets(
  layout: RetrieveLayout,
  names: readonly string[],
  force: boolean,
  backupDir: string | undefined
): Promise<void> {
  const targets: Target[] = [];
  for (const fullName of names) {
    const path = targetPath(layout, fullName);
    // eslint-disable-next-line no-await-in-loop -- a few stats per file, one file after the other
    await checkPath(layout.outputDir, path);
    // eslint-disable-next-line no-await-in-loop
    targets.push({ fullName, path, exists: (await lstat(path).catch(() => undefined)) !== undefined });
  }
  const existing = targets.filter((target) => target.exists);
  if (existing.length > 0 && !force) {
    const list = existing.map((target) => `  ${target.path}`).join('\n');
    throw messages.createError('error.FilesExist', [existing.length, list]);
  }
  if (existing.length > 0) await checkBackupFolder(backupDir ?? DEFAULT_BACKUP_DIR);
}

/** The path below `root` holds no symbolic link, its folder can exist and takes new files. */
async function checkPath(root: string, path: string): Promise<void> {
  let current = path;
  while (current !== root && current.startsWith(root + sep)) {
    // eslint-disable-next-line no-await-in-loop -- each level of the path in turn
    const info = await lstat(current).catch(() => undefined);
    if (info?.isSymbolicLink()) throw messages.createError('error.SymbolicLink', [path, current]);
    current = dirname(current);
  }
  await checkFolderPath(dirname(path)).catch((error: unknown) => {
    throw explainWriteError(error);
  });
  await checkWritable(dirname(path));
}

/** The nearest existing folder of `dir` accepts new entries (so a missing folder below it can be made). */
async function checkWritable(dir: string): Promise<void> {
  let current = resolve(dir);
  // eslint-disable-next-line no-await-in-loop -- up to the first folder that exists
  while (!(await stat(current).catch(() => undefined)) && dirname(current) !== current) current = dirname(current);
  await access(current, constants.W_OK).catch(() => {
    throw messages.createError('error.NotWritable', [current]);
  });
}

async function checkBackupFolder(dir: string): Promise<void> {
  if ((await lstat(dir).catch(() => undefined))?.isSymbolicLink()) {
    throw messages.createError('error.SymbolicLink', [dir, dir]);
  }
  await checkFolderPath(dir).catch((error: unknown) => {
    throw explainWriteError(error);
  });
  await checkWritable(dir);
}

/**
 * Writes one set's file (the project's own, or a new one under baseDir). A file that already holds exactly what would
 * be written is left alone (no backup, no write); any other existing file is replaced only with `force`, after a
 * backup (writeSharingSetFile).
 */
export async function writeRetrievedSet(
  layout: RetrieveLayout,
  set: SharingSet,
  force: boolean,
  backupDir: string | undefined
): Promise<RetrievedFile> {
  const path = targetPath(layout, set.fullName);
  const format: FileFormat = path.endsWith('.sharingSet') ? 'metadata' : 'source';
  // The project's file keeps its name: a name in another case is the same set to Salesforce (src/diff/diff.ts, [2ND]).
  const asNamed = { ...set, fullName: fullNameFromFile(path) };
  const current = await readRegularFile(path, 1024 * 1024).catch(() => undefined);
  if (current?.toString('utf8') === serializeSharingSet(asNamed)) {
    return { fullName: set.fullName, path, action: 'unchanged' };
  }
  try {
    const written = await writeSharingSetFile(dirname(dirname(path)), asNamed, { format, overwrite: force, backupDir });
    return {
      fullName: set.fullName,
      path: written.path,
      action: written.backup ? 'replaced' : 'created',
      ...(written.backup ? { backup: written.backup } : {}),
    };
  } catch (error) {
    // A file that appeared after the check (another process) is not replaced without --force.
    if (error instanceof OutputPathError && error.reason === 'already exists') {
      throw messages.createError('error.FilesExist', [1, `  ${path}`]);
    }
    throw explainWriteError(error);
  }
}

/** A path as the user sees it: relative to the working folder when inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

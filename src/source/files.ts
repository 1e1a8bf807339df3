/**
 * Sharing-set files on disk: where a set's file goes, reading one, writing one without ever losing what was there
 * (no overwrite unless asked; a backup first; atomic create or replace; read back and compared), and backups of org
 * definitions before they are replaced or deleted.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readFile, realpath, rm, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { checkFolderPath, makeFolders, OutputPathError, readRegularFile, writeFileAtomic } from '../io/files.js';
import type { SharingSet } from '../model/types.js';
import { validateApiName } from './apiName.js';
import {
  decodeUtf8,
  MAX_FILE_BYTES,
  parseSharingSetXml,
  serializeSharingSet,
  SharingSetFileError,
  xmlUnrepresentable,
  type ParseOptions,
} from './sharingSetXml.js';

/** `source`: `sharingSets/<name>.sharingSet-meta.xml` (SFDX projects); `metadata`: `sharingSets/<name>.sharingSet`. */
export type FileFormat = 'source' | 'metadata';

/**
 * Where backups go when no folder is named: `.sharing-backups/` in the working directory. Not the OS temporary
 * folder, which is cleaned on reboot or by the OS: a backup of an org definition is the only copy once the definition
 * is deleted. A dot folder, so project discovery (which skips dot folders) never reads a backup as a second copy of
 * the set; add it to .gitignore if backups should not be committed.
 */
export const DEFAULT_BACKUP_DIR = '.sharing-backups';

const EXTENSIONS: Record<FileFormat, string> = { source: '.sharingSet-meta.xml', metadata: '.sharingSet' };

/** The API name a sharing-set file stands for, from its file name (either format). */
export function fullNameFromFile(file: string): string {
  return basename(file).replace(/\.sharingSet(-meta\.xml)?$/, '');
}

/**
 * `<dir>/sharingSets/<fullName>.sharingSet-meta.xml` (source) or `.sharingSet` (metadata). The name is checked with
 * validateApiName before any path is built, and the result must lie inside `dir`.
 *
 * @throws OutputPathError when the name is not an API name or the path would leave `dir`
 */
export function sharingSetPath(dir: string, fullName: string, format: FileFormat = 'source'): string {
  const problem = validateApiName(fullName);
  if (problem) throw new OutputPathError(fullName, problem);
  const root = resolve(dir);
  const path = resolve(root, 'sharingSets', `${fullName}${EXTENSIONS[format]}`);
  if (!isInside(root, path)) throw new OutputPathError(path, `is outside ${root}`);
  return path;
}

/**
 * Checks, writing nothing, what writeSharingSetFile would refuse for lack of a place: a folder that can never exist
 * (a file in the way) or, without `overwrite`, a file already there. For a command that changes the org before it
 * writes the project file, so such a path is refused before the org is touched.
 *
 * @throws OutputPathError as writeSharingSetFile would (`reason` 'already exists' for an existing file)
 */
export async function checkSharingSetFileTarget(dir: string, fullName: string, overwrite: boolean): Promise<void> {
  const path = sharingSetPath(dir, fullName);
  await checkFolderPath(dirname(path));
  if (!overwrite && (await stat(path).catch(() => undefined))) throw new OutputPathError(path, 'already exists');
}

/**
 * Proves, before a command changes the org, that writeSharingSetFile(dir, set, options) afterwards can succeed: the
 * content is rendered and parsed back in memory (a value XML cannot hold is refused here; `content: false` skips
 * this, for a caller that reports bad values itself); the file's folder is, or
 * can become, a folder inside `dir` without leaving it through a symbolic link; a file already there is a regular file
 * (not a link) and is replaced only with `overwrite`, and then the backup folder passes the same checks; and, with
 * `probe`, each folder that will receive a file accepts one (a small file is created in its nearest existing part and
 * removed at once: a read-only file system, /proc or, for a user other than root, a folder without write permission
 * are found here, as permission bits alone do not tell what root may do). Nothing else is created.
 *
 * @throws OutputPathError saying why the path cannot be written ('already exists' for an existing file without overwrite)
 */
export async function checkSharingSetFileWrite(
  dir: string,
  set: SharingSet,
  options: { overwrite?: boolean; backupDir?: string; probe?: boolean; content?: boolean } = {}
): Promise<void> {
  const path = sharingSetPath(dir, set.fullName);
  if (options.content !== false) {
    const unrepresentable = unrepresentableValue(set);
    if (unrepresentable) throw new OutputPathError(path, unrepresentable.reason);
    parseSharingSetXml(serializeSharingSet(set), path, set.fullName);
  }
  await checkFolderPath(dirname(path));
  const link = await existingEntry(dir, path);
  if (link && !options.overwrite) throw new OutputPathError(path, 'already exists');
  if (link && !link.isFile()) throw new OutputPathError(path, 'is not a regular file: it is not replaced');
  if (options.probe) await probeFolder(dirname(path));
  if (link) await checkBackupFolder(options.backupDir, options.probe);
}

/**
 * Checks that backups can go to `backupDir` (default DEFAULT_BACKUP_DIR), writing nothing unless `probe`: the default
 * folder, found in the working directory (a project's own tree), must not be a symbolic link; the folder is, or can
 * become, a folder; with `probe`, it accepts a new file (see checkSharingSetFileWrite).
 *
 * @throws OutputPathError saying why not
 */
export async function checkBackupFolder(backupDir = DEFAULT_BACKUP_DIR, probe = false): Promise<void> {
  if (backupDir === DEFAULT_BACKUP_DIR && (await lstat(backupDir).catch(() => undefined))?.isSymbolicLink()) {
    throw new OutputPathError(
      backupDir,
      'is a symbolic link: backups are not written through it (name a folder with --backup-dir)'
    );
  }
  await checkFolderPath(backupDir);
  if (probe) await probeFolder(backupDir);
}

/** Thrown when an org's definition holds a value no backup file can hold (see unrepresentableValue). */
export class UnrepresentableValueError extends Error {
  public constructor(
    public readonly fullName: string,
    public readonly field: string,
    public readonly value: string,
    public readonly character: string
  ) {
    super(`${fullName}: the ${field} holds ${character}, which an XML file cannot hold`);
    this.name = 'UnrepresentableValueError';
  }
}

/**
 * The first value of `set` that a sharing-set file cannot hold (XML 1.0 has no form, not even a character reference,
 * for ESC, U+0001 and the other C0 controls but tab, line feed and carriage return): which field, the value, the
 * character (escaped, `\x1b`), and the reason in the user's terms; undefined when every value can be written.
 */
export function unrepresentableValue(
  set: SharingSet
): { field: string; value: string; character: string; reason: string } | undefined {
  const values = namedValues(set);
  for (const [field, value] of values) {
    const char = value === undefined ? undefined : xmlUnrepresentable(value);
    if (char !== undefined && value !== undefined) {
      const code = char.charCodeAt(0);
      const character =
        code < 0x1_00 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      return {
        field,
        value,
        character,
        reason: `the ${field} holds ${character}, a character an XML file cannot hold`,
      };
    }
  }
  return undefined;
}

/**
 * Every text value of a set with what it is (`name`, `label`, `description`, `profile`, `mapping`), for the checks that
 * name the value a character is refused in.
 */
export function namedValues(set: SharingSet): Array<[string, string | undefined]> {
  return [
    ['name', set.fullName],
    ['label', set.label],
    ['description', set.description],
    ...set.profiles.map((profile): [string, string] => ['profile', profile]),
    ...set.accessMappings.flatMap(
      (mapping): Array<[string, string]> =>
        [mapping.object, mapping.objectField, mapping.userField, mapping.accessLevel].map((part) => ['mapping', part])
    ),
  ];
}

/**
 * What is at `path` now (undefined: nothing), once a file there is known to stay inside `dir`: a symbolic link on the
 * way (sharingSets -> /elsewhere) must not carry the write out of `dir`, and a link in the file's place is never
 * replaced (nor backed up: the backup would hold whatever it points at).
 *
 * @throws OutputPathError saying which of the two it is
 */
async function existingEntry(dir: string, path: string): Promise<Stats | undefined> {
  const [realRoot, realParent] = await Promise.all([realPathOf(resolve(dir)), realPathOf(dirname(path))]);
  if (!isInside(realRoot, join(realParent, basename(path)))) {
    throw new OutputPathError(path, `leads outside ${resolve(dir)} through a symbolic link`);
  }
  const entry = await lstat(path).catch(() => undefined);
  if (entry?.isSymbolicLink()) throw new OutputPathError(path, 'is a symbolic link: it is not replaced');
  return entry;
}

/** The real path of `path`: of its nearest existing part, with the parts that do not exist yet appended. */
async function realPathOf(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- each level depends on the one below it
    const real = await realpath(current).catch(() => undefined);
    if (real !== undefined) return join(real, ...missing);
    const parent = dirname(current);
    if (parent === current) return path;
    missing.unshift(basename(current));
    current = parent;
  }
}

/**
 * Creates and removes a small file in the nearest existing part of `dir`, which is where the first new folder or file
 * would be made: a folder that refuses new entries fails here, with the reason writeFileAtomic would give.
 */
async function probeFolder(dir: string): Promise<void> {
  let current = resolve(dir);
  // eslint-disable-next-line no-await-in-loop -- each level depends on the one below it
  while (!(await stat(current).catch(() => undefined))) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const probe = join(current, `.plugin-sharing-probe-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    const reasons: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOSPC: 'the disk is full',
      ENOENT: 'the folder does not accept new files or folders there',
    };
    throw new OutputPathError(
      dir,
      `${reasons[code] ?? 'the system refused to write there'} (${code}, tried in ${current})`
    );
  }
  await rm(probe, { force: true });
}

/**
 * Reads and parses a sharing-set file (a regular file, size-limited before reading, strict UTF-8); the API name comes
 * from the file name unless given.
 *
 * @throws SharingSetFileError for a file a deploy would reject; OutputPathError for a FIFO, a device or a folder
 */
export async function readSharingSetFile(
  file: string,
  displayPath = file,
  fullName = fullNameFromFile(file),
  options: ParseOptions = {}
): Promise<SharingSet> {
  const info = await stat(file);
  if (info.size > MAX_FILE_BYTES) {
    throw new SharingSetFileError(
      displayPath,
      1,
      `The file has ${info.size} bytes.`,
      `A sharing-set file is a few kilobytes; the limit is ${MAX_FILE_BYTES / 1024} KB.`,
      'too-large'
    );
  }
  // Checked through the descriptor it is read from: a FIFO or a device is refused at once, never waited on.
  const bytes = await readRegularFile(file, MAX_FILE_BYTES).catch((error: unknown) => {
    throw error instanceof OutputPathError ? new OutputPathError(displayPath, error.reason) : error;
  });
  return parseSharingSetXml(decodeUtf8(bytes, displayPath), displayPath, fullName, options);
}

export type WriteFileResult = {
  /** Absolute path of the file written. */
  path: string;
  /** Backup of the file it replaced, when one was replaced. */
  backup?: string;
};

/**
 * Writes a set's file into `dir` (as `sharingSets/<fullName>.<ext>`). The content is checked by parsing it before
 * anything is written; an existing file is replaced only with `overwrite`, after a backup copy of it; the file is
 * created atomically (it either appears whole or not at all, and a file created meanwhile by someone else is never
 * replaced without `overwrite`); the written file is read back and must hold the same sharing set.
 *
 * @throws OutputPathError (`reason` 'already exists' when the file exists and overwrite is false)
 */
export async function writeSharingSetFile(
  dir: string,
  set: SharingSet,
  options: { format?: FileFormat; overwrite?: boolean; backupDir?: string } = {}
): Promise<WriteFileResult> {
  const path = sharingSetPath(dir, set.fullName, options.format);
  const content = serializeSharingSet(set);
  parseSharingSetXml(content, path, set.fullName);
  await makeFolders(dirname(path));
  const link = await existingEntry(dir, path);
  const current = link ? await readRegularFile(path, MAX_FILE_BYTES) : undefined;
  if (current && !options.overwrite) throw new OutputPathError(path, 'already exists');
  const backup = current ? await writeBackup(set.fullName, current.toString('utf8'), options.backupDir) : undefined;
  await writeFileAtomic(path, content, { overwrite: Boolean(options.overwrite) });
  const bytes = await readFile(path);
  const written = parseSharingSetXml(decodeUtf8(bytes, path), path, set.fullName);
  if (bytes.toString('utf8') !== content || !sameDefinition(written, set)) {
    throw new OutputPathError(path, 'was written but does not read back as the same sharing set');
  }
  return { path, ...(backup ? { backup } : {}) };
}

/**
 * Saves a sharing set's definition to a new, timestamped backup file (`<fullName>-YYYYMMDDTHHMMSSZ.sharingSet-meta.xml`,
 * `-2`, `-3`... when that name is taken) in `backupDir` (default DEFAULT_BACKUP_DIR under the working directory) and
 * returns its path. The file holds the API name (<fullName>), so it maps to its set whatever it is renamed to
 * (src/source/backups.ts). Never replaces an existing file. `onPath` hears each path just before the file is placed there (the
 * file appears whole or not at all), so an interrupt handler can name the backup even before this promise settles.
 */
export async function backupSharingSet(
  set: SharingSet,
  backupDir?: string,
  onPath?: (path: string) => void
): Promise<string> {
  const unrepresentable = unrepresentableValue(set);
  if (unrepresentable) {
    const { field, value, character } = unrepresentable;
    throw new UnrepresentableValueError(set.fullName, field, value, character);
  }
  return writeBackup(set.fullName, serializeSharingSet(set, { withFullName: true }), backupDir, onPath);
}

/**
 * Replaces a project's sharing-set file with `content` after saving its current text as a backup (as backupSharingSet
 * names them), never through a symbolic link: the file itself, or any folder between `root` and it, being a link is
 * refused. The content must parse as the same API name before anything is written.
 *
 * @throws OutputPathError when the path is or goes through a link, or the backup or the write fails
 */
export async function replaceSharingSetFile(
  root: string,
  file: string,
  content: string,
  options: { backupDir?: string; fullName?: string } = {}
): Promise<{ backup: string }> {
  const fullName = options.fullName ?? fullNameFromFile(file);
  parseSharingSetXml(content, file, fullName, { lenient: true });
  const link = await lstat(file);
  if (link.isSymbolicLink()) throw new OutputPathError(file, 'is a symbolic link: it is not replaced');
  const [realRoot, realFile] = await Promise.all([realpath(resolve(root)), realpath(file)]);
  if (realFile !== join(realRoot, relative(resolve(root), resolve(file)))) {
    throw new OutputPathError(file, 'leads through a symbolic link: it is not replaced');
  }
  const current = await readRegularFile(file, MAX_FILE_BYTES);
  const backup = await writeBackup(fullName, current.toString('utf8'), options.backupDir);
  await writeFileAtomic(file, content, { overwrite: true });
  return { backup };
}

async function writeBackup(
  fullName: string,
  content: string,
  backupDir = DEFAULT_BACKUP_DIR,
  onPath?: (path: string) => void
): Promise<string> {
  const problem = validateApiName(fullName);
  if (problem) throw new OutputPathError(fullName, problem);
  // The default folder is found in the working directory (a project's own tree): a link there is not followed.
  await checkBackupFolder(backupDir);
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  for (let attempt = 1; ; attempt++) {
    const suffix = attempt === 1 ? '' : `-${attempt}`;
    const path = join(backupDir, `${fullName}-${stamp}${suffix}${EXTENSIONS.source}`);
    onPath?.(path);
    try {
      // eslint-disable-next-line no-await-in-loop
      await writeFileAtomic(path, content);
      return path;
    } catch (error) {
      if (!(error instanceof OutputPathError && error.reason === 'already exists') || attempt > 100) throw error;
    }
  }
}

/** Same API name, label, description, mappings and profiles, in the same order (location ignored). */
function sameDefinition(a: SharingSet, b: SharingSet): boolean {
  const plain = (set: SharingSet): string =>
    JSON.stringify([
      set.fullName,
      set.label,
      set.description ?? '',
      set.profiles,
      set.accessMappings.map((m) => [m.accessLevel, m.object, m.objectField, m.userField]),
    ]);
  return plain(a) === plain(b);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

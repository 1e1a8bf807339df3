/**
 * Writing files the user asked for (reports, baselines, backups) without ever leaving a half-written one: content goes
 * to a temporary file in the same folder, then is renamed over the target in one step.
 */
import { randomBytes } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { link, mkdir, open, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { withDeadline } from '../util/concurrency.js';

/** Thrown when a path cannot be written; `reason` is what to tell the user. */
export class OutputPathError extends Error {
  public constructor(public readonly path: string, public readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'OutputPathError';
  }
}

export type WriteOptions = {
  /** Replace an existing file (default false: an existing file is an error). */
  overwrite?: boolean;
};

/** Temporary files written but not yet renamed into place: an interrupt removes them (see removeUnfinishedFiles). */
const unfinished = new Set<string>();

/**
 * Removes the temporary files of writes still in progress. For an interrupt handler that is about to exit the process
 * (its `finally` blocks will not run), hence synchronous.
 */
export function removeUnfinishedFiles(): void {
  for (const file of unfinished) rmSync(file, { force: true });
  unfinished.clear();
}

/** Writes `content` to `path` atomically, creating missing parent folders; never writes through a folder. */
export async function writeFileAtomic(path: string, content: string, options: WriteOptions = {}): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new OutputPathError(path, 'is a folder, not a file');
  if (existing && !options.overwrite) throw new OutputPathError(path, 'already exists');
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  unfinished.add(temporary);
  try {
    await makeFolders(dirname(path));
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    if (options.overwrite) {
      await rename(temporary, path);
    } else {
      // link() fails if the target exists, atomically: two writers racing for one name can't replace each other.
      await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new OutputPathError(path, 'already exists') : error;
      });
    }
  } catch (error) {
    throw asPathError(path, error);
  } finally {
    // With a file in the path there is no temporary file, and rm's ENOTDIR must not replace the error that says why;
    // any other failure to remove it (a .tmp left behind) is said.
    await rm(temporary, { force: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTDIR') throw error;
    });
    unfinished.delete(temporary);
  }
}

/**
 * Creates `dir` and its missing parents, one level at a time; an OutputPathError says which level failed and why.
 * Node's own `mkdir(dir, { recursive: true })` never returns for a path below a folder that refuses new entries with
 * ENOENT, such as /proc (measured on Node 20 and 22 here: `mkdir('/proc/a/b', { recursive: true })` spins until
 * killed); this fails with the first level's error.
 */
export async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  // eslint-disable-next-line no-await-in-loop -- each level depends on the one above it
  while (!(await stat(current).catch(() => undefined))) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    // eslint-disable-next-line no-await-in-loop -- parents first
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw asPathError(folder, error);
    });
  }
}

/**
 * Checks, without creating anything, that `dir` is or could become a folder: the path's nearest existing part must be
 * a folder. For commands that write a file after changing the org, so a path that can never work is refused first.
 *
 * @throws OutputPathError naming the part of the path that is a file
 */
export async function checkFolderPath(dir: string): Promise<void> {
  let current = resolve(dir);
  let info = await stat(current).catch(() => undefined);
  while (!info) {
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
    // eslint-disable-next-line no-await-in-loop -- each level depends on the one below it
    info = await stat(current).catch(() => undefined);
  }
  if (!info.isDirectory()) throw new OutputPathError(dir, `a part of the path is a file, not a folder (${current})`);
}

/** Reads a UTF-8 text file, refusing files larger than `maxBytes` before reading them (see readRegularFile). */
export async function readTextFile(path: string, maxBytes = 10 * 1024 * 1024): Promise<string> {
  return (await readRegularFile(path, maxBytes)).toString('utf8');
}

/**
 * Reads a regular file of at most `maxBytes`. The file is opened without blocking (O_NONBLOCK: opening a FIFO with
 * no writer would otherwise wait forever) and checked through its descriptor, so what is checked is what is read:
 * a FIFO, a device (/dev/zero), a socket or a folder is refused at once, and a file that grows after the check is
 * still read only up to the bound, and a read that does not end within `timeoutMs` is given up. Errors are OutputPathErrors whose reason is in the user's terms (never the content).
 */
export async function readRegularFile(path: string, maxBytes: number, timeoutMs = READ_TIMEOUT_MS): Promise<Buffer> {
  return withDeadline(
    readBounded(path, maxBytes),
    timeoutMs,
    () =>
      new OutputPathError(path, `could not be read within ${Math.round(timeoutMs / 1000)} s (a stalled network drive?)`)
  );
}

/**
 * How long reading one project file may take. A local file of a few megabytes reads in milliseconds; a file on a
 * network share or a FUSE mount that stopped answering would otherwise hold the command forever.
 */
export const READ_TIMEOUT_MS = 30_000;

async function readBounded(path: string, maxBytes: number): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw asReadError(path, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new OutputPathError(path, 'is a folder, not a file');
    if (!info.isFile()) throw new OutputPathError(path, 'is not a regular file (a FIFO, a device or a socket)');
    if (info.size > maxBytes) {
      throw new OutputPathError(path, `has ${info.size} bytes, more than the limit of ${limitText(maxBytes)}`);
    }
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      // eslint-disable-next-line no-await-in-loop -- one read after the other, into one buffer
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new OutputPathError(path, `is larger than the limit of ${limitText(maxBytes)}`);
    return buffer.subarray(0, length);
  } catch (error) {
    throw asReadError(path, error);
  } finally {
    await handle.close();
  }
}

const limitText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;

/** Why a file cannot be read, in the user's terms. */
const WHY_NOT_READ: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'is a loop of symbolic links',
  EAGAIN: 'is not a regular file (a FIFO, a device or a socket)',
};

function asReadError(path: string, error: unknown): unknown {
  return asUserError(path, error, WHY_NOT_READ, 'cannot be read');
}

/** Why a file cannot be written, in the user's terms: their path, not the temporary file next to it. */
const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  // Once makeFolders has run, the folder exists: ENOENT means it refuses new entries (/proc does).
  ENOENT: 'the folder does not accept new files or folders there',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
};

function asPathError(path: string, error: unknown): unknown {
  return asUserError(path, error, WHY, 'the system refused to write it');
}

/** A system error on `path` as an OutputPathError saying why in the user's terms (`reasons` by error code). */
function asUserError(path: string, error: unknown, reasons: Record<string, string>, otherwise: string): unknown {
  if (error instanceof OutputPathError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return error;
  return new OutputPathError(path, `${reasons[code] ?? otherwise} (${code})`);
}

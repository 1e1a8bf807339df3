/**
 * Writing files the user asked for (reports, baselines, backups) without ever leaving a half-written one: content goes
 * to a temporary file in the same folder, then is renamed over the target in one step.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  unfinished.add(temporary);
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    if (options.overwrite) {
      await rename(temporary, path);
    } else {
      // link() fails if the target exists, atomically: two writers racing for one name can't replace each other.
      await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new OutputPathError(path, 'already exists') : error;
      });
    }
  } finally {
    await rm(temporary, { force: true });
    unfinished.delete(temporary);
  }
}

/** Reads a UTF-8 text file, refusing files larger than `maxBytes` before reading them. */
export async function readTextFile(path: string, maxBytes = 10 * 1024 * 1024): Promise<string> {
  const info = await stat(path);
  if (info.isDirectory()) throw new OutputPathError(path, 'is a folder, not a file');
  if (info.size > maxBytes) throw new OutputPathError(path, `is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  return readFile(path, 'utf8');
}

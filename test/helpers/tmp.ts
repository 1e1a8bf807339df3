import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a fresh directory under the OS temp dir. */
export const makeTempDir = (prefix = 'plugin-sharing-'): Promise<string> => mkdtemp(join(tmpdir(), prefix));

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true, maxRetries: 3 });

/** Runs `fn` with a fresh temporary directory and removes the directory afterwards, whatever happens. */
export const withTempDir = async <T>(fn: (dir: string) => Promise<T> | T, prefix?: string): Promise<T> => {
  const dir = await makeTempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    await removeDir(dir);
  }
};

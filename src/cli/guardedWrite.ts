/**
 * The one sequence every write to an org follows, so that nothing is ever lost: save a backup of what will be replaced
 * or removed, guard against interrupts (each phase says what the org and the disk hold), ask when asked to, write
 * (src/org/writes.ts writes one item, never retries blindly and reads back), and only then report success.
 */
import { lstat, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Messages } from '@salesforce/core';
import type { SharingSet } from '../model/types.js';
import { safeValue } from '../report/sanitize.js';
import {
  backupSharingSet,
  DEFAULT_BACKUP_DIR,
  unrepresentableValue,
  UnrepresentableValueError,
} from '../source/index.js';
import { onInterrupt } from './interrupt.js';
import { explainWriteError } from './writeErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

/**
 * Where the write stands, for the interrupt texts: `before-write` (checking, saving the backup), `backed-up` (the
 * backup is whole on disk; asking, or about to send the write), `writing` (sent: it may have landed).
 */
export type WritePhase = 'before-write' | 'backed-up' | 'writing';

export type GuardedWrite<T> = {
  /** The org's current definition, backed up first; undefined for a create (nothing is replaced). */
  existing?: SharingSet;
  backupDir?: string;
  /**
   * Proves, before the backup and the write, that every local write the command makes after the org is written can
   * succeed (a project file: src/source/files.ts checkSharingSetFileWrite); throws when one cannot.
   */
  prepare?: () => Promise<void>;
  /** What an interrupt in each phase should say; `backup` is the backup's path once it is known. */
  interrupted: (phase: WritePhase, backup: string | undefined) => string;
  /**
   * Called once the backup is safely on disk; `firstBackup` when it is the first in the default folder
   * (DEFAULT_BACKUP_DIR did not exist), so the user can be told to keep that folder out of version control.
   */
  backedUp?: (backup: string, firstBackup: boolean) => void;
  /** Asked after the backup, before the write; false keeps the org as it is, and removes the backup just made. */
  confirm?: (backup: string | undefined) => Promise<boolean>;
  /** The write itself, with its read-back; `backup` is the backup's path (undefined when nothing was replaced). */
  write: (backup: string | undefined) => Promise<T>;
};

export type GuardedWriteOutcome<T> =
  | { written: true; result: T; backup?: string }
  | { written: false; backup?: string };

/** Runs the guarded write sequence; see the module's comment. */
export async function guardedWrite<T>(options: GuardedWrite<T>): Promise<GuardedWriteOutcome<T>> {
  let phase: WritePhase = 'before-write';
  let backup: string | undefined;
  return onInterrupt(
    () => options.interrupted(phase, backup),
    async (): Promise<GuardedWriteOutcome<T>> => {
      let newFolder = false;
      if (options.existing) checkBackupable(options.existing);
      await options.prepare?.();
      if (options.existing) {
        newFolder = options.backupDir === undefined && !(await lstat(DEFAULT_BACKUP_DIR).catch(() => undefined));
        // The path is known (and an interrupt names it) from the moment the backup starts to be placed.
        backup = await backupSharingSet(options.existing, options.backupDir, (path) => (backup = path)).catch(
          (error: unknown) => {
            throw explainBackupError(error);
          }
        );
        options.backedUp?.(backup, newFolder);
        phase = 'backed-up';
      }
      if (options.confirm && !(await options.confirm(backup))) {
        // Declined: nothing was replaced, so the backup (and the folder it alone made) is not worth keeping.
        if (backup) await discardBackup(backup, newFolder);
        return { written: false };
      }
      phase = 'writing';
      const result = await options.write(backup);
      return { written: true, result, ...(backup ? { backup } : {}) };
    }
  );
}

/** Removes a backup no write needed, and its folder when the backup created it (an emptied folder only). */
async function discardBackup(backup: string, newFolder: boolean): Promise<void> {
  await rm(backup, { force: true });
  if (newFolder) await rmdir(dirname(backup)).catch(() => undefined);
}

/**
 * Refuses, before anything is written, to replace or delete an org definition that no backup file could hold (a value
 * with ESC or U+0001: XML 1.0 has no form for them): the write would lose the only copy of it. The error says which
 * value holds which character and to fix it in Setup.
 *
 * @throws SfError UnrepresentableOrgValueError
 */
export function checkBackupable(set: SharingSet): void {
  const found = unrepresentableValue(set);
  if (found)
    throw explainBackupError(new UnrepresentableValueError(set.fullName, found.field, found.value, found.character));
}

/** A backup's failure in the user's terms: a value no backup can hold, or the path and why (explainWriteError). */
export function explainBackupError(error: unknown): unknown {
  if (error instanceof UnrepresentableValueError) {
    return messages.createError(
      'error.UnrepresentableOrgValue',
      [safeValue(error.fullName), error.field, safeValue(error.value), error.character],
      [error.field, safeValue(error.fullName)]
    );
  }
  return explainWriteError(error);
}

/**
 * Applying a deploy plan to an org, never losing anything: every set that will be replaced or deleted is saved first,
 * from the org's own definition, into one backup folder per run (a folder of source files: deploying it back restores
 * them); then the Metadata API calls go one after another, each read back (src/org/writes.ts `writeBatch`); the first
 * call that leaves a set short of its new definition stops the run. An interrupt in each phase says what the org
 * holds (src/cli/interrupt.ts), as the single-set writes do (src/cli/guardedWrite.ts).
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Messages } from '@salesforce/core';
import { planBatches, type BatchOperation, type DeployPlan } from '../deploy/plan.js';
import { METADATA_BATCH } from '../org/sharingSets.js';
import { writeBatch, type BatchItemState } from '../org/writes.js';
import { checkBackupFolder, DEFAULT_BACKUP_DIR, writeSharingSetFile } from '../source/index.js';
import { namedMessage, type OrgSession } from './command.js';
import { checkBackupable, explainBackupError } from './guardedWrite.js';
import { onInterrupt } from './interrupt.js';
import { explainWriteError } from './writeErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.deploy');

/** A set of the plan that does not hold its new definition after its call. */
export type DeployFailure = { fullName: string; operation: BatchOperation; holds: BatchItemState; message: string };

/** Per set, what the run did; every list sorted as written. */
export type ApplyOutcome = {
  created: string[];
  updated: string[];
  deleted: string[];
  failed: string[];
  failures: DeployFailure[];
  notAttempted: string[];
  /** The call's own error, when the call that failed had one (a lost answer, a refused call). */
  error?: unknown;
  /** The run's backup folder; absent when nothing was replaced. */
  backupDir?: string;
  /** Whether the writes went ahead (false: the prompt was answered no). */
  confirmed: boolean;
};

export type ApplyOptions = {
  plan: DeployPlan;
  backupDir?: string;
  /** The project's root, for the check command an interrupt prints. */
  sourceDir: string;
  /** Asked after the backup, before the first write; false writes nothing. */
  confirm?: (backup: string | undefined) => Promise<boolean>;
  ui: { info(text: string): void };
};

const DONE: Record<BatchOperation, 'created' | 'updated' | 'deleted'> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
};

/** Backs up, asks, writes the plan's batches in order and stops at the first that falls short; see the module. */
export async function applyPlan({ client, orgName }: OrgSession, options: ApplyOptions): Promise<ApplyOutcome> {
  const { plan } = options;
  const batches = planBatches(plan, METADATA_BATCH);
  const outcome: ApplyOutcome = {
    created: [],
    updated: [],
    deleted: [],
    failed: [],
    failures: [],
    notAttempted: [],
    confirmed: true,
  };
  let phase: 'backup' | 'confirm' | 'writing' | 'verified' = 'backup';
  let current = 0;
  // Every backup is proven possible before the first is written, and all of them before the first write: a value no
  // backup file can hold, a default backup folder that is a link, a file in the way or a folder that takes no file.
  for (const set of plan.replaced) checkBackupable(set);
  if (plan.replaced.length > 0) {
    await checkBackupFolder(options.backupDir ?? DEFAULT_BACKUP_DIR, true).catch((error: unknown) => {
      throw explainWriteError(error);
    });
  }
  const backup = plan.replaced.length > 0 ? await runFolder(options.backupDir ?? DEFAULT_BACKUP_DIR) : undefined;
  if (backup) outcome.backupDir = backup;
  const written = (): string[] => [...outcome.deleted, ...outcome.updated, ...outcome.created];
  const list = (names: string[]): string => (names.length > 0 ? names.join(', ') : messages.getMessage('none'));
  const restore = (): string => restoreText(backup, orgName);
  const interrupted = (): string => {
    if (phase === 'backup' && backup) return namedMessage(messages, 'info.InterruptedBackup', { backup, org: orgName });
    // Backups saved (or none needed), the first write not sent: at the prompt, or just before the first batch.
    if (phase === 'backup' || phase === 'confirm') {
      return backup
        ? namedMessage(messages, 'info.InterruptedBeforeWrite', { backup, org: orgName })
        : namedMessage(messages, 'info.InterruptedBeforeWriteNoBackup', { org: orgName });
    }
    if (phase === 'verified') return restoreMessage(outcome, orgName);
    return namedMessage(messages, 'info.InterruptedWriting', {
      batch: current + 1,
      batches: batches.length,
      org: orgName,
      written: list(written()),
      inFlight: list(batches[current].sets.map((set) => set.fullName)),
      notAttempted: list(batches.slice(current + 1).flatMap((batch) => batch.sets.map((set) => set.fullName))),
      source: options.sourceDir,
      restore: restore(),
    });
  };

  return onInterrupt(interrupted, async () => {
    if (backup) {
      for (const set of plan.replaced) {
        // eslint-disable-next-line no-await-in-loop
        await writeSharingSetFile(backup, set, { format: 'source' }).catch((error: unknown) => {
          throw explainBackupError(error);
        });
      }
      options.ui.info(messages.getMessage('info.Backup', [plan.replaced.length, backup, orgName, backup]));
    }
    phase = 'confirm';
    if (options.confirm && !(await options.confirm(backup))) {
      outcome.confirmed = false;
      outcome.notAttempted = batches.flatMap((batch) => batch.sets.map((set) => set.fullName));
      return outcome;
    }
    phase = 'writing';
    for (; current < batches.length; current++) {
      const { operation, sets } = batches[current];
      // One call after another: the first that falls short stops the run, so what follows is never attempted.
      // eslint-disable-next-line no-await-in-loop
      const result = await writeBatch(client, operation, sets, plan.replaced, orgName);
      for (const item of result.items) {
        if (item.holds === 'new') outcome[DONE[operation]].push(item.fullName);
        else {
          outcome.failed.push(item.fullName);
          outcome.failures.push({ fullName: item.fullName, operation, holds: item.holds, message: item.problem ?? '' });
        }
      }
      if (outcome.failed.length > 0) {
        if (result.error) outcome.error = result.error;
        outcome.notAttempted = batches.slice(current + 1).flatMap((batch) => batch.sets.map((set) => set.fullName));
        break;
      }
      options.ui.info(messages.getMessage('info.Batch', [current + 1, batches.length, DONE[operation], sets.length]));
    }
    phase = 'verified';
    return outcome;
  });
}

/** How to restore what the run replaced or deleted (or that nothing was). */
export function restoreText(backup: string | undefined, org: string): string {
  return backup ? namedMessage(messages, 'info.Restore', { backup, org }) : messages.getMessage('info.NoBackup');
}

/** What an interrupt once the writes are over says: what the org holds, and how to restore. */
export function restoreMessage(outcome: ApplyOutcome, org: string): string {
  const written = [...outcome.deleted, ...outcome.updated, ...outcome.created];
  return namedMessage(messages, 'info.InterruptedVerify', {
    org,
    written: written.length > 0 ? written.join(', ') : messages.getMessage('none'),
    restore: restoreText(outcome.backupDir, org),
  });
}

/**
 * A new folder for this run's backups, `<dir>/deploy-YYYYMMDDTHHMMSSZ` (`-2`, `-3`... when taken), absolute. Each set
 * goes in as `sharingSets/<name>.sharingSet-meta.xml`, so the folder is a project that deploys the old definitions
 * back. A dot folder by default (`.sharing-backups`), which project discovery skips.
 */
async function runFolder(dir: string): Promise<string> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  for (let attempt = 1; ; attempt++) {
    const path = resolve(join(dir, `deploy-${stamp}${attempt === 1 ? '' : `-${attempt}`}`));
    // eslint-disable-next-line no-await-in-loop
    if (!(await stat(path).catch(() => undefined))) return path;
  }
}

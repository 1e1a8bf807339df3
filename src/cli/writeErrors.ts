/**
 * What the commands say when a file the user asked for (a report, a baseline, a backup, a project file) cannot be
 * written: the user's path and why, with an action, never the temporary file next to it or a bare system error.
 */
import { Messages } from '@salesforce/core';
import { OutputPathError } from '../io/files.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

/** An OutputPathError as a CannotWrite error with its action; anything else unchanged. */
export function explainWriteError(error: unknown): unknown {
  if (error instanceof OutputPathError) return messages.createError('error.CannotWrite', [error.path, error.reason]);
  return error;
}

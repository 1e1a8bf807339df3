/**
 * Ctrl-C (or SIGTERM) must end a command with one line saying what the org and the disk hold, and the conventional
 * exit code (128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, as shells and CI runners report them), never
 * with a stack trace: sf-plugins-core's own listener throws an exit error from inside the signal
 * event, which ends the process with a trace and exit 1. The listeners here are put first in line, so they answer
 * before it does.
 */
import { writeSync } from 'node:fs';
import { Messages } from '@salesforce/core';
import { removeUnfinishedFiles } from '../io/files.js';
import { safeBlock, safeError } from '../report/sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** 128 + the signal's number. */
const EXIT_CODE: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs `body`; an interrupt while it runs removes any temporary file a write had not yet renamed into place, prints
 * `whatHappened()` on stderr and exits 130 (SIGINT) or 143 (SIGTERM). Nested calls answer innermost first (the last one to start is first in
 * line), so a write inside a command says the most precise thing.
 */
export async function onInterrupt<T>(whatHappened: () => string, body: () => Promise<T>): Promise<T> {
  const listener = (signal: NodeJS.Signals): void => {
    removeUnfinishedFiles();
    // Straight to the file descriptor: while a spinner runs, oclif holds back what goes through process.stderr.write
    // until the spinner stops, which it never would here.
    writeSync(2, `\n${safeBlock(whatHappened())}\n`);
    process.exit(signal === 'SIGTERM' ? EXIT_CODE.SIGTERM : EXIT_CODE.SIGINT);
  };
  for (const signal of SIGNALS) process.prependListener(signal, listener);
  try {
    return await body();
  } catch (error) {
    // Every command's errors pass here: the values they quote (file names, labels) are printed inertly.
    throw safeError(error);
  } finally {
    for (const signal of SIGNALS) process.removeListener(signal, listener);
  }
}

/** What an interrupt leaves when nothing has been sent to an org: no change there, and no half-written file. */
export const nothingChanged = (): string => messages.getMessage('info.InterruptedRead');

/** What an interrupt of each running command says once its work has changed something (`interruptSays`). */
const said = new WeakMap<object, () => string | undefined>();

/**
 * Every command's `run()`: its work inside the interrupt guard. An interrupt says that nothing changed, until the work
 * says otherwise with `interruptSays` (a write landed, files are being written); a write nests its own guard, which
 * answers first while it runs (src/cli/guardedWrite.ts).
 */
export async function guarded<T>(command: object, work: () => Promise<T>): Promise<T> {
  const whatHappened = (): string => said.get(command)?.() ?? nothingChanged();
  try {
    return await onInterrupt(whatHappened, work);
  } finally {
    // The work is over, but the process is not: oclif still prints the result or the error. A signal in that window
    // would reach sf-plugins-core's listener (a stack trace, exit 1); this one answers instead, with the same words.
    afterWork(whatHappened);
  }
}

/**
 * What a signal outside a command's work says (see `guarded`): before it (nothing changed) and after it (what the
 * last work said). One listener, first in line once installed.
 */
let lastWords: (() => string) | undefined;
let outsideListening = false;

/**
 * Answers SIGINT and SIGTERM from now on, outside any work too: before the work starts, sf-plugins-core's `_run` has
 * already put its own listener in place (it throws an exit error from inside the signal event: a stack trace and
 * exit 1), so this is installed by the plugin's prerun hook (src/hooks/interruptEarly.ts), before `_run`.
 */
export function answerSignals(): void {
  if (outsideListening) return;
  outsideListening = true;
  const outside = (signal: NodeJS.Signals): void => {
    writeSync(2, `\n${safeBlock(lastWords?.() ?? nothingChanged())}\n`);
    process.exit(signal === 'SIGTERM' ? EXIT_CODE.SIGTERM : EXIT_CODE.SIGINT);
  };
  for (const signal of SIGNALS) process.prependListener(signal, outside);
}

function afterWork(whatHappened: () => string): void {
  lastWords = whatHappened;
  answerSignals();
}

/** From now on, an interrupt of `command` (running in `guarded`) says `whatHappened()` (undefined: nothing changed). */
export function interruptSays(command: object, whatHappened: () => string | undefined): void {
  said.set(command, whatHappened);
}

/**
 * Asks `ask` (a command's confirmation prompt). Ctrl-C at a prompt reaches it as a key (the terminal is in raw mode),
 * not as a signal, and the prompt ends with its own ExitPromptError (an @inquirer error, known here by its name: it is
 * not a dependency of this project): handed to the interrupt handlers as a SIGINT, they say what the org and the disk
 * hold and exit 130, as for a Ctrl-C anywhere else.
 */
export async function confirmOrInterrupt(ask: () => Promise<boolean>): Promise<boolean> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') process.emit('SIGINT', 'SIGINT');
    throw error;
  }
}

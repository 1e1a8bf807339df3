/**
 * What to undo at the end, on error and on Ctrl-C: the process being measured, the emulators, the temporary folders.
 */
/* eslint-disable no-await-in-loop -- cleanups run one at a time, in reverse order of their set-up */
import { killCurrentRun } from './runner.js';

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

/** Registers something to undo; cleanups run in reverse order of registration. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Ends the run in progress and runs every cleanup, once however often it is called; a failing cleanup is reported. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async (): Promise<void> => {
    killCurrentRun();
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((e: unknown) => console.error(`cleanup: ${(e as Error).message}`));
    }
  })();
  return cleaning;
}

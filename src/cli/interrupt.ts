/**
 * While a write is in flight, Ctrl-C must not leave the user guessing: the backup is already on disk, so say where it
 * is and how to restore it, then exit with the conventional 130. A single Metadata API write is atomic per item, so
 * the org holds either the old definition or the new one; the message says to check which.
 */
export async function whileWriting<T>(restoreHint: () => string, write: () => Promise<T>): Promise<T> {
  const onInterrupt = (): void => {
    process.stderr.write(`\n${restoreHint()}\n`);
    process.exit(130);
  };
  // First in line: sf-plugins-core's own listener throws an exit error from inside the signal event, which would
  // otherwise end the process with a stack trace before this one runs.
  process.prependOnceListener('SIGINT', onInterrupt);
  process.prependOnceListener('SIGTERM', onInterrupt);
  try {
    return await write();
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
  }
}

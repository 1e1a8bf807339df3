/**
 * Exit codes of CI-gate outcomes. Errors keep the sf CLI's own codes (1 for a failure, 2 for bad flags or
 * arguments); a gate outcome still returns the full result, and `--json` carries the same number in `status`.
 */
export const EXIT = {
  ok: 0,
  /** Bad flags or arguments: oclif's own code for parse errors, used for the checks the commands make themselves. */
  usage: 2,
  /** `sharing set diff`: the two sides differ. */
  drift: 3,
  /** `sharing audit`: findings fail the gate (`--fail-on` or worse, high confidence). */
  findings: 3,
  /** `sharing audit`: a baseline entry has expired and its finding is back. */
  expiredBaseline: 4,
  /** `sharing set list --name`: a name the org does not have; the sets that exist are still listed. */
  notFound: 5,
  /** `sharing set deploy`: some sets were written and others not (as `sf project deploy start` exits on a partial deploy). */
  partialDeploy: 68,
} as const;

/**
 * Marks the errors that are bad flag values as such (EXIT.usage), for the commands' `catch`. oclif's parser re-throws
 * what a flag's own parse function threw (a folder or file that does not exist, an API version like "12") with the
 * message prefixed "Parsing --<flag>" (@oclif/core 4, parser/parse.js) and its original class, which sf-plugins-core
 * turns into exit 1. They are the user's flags, not a failure of the org or the tool: exit 2, as oclif gives its own
 * parse errors (an unknown flag, a value outside a flag's options). The org flags are the exception: resolving
 * --target-org or --compare-org fails for login reasons (an unknown alias, an expired refresh), which the sf CLI and
 * this plugin report with exit 1.
 */
export function asUsageError<T extends Error>(error: T): T {
  const flag = /^Parsing --([a-z0-9-]+)/.exec(error.message)?.[1];
  if (flag === undefined || ORG_FLAGS.has(flag)) return error;
  const marked = error as T & { exitCode?: number; oclif?: { exit?: number } };
  marked.exitCode = EXIT.usage;
  if (marked.oclif) marked.oclif.exit = EXIT.usage;
  return error;
}

const ORG_FLAGS = new Set(['target-org', 'compare-org']);

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
} as const;

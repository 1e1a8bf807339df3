/**
 * What --json prints when a command fails. sf-plugins-core puts the error's stack, and its cause run through
 * util.inspect (another stack), into every error envelope. Pipelines read `name`, `message`, `actions` and
 * `exitCode`; a stack trace is for debugging, so it stays only under --dev-debug (which sets DEBUG and SF_DEBUG).
 */

/** Whether the user asked for debug output: the sf CLI's --dev-debug sets these, and DEBUG is read by everyone. */
export const debugging = (): boolean => Boolean(process.env.DEBUG ?? process.env.SF_DEBUG);

/** The JSON envelope without stack traces: `stack` dropped, `cause` cut to its first line (the fault in one line). */
export function withoutStacks(json: unknown): unknown {
  if (debugging() || typeof json !== 'object' || json === null || !('stack' in json)) return json;
  const { stack, cause, ...rest } = json as Record<string, unknown>;
  void stack;
  const firstLine = typeof cause === 'string' ? cause.split('\n')[0] : undefined;
  return firstLine && firstLine !== 'undefined' ? { ...rest, cause: firstLine } : rest;
}

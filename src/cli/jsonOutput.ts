import { ux } from '@oclif/core';
import { safeJsonText } from '../report/sanitize.js';

/**
 * What --json prints. Values from an org or a project may hold characters a terminal interprets (C1 controls, bidi
 * overrides such as U+202E) that JSON.stringify leaves raw: they are written as `\u` escapes (`\u202e`), the same JSON value
 * printed inertly (src/report/sanitize.ts). When a command fails, sf-plugins-core puts the error's stack, and its
 * cause run through util.inspect (another stack), into the envelope. Pipelines read `name`, `message`, `actions` and
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

/** sf-plugins-core's colours for --json when sf's theme has none (as its styledJSON). */
const JSON_THEME = {
  key: 'blueBright',
  string: 'greenBright',
  number: 'blue',
  boolean: 'redBright',
  null: 'blackBright',
};

/**
 * Prints a command's --json envelope as sf-plugins-core does (indented, coloured where the terminal supports it),
 * without stack traces, with unsafe characters escaped.
 */
export function printJson(json: unknown, theme?: Record<string, string | undefined>): void {
  const text = safeJsonText(JSON.stringify(withoutStacks(json), null, 2));
  ux.stdout(ux.colorizeJson(text, { pretty: false, theme: { ...JSON_THEME, ...theme } }));
}

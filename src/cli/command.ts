/**
 * What every command shares, composed rather than inherited: eslint-plugin-sf-plugin recognises a command by its
 * direct `extends SfCommand`, so a base class between them would switch most of its rules off for every command
 * (DEVELOPING.md, "Adding a command"). A command's `run()` wraps its work in `readOnly` or `onInterrupt`
 * (src/cli/interrupt.ts); the work parses its flags with `parseFlags(this.parse(MyCommand))`, opens the org with
 * `openOrg`, and ends its result with `...(await finishSession(session, this))`.
 */
import type { Messages, Org } from '@salesforce/core';
import { clientForOrg, type ApiCallCounts, type DailyRequests, type OrgClient } from '../org/client.js';
import { reportAllowance } from './allowance.js';
import { asUsageError } from './exitCodes.js';

/** The command's flags, parsed: bad values are usage errors (exit 2), as oclif gives its own parse errors. */
export async function parseFlags<T>(parsing: Promise<T>): Promise<T> {
  try {
    return await parsing;
  } catch (error) {
    throw error instanceof Error ? asUsageError(error) : error;
  }
}

/** A command's connection to one org: the counted client and the name messages use for the org. */
export type OrgSession = { client: OrgClient; orgName: string };

/** The session for `--target-org` (and `--api-version`). */
export function openOrg(org: Org, apiVersion?: string): OrgSession {
  return { client: clientForOrg(org, apiVersion), orgName: org.getUsername() ?? org.getOrgId() };
}

/** What every org command adds to its `--json` result: the calls it made and, when read, the daily allowance. */
export type SessionFigures = { apiCalls: ApiCallCounts; dailyApiRequests?: DailyRequests };

/**
 * The calls made and the org's daily allowance (warning through `command.warn` when it runs low or could not be
 * read), for the end of a command's result.
 */
export async function finishSession(
  session: OrgSession,
  command: { warn(message: string): unknown }
): Promise<SessionFigures> {
  const allowance = reportAllowance(await session.client.allowance(), session.orgName, (message) =>
    command.warn(message)
  );
  return { apiCalls: session.client.calls, ...allowance };
}

/**
 * A message with named fields: `{set}`, `{org}`, `{backup}` in the text are replaced from `data`. For messages that
 * name many things (the interrupt texts), where seven positional `%s` would be easy to get wrong. A field the text
 * names but `data` lacks is a programming error.
 */
export function namedMessage(
  messages: Messages<string>,
  key: string,
  data: Readonly<Record<string, string | number>>
): string {
  return messages.getMessage(key).replace(/\{([a-zA-Z]+)\}/g, (whole, field: string) => {
    if (!(field in data)) throw new Error(`Message ${key} names {${field}}, which was not given`);
    return String(data[field]);
  });
}

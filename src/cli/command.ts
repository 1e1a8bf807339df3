/**
 * What every command shares, composed rather than inherited: eslint-plugin-sf-plugin recognises a command by its
 * direct `extends SfCommand`, so a base class between them would switch most of its rules off for every command
 * (DEVELOPING.md, "Adding a command"). A command's `run()` is `return runCommand(this, () => this.work())`; the work
 * parses its flags with `parseFlags(this.parse(MyCommand))`, opens the org with `openOrg`, and ends its result with
 * `...(await finishSession(session, this))`.
 */
import { Messages, StateAggregator, type Org } from '@salesforce/core';
import type { SfCommand } from '@salesforce/sf-plugins-core';
import { clientForOrg, type ApiCallCounts, type DailyRequests, type OrgClient } from '../org/client.js';
import { reportAllowance } from './allowance.js';
import { asUsageError } from './exitCodes.js';
import { guarded } from './interrupt.js';
import { printJson } from './jsonOutput.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

/**
 * Every command's `run()`: its work inside the interrupt guard (src/cli/interrupt.ts: an interrupt says what the org
 * and the disk hold, `interruptSays` once the work has changed something), and its --json output printed with unsafe
 * characters escaped and without stack traces unless debugging (src/cli/jsonOutput.ts). The printer is set on the
 * instance because the command extends SfCommand directly (see above); it is in place before anything is printed.
 */
export function runCommand<T>(command: SfCommand<T>, work: () => Promise<T>): Promise<T> {
  // eslint-disable-next-line no-param-reassign -- composed in place of an override in every command (see above)
  command.logJson = (json: unknown): void => printJson(json, command.config.theme?.json);
  return guarded(command, work);
}

/** The command's flags, parsed: bad values are usage errors (exit 2), as oclif gives its own parse errors. */
export async function parseFlags<T>(parsing: Promise<T>): Promise<T> {
  try {
    return await parsing;
  } catch (error) {
    throw error instanceof Error ? asUsageError(error) : error;
  }
}

/**
 * A command's connection to one org: the counted client, the name messages use for the org (its username, which
 * also works as a --target-org value in the commands messages suggest), and the label that shows it to the user: its
 * alias and username when it has an alias.
 */
export type OrgSession = { client: OrgClient; orgName: string; orgLabel: string };

/** The session for `--target-org` (and `--api-version`). */
export async function openOrg(org: Org, apiVersion?: string): Promise<OrgSession> {
  const orgName = org.getUsername() ?? org.getOrgId();
  return { client: clientForOrg(org, apiVersion), orgName, orgLabel: await orgLabel(org, orgName) };
}

/** "alias (username)" for an org with an alias (the sf CLI's alias file, through StateAggregator), else its name. */
async function orgLabel(org: Org, orgName: string): Promise<string> {
  const username = org.getUsername();
  if (!username) return orgName;
  try {
    const alias = (await StateAggregator.getInstance()).aliases.getAll(username)[0];
    return alias ? errorMessages.getMessage('orgLabel', [alias, username]) : orgName;
  } catch {
    // An unreadable alias file costs only the alias: the username still names the org.
    return orgName;
  }
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

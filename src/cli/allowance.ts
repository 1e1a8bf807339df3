/**
 * The org's daily API allowance, as commands report it: a warning when it runs low or could not be read, and the
 * figures for --json. The client decides when it is worth reading (src/org/client.ts, watchAllowance).
 */
import { Messages } from '@salesforce/core';
import { isLowOnRequests, type AllowanceOutcome, type DailyRequests } from '../org/client.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

/** Warns through `warn` when `orgName` is low on daily API requests, or they could not be read; returns them for --json. */
export function reportAllowance(
  outcome: AllowanceOutcome,
  orgName: string,
  warn: (message: string) => void
): { dailyApiRequests?: DailyRequests } {
  if (outcome.problem) warn(messages.getMessage('warning.AllowanceUnread', [orgName, outcome.problem]));
  const daily = outcome.daily;
  if (!daily) return {};
  if (isLowOnRequests(daily))
    warn(messages.getMessage('warning.LowApiRequests', [daily.remaining, daily.max, orgName]));
  return { dailyApiRequests: daily };
}

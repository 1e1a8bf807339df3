/**
 * What the CLI tells a user about the audit's outcome codes: the analysis says why a rule was skipped as a code
 * (src/audit/engine.ts SkipReason), and only the CLI, which knows its flags, words it as advice.
 */
import { Messages } from '@salesforce/core';
import type { Advice } from '../analysis/paths.js';
import type { SkipReason } from '../audit/engine.js';
import type { UnverifiedReason } from '../audit/unverified.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'audit.advice');

/** Why a rule was skipped and what to do about it, e.g. `needs a deep read (record counts); run with --deep`. */
export function skipAdvice(code: SkipReason): string {
  return messages.getMessage(`skipped.${code}`);
}

/** A finding's advice (src/analysis/paths.ts Advice), worded to follow the end of its message. */
export function findingAdvice(code: Advice): string {
  return messages.getMessage(`finding.${code}`);
}

/** Why a reference could not be verified (src/audit/unverified.ts), and what would settle it. */
export function unverifiedAdvice(code: UnverifiedReason): string {
  return messages.getMessage(`unverified.${code}`);
}

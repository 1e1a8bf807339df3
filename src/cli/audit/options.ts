/**
 * The audit's flags that need more than oclif's parsing: rule ids, report files and their formats, the baseline's
 * reason and expiry. Each problem is a usage error (exit 2).
 */
import { Messages } from '@salesforce/core';
import { isDate } from '../../audit/baseline.js';
import { RULES, selectRules, UnknownRuleError } from '../../audit/index.js';
import { formatForFile, type ReportFormat } from '../../report/formats.js';
import { EXIT } from '../exitCodes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.audit');

/** Fails with the list of valid ids when --rule or --exclude-rule names a rule that does not exist. */
function checkRules(rules?: string[], excludeRules?: string[]): void {
  try {
    if (selectRules({ rules, excludeRules }).length === 0) {
      throw messages.createError('error.NoRulesLeft', [], [], EXIT.usage);
    }
  } catch (error) {
    if (error instanceof UnknownRuleError) {
      throw messages.createError(
        'error.UnknownRule',
        [error.unknownIds.join(', ')],
        [RULES.map((rule) => rule.meta.id).join(', ')],
        EXIT.usage
      );
    }
    throw error;
  }
}

/**
 * Checks the flags that need more than oclif's parsing (usage errors, exit 2), and returns the report files to write:
 * each path once, with the format its extension names.
 */
export function checkAuditFlags(flags: {
  rule?: string[];
  'exclude-rule'?: string[];
  'output-file'?: string[];
  'write-baseline'?: string;
  reason?: string;
  expires?: string;
}): Array<{ format: Exclude<ReportFormat, 'human'>; file: string }> {
  checkRules(flags.rule, flags['exclude-rule']);
  const files = [...new Set(flags['output-file'] ?? [])].map((file) => {
    const format = formatForFile(file);
    if (!format) throw messages.createError('error.UnknownReportFormat', [file], [], EXIT.usage);
    return { format, file };
  });
  if (flags['write-baseline'] && !flags.reason?.trim()) {
    throw messages.createError('error.ReasonNeeded', [], [], EXIT.usage);
  }
  if (flags.expires !== undefined && !isDate(flags.expires)) {
    throw messages.createError('error.BadExpiry', [flags.expires], [], EXIT.usage);
  }
  if (flags.expires !== undefined && flags.expires < today()) {
    throw messages.createError('error.ExpiryPassed', [flags.expires, today()], [], EXIT.usage);
  }
  return files;
}

/** Today's date, YYYY-MM-DD in UTC, as baseline expiry dates are written. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Fills a rule's message template, as ESLint does: `{{name}}` (spaces inside the braces allowed) becomes
 * `data.name`. A message id the rule lacks or a placeholder without data is a bug in the rule, so it throws rather
 * than print a half-filled sentence.
 */
import type { MessageData, RuleMessages } from './types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The text of `meta.messages[messageId]` with its placeholders filled from `data`. */
export function formatMessage(
  meta: { id: string; messages: RuleMessages },
  messageId: string,
  data: MessageData
): string {
  if (!Object.prototype.hasOwnProperty.call(meta.messages, messageId)) {
    throw new Error(`Rule ${meta.id} has no message "${messageId}".`);
  }
  return meta.messages[messageId].replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) {
      throw new Error(`Rule ${meta.id}, message "${messageId}": no data for placeholder {{${name}}}.`);
    }
    return String(data[name]);
  });
}

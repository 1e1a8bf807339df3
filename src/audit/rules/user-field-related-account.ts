import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { sameName } from '../../model/names.js';
import { mappingFinding, mappings } from './support.js';

/**
 * userField `Contact.RelatedAccount` only works with Contacts to Multiple Accounts enabled (Spring '19 release note
 * [DOC]). The org setting is not in the snapshot, so this is a reminder, not an error.
 */
export const userFieldRelatedAccount: Rule = {
  meta: {
    id: 'user-field-related-account',
    title: 'Contact.RelatedAccount needs Contacts to Multiple Accounts',
    severity: 'info',
    confidence: 'high',
    rationale:
      "Contact.RelatedAccount matches every account related to the user's contact through account contact " +
      'relationships; it needs Contacts to Multiple Accounts and can widen access to several accounts.',
    remediation:
      'Make sure Contacts to Multiple Accounts is enabled (Account Settings) and that every related account should ' +
      'really share these records.',
    sourceUrl: DOCS.relatedAccountReleaseNote,
    messages: {
      relatedAccount:
        '{{mapping}} uses Contact.RelatedAccount: it needs Contacts to Multiple Accounts and gives access through ' +
        "every account related to the user's contact.",
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot)
      .filter((ref) => sameName(ref.mapping.userField.replace(/\s/g, ''), 'Contact.RelatedAccount'))
      .map((ref) => mappingFinding(ref, 'relatedAccount'));
  },
};

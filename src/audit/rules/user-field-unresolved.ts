import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { resolveUserField } from '../../analysis/paths.js';
import { mappings, unresolvedPathFindings } from './support.js';

/**
 * A mapping's userField is not one of the documented forms, or its `Account.<Field>` / `Contact.<Field>` does not
 * resolve to a lookup to Account or Contact (docs/salesforce-facts.md §2 [DOC]). Unknown fields are not reported.
 */
export const userFieldUnresolved: Rule = {
  meta: {
    id: 'user-field-unresolved',
    title: 'userField is not a supported path on the user',
    severity: 'error',
    confidence: 'high',
    confidences: ['high', 'low'],
    rationale:
      "userField must be the user's Account or Contact, a lookup on them (Account.<Field>, Contact.<Field>), " +
      "Contact.RelatedAccount, or the manager's Account or Contact.",
    remediation:
      'Use one of Account, Contact, Account.<Field>, Contact.<Field>, Contact.RelatedAccount, Manager.Account, ' +
      'Manager.Contact, where <Field> is a lookup to Account or Contact.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      invalid: '{{mapping}}: invalid userField. {{detail}}',
      invalidDidYouMean: '{{mapping}}: invalid userField. {{detail}} Did you mean "{{meant}}"?',
      notConfirmed: '{{mapping}}: userField not confirmed. {{detail}}',
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot).flatMap((ref) => {
      const result = resolveUserField(snapshot, ref.mapping.userField);
      return result.ok || !result.certain ? [] : unresolvedPathFindings(ref, result);
    });
  },
};

import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { resolveUserField } from '../../analysis/paths.js';
import { describeMapping, mappings } from './support.js';

/**
 * A mapping's userField is not one of the documented forms, or its `Account.<Field>` / `Contact.<Field>` does not
 * resolve to a lookup to Account or Contact (DOMAIN.md §2 [DOC]). Unknown fields are not reported.
 */
export const userFieldUnresolved: Rule = {
  meta: {
    id: 'user-field-unresolved',
    title: 'userField is not a supported path on the user',
    severity: 'error',
    confidence: 'high',
    rationale:
      "userField must be the user's Account or Contact, a lookup on them (Account.<Field>, Contact.<Field>), " +
      "Contact.RelatedAccount, or the manager's Account or Contact.",
    remediation:
      'Use one of Account, Contact, Account.<Field>, Contact.<Field>, Contact.RelatedAccount, Manager.Account, ' +
      'Manager.Contact, where <Field> is a lookup to Account or Contact.',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot).flatMap((ref) => {
      const result = resolveUserField(snapshot, ref.mapping.userField);
      if (result.ok || !result.certain) return [];
      return [
        {
          target: { sharingSet: ref.set.fullName, mappingIndex: ref.index, object: ref.mapping.object },
          message: `${describeMapping(ref)}: ${result.partial ? 'userField not confirmed' : 'invalid userField'}. ${
            result.message
          }`,
          ...(result.partial ? { confidence: 'low' as const } : {}),
        },
      ];
    });
  },
};

import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { hasName } from '../../model/names.js';
import { mappingFinding, mappings } from './support.js';

const SENSITIVE = ['Account', 'Contact', 'User'];

/**
 * Edit access through a sharing set on Account, Contact or User lets every site user matched by the mapping edit the
 * company record, colleagues' contact details or user records. Allowed (the Metadata API samples grant Edit on
 * Contact), so this is a least-privilege review prompt, medium confidence.
 */
export const editOnAccountContactUser: Rule = {
  meta: {
    id: 'edit-on-account-contact-user',
    title: 'Edit access on Account, Contact or User',
    severity: 'warning',
    confidence: 'medium',
    rationale:
      'A sharing set grants its access to every user of its profiles whose account or contact matches: Edit on ' +
      "Account, Contact or User lets all of them change the company record or each other's details.",
    remediation:
      'Grant Read unless users really need to edit these records; consider a narrower path (Contact instead of ' +
      'Account) or a separate profile for the users who must edit.',
    sourceUrl: DOCS.sharingSetHelp,
    messages: {
      editSensitive:
        '{{mapping}} grants Edit on {{object}}: every matched site user can edit these records. Check that Read is ' +
        'not enough.',
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot)
      .filter((ref) => ref.mapping.accessLevel === 'Edit' && hasName(SENSITIVE, ref.mapping.object))
      .map((ref) => mappingFinding(ref, 'editSensitive'));
  },
};

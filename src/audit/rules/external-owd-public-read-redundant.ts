import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { findObject } from '../../model/fields.js';
import { sameName } from '../../model/names.js';
import { mappingFinding, mappings } from './support.js';

/**
 * A Read mapping on an object whose external org-wide default is Public Read Only: external users already read every
 * record, so the mapping adds nothing (an Edit mapping still does). That is what the default means (the page cited is
 * Salesforce's on external defaults); a practitioner's account of high-volume users says the same: "Read on all
 * records where the object org-wide default is public read-only" (SECONDARY.highVolumeUsersReadOwnAccount).
 */
export const externalOwdPublicReadRedundant: Rule = {
  meta: {
    id: 'external-owd-public-read-redundant',
    title: 'Read mapping on an object external users can already read',
    severity: 'info',
    confidence: 'high',
    rationale:
      'With an external org-wide default of Public Read Only every external user can read every record of the ' +
      'object, so a Read access mapping grants nothing more.',
    remediation:
      'Remove the mapping, or set the default external access to Private if external users should only see their ' +
      "own account's records.",
    sourceUrl: DOCS.externalOwd,
    messages: {
      alreadyReadable:
        '{{mapping}}: the external org-wide default of {{object}} is Public Read Only, so external users can ' +
        'already read every record and this Read mapping adds nothing.',
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot)
      .filter(
        (ref) =>
          ref.mapping.accessLevel === 'Read' &&
          sameName(findObject(snapshot.objects, ref.mapping.object)?.externalSharingModel, 'Read')
      )
      .map((ref) => mappingFinding(ref, 'alreadyReadable'));
  },
};

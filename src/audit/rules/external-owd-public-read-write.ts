import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { findObject } from '../../model/fields.js';
import { hasName } from '../../model/names.js';
import { mappingFinding, mappings } from './support.js';

/** External org-wide defaults at which every external user can already edit every record (docs/salesforce-facts.md §4 values). */
const PUBLIC_EDIT = ['ReadWrite', 'ReadWriteTransfer', 'FullAccess'];

/**
 * The mapped object's external org-wide default is Public Read/Write (or wider): every external user can already
 * read and edit every record, so the mapping adds nothing, and Setup does not offer such objects for sharing sets:
 * "The Available Objects list excludes: Objects with an org-wide sharing setting of Public Read/Write" (Trailhead,
 * shared/seeds/000, DOCS.trailheadSiteSharing; docs/salesforce-facts.md §2).
 */
export const externalOwdPublicReadWrite: Rule = {
  meta: {
    id: 'external-owd-public-read-write',
    title: "Mapped object's external default is Public Read/Write",
    severity: 'warning',
    confidence: 'high',
    rationale:
      'With an external org-wide default of Public Read/Write every external user can read and edit every record of ' +
      'the object: the sharing set adds nothing, and the data is probably far more open than intended.',
    remediation:
      'Set the default external access of the object to Private (Setup > Sharing Settings) and let the sharing set ' +
      'grant access per account or contact.',
    sourceUrl: DOCS.trailheadSiteSharing,
    messages: {
      alreadyEditable:
        '{{mapping}}: the external org-wide default of {{object}} is {{model}}, so every external user can already ' +
        'read and edit every record and this mapping adds nothing.',
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot).flatMap((ref) => {
      const model = findObject(snapshot.objects, ref.mapping.object)?.externalSharingModel;
      if (!model || !hasName(PUBLIC_EDIT, model)) return [];
      return [mappingFinding(ref, 'alreadyEditable', { model })];
    });
  },
};

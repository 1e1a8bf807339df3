import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { setFindings } from './support.js';

/** A sharing set with no profile (the XSD allows zero, docs/salesforce-facts.md §2 [SRC]) gives nobody access. */
export const sharingSetNoProfiles: Rule = {
  meta: {
    id: 'sharing-set-no-profiles',
    title: 'Sharing set has no profiles',
    severity: 'warning',
    confidence: 'high',
    rationale:
      'Access mappings apply only to users of the profiles a sharing set lists; with none, the set does nothing.',
    remediation: 'Add the external profiles whose users need the access, or delete the sharing set.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      noProfiles: 'Sharing set "{{set}}" has no profiles, so it gives nobody access.',
    },
  },
  check(snapshot): RawFinding[] {
    return setFindings(snapshot, (set) => set.profiles.every((profile) => profile.trim() === ''), 'noProfiles');
  },
};

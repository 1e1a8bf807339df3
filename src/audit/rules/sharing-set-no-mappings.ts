import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { setFindings } from './support.js';

/** A sharing set with no access mapping (the XSD allows zero, docs/salesforce-facts.md §2 [SRC]) grants nothing. */
export const sharingSetNoMappings: Rule = {
  meta: {
    id: 'sharing-set-no-mappings',
    title: 'Sharing set has no access mappings',
    severity: 'warning',
    confidence: 'high',
    rationale: 'A sharing set is a container of access mappings; without one it grants no access to anyone.',
    remediation: 'Add the access mappings the set is meant for, or delete the sharing set.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      noMappings: 'Sharing set "{{set}}" has no access mappings, so it grants nothing.',
    },
  },
  check(snapshot): RawFinding[] {
    return setFindings(snapshot, (set) => set.accessMappings.length === 0, 'noMappings');
  },
};

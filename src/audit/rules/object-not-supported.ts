import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { findObject } from '../../model/fields.js';
import { hasName, nameKey } from '../../model/names.js';
import { mappingFinding, mappings } from './support.js';

const ENDS = ['Account', 'Contact'];

/**
 * A mapping targets a custom object with no lookup to Account or Contact. Setup's list of objects for a sharing set
 * excludes "Custom objects that don't have an account or contact lookup field" (Trailhead, shared/seeds/000; docs/salesforce-facts.md
 * §2 [DOC/2ND]). Standard objects are left alone: Salesforce offers some without a direct lookup (Campaign, through
 * its owner), and the list grows by release. Indirect lookups through another object are documented too, so the rule
 * is medium confidence, and it only fires when every field is known: against an org (alone, or under a project
 * checked against it), never on a project alone, which may hold an object without the field files of its lookups.
 */
export const objectNotSupported: Rule = {
  meta: {
    id: 'object-not-supported',
    title: 'Mapped custom object has no Account or Contact lookup',
    severity: 'warning',
    confidence: 'medium',
    rationale:
      'Sharing sets match records through an Account or Contact lookup; Setup does not offer custom objects ' +
      'without one, so such a mapping is likely rejected or grants nothing.',
    remediation:
      'Add a lookup to Account or Contact on the object (or map through a lookup to an object that has one), or ' +
      'remove the mapping.',
    sourceUrl: DOCS.trailheadSiteSharing,
    messages: {
      noLookup:
        '{{mapping}}: custom object {{customObject}} has no lookup to Account or Contact, and Setup does not offer ' +
        'such objects for sharing sets (an indirect lookup through another object may still work).',
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot).flatMap((ref) => {
      const object = findObject(snapshot.objects, ref.mapping.object);
      // Only an org lists every field: a project may hold an object without the field files of its lookups.
      if (snapshot.coverage.objects !== 'complete') return [];
      if (!object?.fields || !nameKey(object.name).endsWith('__c')) return [];
      const direct = object.fields.some((field) => field.referenceTo.some((to) => hasName(ENDS, to)));
      if (direct) return [];
      return [mappingFinding(ref, 'noLookup', { customObject: object.name })];
    });
  },
};

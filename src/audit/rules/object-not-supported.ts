import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../analysis/sources.js';
import { findObject } from '../../model/fields.js';
import { describeMapping, mappings } from './support.js';

const ENDS = ['account', 'contact'];

/**
 * A mapping targets an object with no lookup to Account or Contact. Setup does not offer such objects for sharing
 * sets (Trailhead, DOMAIN.md §2 [DOC/2ND]); indirect lookups through another object are documented too, so the rule
 * is medium confidence and only fires when the object's fields are known.
 */
export const objectNotSupported: Rule = {
  meta: {
    id: 'object-not-supported',
    title: 'Mapped object has no Account or Contact lookup',
    severity: 'warning',
    confidence: 'medium',
    rationale:
      'Sharing sets match records through an Account or Contact lookup; Setup does not offer objects without one, ' +
      'so such a mapping is likely rejected or grants nothing.',
    remediation:
      'Add a lookup to Account or Contact on the object (or map through a lookup to an object that has one), or ' +
      'remove the mapping.',
    sourceUrl: DOCS.trailheadSiteSharing,
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot).flatMap((ref) => {
      const object = findObject(snapshot.objects, ref.mapping.object);
      if (!object?.fields || ENDS.includes(object.name.toLowerCase())) return [];
      const direct = object.fields.some((field) => field.referenceTo.some((to) => ENDS.includes(to.toLowerCase())));
      if (direct) return [];
      return [
        {
          target: { sharingSet: ref.set.fullName, mappingIndex: ref.index, object: ref.mapping.object },
          message:
            `${describeMapping(ref)}: ${object.name} has no lookup to Account or Contact, and Setup does not offer ` +
            'such objects for sharing sets (an indirect lookup through another object may still work).',
        },
      ];
    });
  },
};

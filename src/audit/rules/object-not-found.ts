import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { findObject } from '../../model/fields.js';
import { closestName } from '../../model/names.js';
import { mappingFinding, mappings } from './support.js';

/** A mapping targets an object the org does not have. Only when every mapped object was read (coverage complete). */
export const objectNotFound: Rule = {
  meta: {
    id: 'object-not-found',
    title: 'Access mapping targets an object that does not exist',
    severity: 'error',
    confidence: 'high',
    rationale:
      'A mapping on a missing object (misspelt, or a custom object not deployed yet) can match no record, ' +
      'and Salesforce may reject the sharing set.',
    remediation: 'Correct the object API name (custom objects end in __c) or deploy the object first.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      notFound: '{{mapping}}: the object {{object}} does not exist in the org.',
      notFoundDidYouMean: '{{mapping}}: the object {{object}} does not exist in the org. Did you mean "{{meant}}"?',
    },
  },
  check(snapshot): RawFinding[] {
    if (snapshot.coverage.objects !== 'complete') return [];
    return mappings(snapshot)
      .filter((ref) => !findObject(snapshot.objects, ref.mapping.object))
      .map((ref) => {
        // Every object of the org when it was read (an org lacking a mapped object), else those the snapshot holds.
        const meant = closestName(ref.mapping.object, snapshot.objectNames ?? Object.keys(snapshot.objects));
        return meant ? mappingFinding(ref, 'notFoundDidYouMean', { meant }) : mappingFinding(ref, 'notFound');
      });
  },
};

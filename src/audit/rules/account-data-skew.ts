import type { RawFinding, Rule } from '../types.js';
import type { Snapshot } from '../../model/types.js';
import { DOCS } from '../../analysis/sources.js';
import { SKEW_THRESHOLD } from '../../model/types.js';
import { quote } from './support.js';

/**
 * A parent record (usually an Account) with more than 10,000 child records of a mapped object. Parent-child data skew
 * slows sharing recalculation and causes record-locking errors (Designing Record Access for Enterprise Scale [DOC]).
 * Needs a deep read: silent when the snapshot has no skew data.
 */
export const accountDataSkew: Rule = {
  meta: {
    id: 'account-data-skew',
    title: 'More than 10,000 child records under one parent',
    severity: 'warning',
    confidence: 'high',
    rationale:
      'Parent-child data skew (more than 10,000 children under one account) slows sharing calculations and data ' +
      'loads and causes record-locking failures.',
    remediation:
      'Spread the child records over more parent records (e.g. several placeholder accounts) so no parent holds more ' +
      'than 10,000 children.',
    sourceUrl: DOCS.dataSkew,
    deep: true,
  },
  check(snapshot): RawFinding[] {
    // Lookups whose children could not be counted: said, as a note that never gates, so a gap is not taken for a pass.
    const gaps = (snapshot.skewNotChecked ?? []).map(
      (gap): RawFinding => ({
        target: { object: gap.object },
        identity: `not-checked|${gap.field.toLowerCase()}`,
        severity: 'info',
        confidence: 'low',
        message: `Could not count ${gap.object} records per ${gap.field} (${gap.reason}): account data skew was not checked there.`,
      })
    );
    return [...gaps, ...skewed(snapshot)];
  },
};

/** A finding per parent over the threshold, naming the sharing sets that map its children's object. */
function skewed(snapshot: Snapshot): RawFinding[] {
  return (snapshot.skew ?? [])
    .filter((skew) => skew.childCount > SKEW_THRESHOLD)
    .map((skew) => {
      const sets = snapshot.sharingSets
        .filter((set) =>
          set.accessMappings.some((mapping) => mapping.object.toLowerCase() === skew.object.toLowerCase())
        )
        .map((set) => quote(set.fullName));
      return {
        target: { object: skew.object },
        identity: `${skew.field.toLowerCase()}|${skew.parentId}`,
        message:
          `${skew.childCount.toLocaleString('en-US')} ${skew.object} records have ${skew.field} = ${skew.parentId}, ` +
          `more than ${SKEW_THRESHOLD.toLocaleString('en-US')} under one parent` +
          (sets.length > 0 ? ` (${skew.object} is mapped by sharing set ${sets.join(', ')}).` : '.'),
      };
    });
}

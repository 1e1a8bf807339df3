import type { RawFinding, Rule } from '../types.js';
import type { Snapshot } from '../../model/types.js';
import { DOCS } from '../../model/docs.js';
import { SKEW_THRESHOLD } from '../../model/types.js';
import { quote } from './support.js';

/**
 * A parent record (usually an Account) with more than 10,000 child records of a mapped object. Parent-child data skew
 * causes record-locking errors and slow updates (Designing Record Access for Enterprise Scale [DOC]). The DRAES advice
 * to spread children over several accounts is for placeholder accounts holding unassigned records: moving a real
 * customer's records away would take them from that customer's users, since sharing-set access follows the Account
 * lookup (DOMAIN.md §1), so the remediation says which case is which.
 * Needs a deep read: silent when the snapshot has no skew data.
 */
export const accountDataSkew: Rule = {
  meta: {
    id: 'account-data-skew',
    title: 'More than 10,000 child records under one parent',
    severity: 'warning',
    confidence: 'high',
    rationale:
      'Parent-child data skew (more than 10,000 children under one account) makes updates of the children lock the ' +
      'parent, so data loads and integrations fail with record-locking errors and slow down.',
    remediation:
      'If the parent is a placeholder (a catch-all account for unassigned records), spread its children over several ' +
      "placeholders. For a real customer's account keep the lookup, since it is what gives that customer's users " +
      'access through the sharing set, and plan bulk loads around the lock (group the children by parent, ' +
      'smaller batches).',
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

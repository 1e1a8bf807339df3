import type { RawFinding, Rule } from '../types.js';
import type { Snapshot } from '../../model/types.js';
import { DOCS } from '../../model/docs.js';
import { SKEW_THRESHOLD } from '../../model/types.js';
import { nameKey, sameName } from '../../model/names.js';
import { quoteAll } from './support.js';

/**
 * A parent record (usually an Account) with more than 10,000 child records of a mapped object. Parent-child data skew
 * causes record-locking errors and slow updates (Designing Record Access for Enterprise Scale [DOC]). The DRAES advice
 * to spread children over several accounts is for placeholder accounts holding unassigned records: moving a real
 * customer's records away would take them from that customer's users, since sharing-set access follows the Account
 * lookup (docs/salesforce-facts.md §1), so the remediation says which case is which.
 * Needs a deep read: silent when the snapshot has no skew data. A lookup the loader could not count (a query cancelled
 * after Salesforce's query time-out, a field describe says cannot be grouped: docs/salesforce-facts.md §6) is said as
 * an info note that never gates, with the reason as a code.
 */
export const accountDataSkew: Rule = {
  meta: {
    id: 'account-data-skew',
    title: 'More than 10,000 child records under one parent',
    severity: 'warning',
    confidence: 'high',
    confidences: ['high', 'low'],
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
    messages: {
      notChecked:
        'Could not count {{object}} records per {{field}} ({{reason}}): account data skew was not checked there.',
      notCheckedTimeout:
        'Could not count {{object}} records per {{field}}: Salesforce cancelled the query for running too long ' +
        '({{reason}}), so account data skew was not checked there',
      notGroupable:
        'Could not count {{object}} records per {{field}}: describe says the field cannot be grouped (groupable is ' +
        'false), so account data skew was not checked there.',
      skew: '{{count}} {{object}} records have {{field}} = {{parent}}, more than {{threshold}} under one parent.',
      skewMapped:
        '{{count}} {{object}} records have {{field}} = {{parent}}, more than {{threshold}} under one parent ' +
        '({{object}} is mapped by sharing set {{sets}}).',
    },
  },
  check(snapshot): RawFinding[] {
    // Lookups whose children could not be counted: said, as a note that never gates, so a gap is not taken for a pass.
    const gaps = (snapshot.skewNotChecked ?? []).map(
      (gap): RawFinding => ({
        ...(gap.code === 'query-timeout'
          ? { messageId: 'notCheckedTimeout', advice: 'skew-query-timeout' as const }
          : { messageId: gap.code === 'not-groupable' ? 'notGroupable' : 'notChecked' }),
        data: { object: gap.object, field: gap.field, reason: gap.reason },
        target: { object: gap.object },
        identity: `not-checked|${nameKey(gap.field)}`,
        severity: 'info',
        confidence: 'low',
      })
    );
    return [...gaps, ...skewed(snapshot)];
  },
};

/** A finding per parent over the threshold, naming the sharing sets that map its children's object. */
function skewed(snapshot: Snapshot): RawFinding[] {
  return (snapshot.skew ?? [])
    .filter((skew) => skew.childCount > SKEW_THRESHOLD)
    .map((skew): RawFinding => {
      const sets = snapshot.sharingSets
        .filter((set) => set.accessMappings.some((mapping) => sameName(mapping.object, skew.object)))
        .map((set) => set.fullName);
      const data = {
        count: skew.childCount.toLocaleString('en-US'),
        object: skew.object,
        field: skew.field,
        // The parent as people know it (its Name) and as the API does (its Id).
        parent: skew.parentName === undefined ? skew.parentId : `${skew.parentId} (${skew.parentName})`,
        threshold: SKEW_THRESHOLD.toLocaleString('en-US'),
      };
      return {
        ...(sets.length > 0
          ? { messageId: 'skewMapped', data: { ...data, sets: quoteAll(sets) } }
          : { messageId: 'skew', data }),
        target: { object: skew.object },
        identity: `${nameKey(skew.field)}|${skew.parentId}`,
      };
    });
}

import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { resolveObjectField } from '../../analysis/paths.js';
import { mappings, unresolvedPathFindings } from './support.js';

/**
 * A mapping's objectField does not lead to Account or Contact: unknown field, a non-lookup field, a path ending
 * elsewhere, or a misplaced `Id`. A field the org's describe does not have, or that is not a lookup, or that looks up
 * neither Account nor Contact, is a schema fact: high confidence (a sharing set matches records through an Account or
 * Contact lookup, docs/salesforce-facts.md §1 [DOC]). The finer path syntax is known from samples only (docs/salesforce-facts.md §2 [UNC]), so the
 * other problems are medium confidence. Fields that are not known are never reported (the resolver says "unknown").
 */
/** Problems read straight from the org's (or project's) schema, as opposed to the path syntax. */
const SCHEMA_FACTS = new Set(['unknown-field', 'not-a-lookup', 'wrong-target']);

export const objectFieldUnresolved: Rule = {
  meta: {
    id: 'object-field-unresolved',
    title: 'objectField does not resolve to an Account or Contact lookup',
    severity: 'error',
    confidence: 'high',
    confidences: ['high', 'medium', 'low'],
    rationale:
      'objectField must be a lookup path on the mapped object ending at Account or Contact (or Id on Account and ' +
      'Contact); anything else matches no record, and Salesforce may reject it.',
    remediation:
      'Use the lookup relationship name (Account, Contact, Entitlement.Account) or the custom field name ' +
      '(AccountLookup__c); check the field exists and points to Account or Contact.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      invalid: '{{mapping}}: invalid objectField. {{detail}}',
      invalidDidYouMean: '{{mapping}}: invalid objectField. {{detail}} Did you mean "{{meant}}"?',
      notConfirmed: '{{mapping}}: objectField not confirmed. {{detail}}',
    },
  },
  check(snapshot): RawFinding[] {
    return mappings(snapshot).flatMap((ref) => {
      const result = resolveObjectField(snapshot, ref.mapping.object, ref.mapping.objectField);
      // unknown-object is object-not-found's finding; unknown data is nobody's.
      if (result.ok || !result.certain || result.problem === 'unknown-object') return [];
      // A field missing from a partly known object (a standard object without an org) is doubtful, not wrong.
      return unresolvedPathFindings(ref, result, SCHEMA_FACTS.has(result.problem) ? {} : { confidence: 'medium' });
    });
  },
};

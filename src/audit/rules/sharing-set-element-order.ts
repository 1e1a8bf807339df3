import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { layoutFinding, layoutIssues } from './support.js';

/**
 * Elements out of the XSD sequence's order (`<name>` before `<accessMappings>`, `<object>` before `<accessLevel>`).
 * The WSDL declares a sequence [SRC], but no source says a deploy rejects a different order of distinct elements
 * [UNC] (docs/salesforce-facts.md §6): low confidence, a warning that never blocks on its own.
 */
export const sharingSetElementOrder: Rule = {
  meta: {
    id: 'sharing-set-element-order',
    title: 'Sharing-set file is not in XSD order',
    severity: 'warning',
    confidence: 'low',
    rationale:
      'The SharingSet schema is a sequence (accessMappings, description, name, profiles; in a mapping accessLevel, ' +
      'object, objectField, userField). Whether a deploy rejects another order is not documented; retrieved files ' +
      'always follow it.',
    remediation: 'Write the elements in XSD order (audit --fix does it).',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      order: 'Sharing set "{{set}}": <{{element}}> on line {{line}} comes after an element the schema puts later (line {{firstLine}}).',
    },
  },
  check(snapshot): RawFinding[] {
    return layoutIssues(snapshot, 'element-order').map(({ set, issue }) => layoutFinding(set, issue, 'order'));
  },
};

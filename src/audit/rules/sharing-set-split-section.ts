import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { layoutFinding, layoutIssues } from './support.js';

/**
 * An element written again after a different one (`<profiles>` before and after `<name>`): a deploy fails with
 * "Element X is duplicated at this location in type …" (Salesforce knowledge article 000383335, written for Profile,
 * stated for complex types in general; Gearset's problem analyzer reports it too: docs/salesforce-facts.md §6).
 */
export const sharingSetSplitSection: Rule = {
  meta: {
    id: 'sharing-set-split-section',
    title: 'Sharing-set file splits a section',
    severity: 'error',
    confidence: 'high',
    rationale:
      'The Metadata API needs every occurrence of an element grouped together; a file whose <accessMappings> or ' +
      '<profiles> are split by another element fails to deploy ("Element … is duplicated at this location").',
    remediation: 'Move every occurrence of the element together, in XSD order (audit --fix does it).',
    sourceUrl: DOCS.splitSections,
    messages: {
      split: 'Sharing set "{{set}}": <{{element}}> on line {{line}} comes after a different element, apart from the first <{{element}}> on line {{firstLine}}.',
    },
  },
  check(snapshot): RawFinding[] {
    return layoutIssues(snapshot, 'split-section').map(({ set, issue }) => layoutFinding(set, issue, 'split'));
  },
};

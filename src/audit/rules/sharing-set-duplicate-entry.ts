import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { layoutIssues } from './support.js';

/**
 * A mapping (same object, objectField and userField) or a profile (names compared ignoring case,
 * docs/salesforce-facts.md §2) written twice in one file. An identical copy adds nothing; two mappings that differ in
 * access level or spelling leave it unclear which was meant. Whether a deploy rejects either is not documented.
 */
export const sharingSetDuplicateEntry: Rule = {
  meta: {
    id: 'sharing-set-duplicate-entry',
    title: 'Sharing-set file repeats a mapping or a profile',
    severity: 'warning',
    confidence: 'high',
    rationale:
      'A repeated entry gives nobody more access; a repeated mapping with another access level or spelling hides ' +
      'which one was meant.',
    remediation: 'Keep one of them (audit --fix drops an identical copy).',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      exactMapping: 'Sharing set "{{set}}": the mapping on line {{line}} repeats the one on line {{firstLine}}.',
      conflictingMapping:
        'Sharing set "{{set}}": the mapping on line {{line}} maps the same object and fields as line {{firstLine}} with another access level or spelling; keep the one you mean.',
      exactProfile: 'Sharing set "{{set}}": the profile on line {{line}} repeats the one on line {{firstLine}}.',
      caseProfile:
        'Sharing set "{{set}}": the profile on line {{line}} names the profile on line {{firstLine}} again, spelt with other capitals; keep one of them.',
    },
  },
  check(snapshot): RawFinding[] {
    return [...layoutIssues(snapshot, 'duplicate-mapping'), ...layoutIssues(snapshot, 'duplicate-profile')].map(
      ({ set, issue }) => ({
        messageId:
          issue.kind === 'duplicate-mapping'
            ? issue.exact
              ? 'exactMapping'
              : 'conflictingMapping'
            : issue.exact
            ? 'exactProfile'
            : 'caseProfile',
        data: { set: set.fullName, line: issue.line, firstLine: issue.firstLine },
        target: { sharingSet: set.fullName },
        identity: `${issue.kind}|${issue.exact ? 'exact' : 'variant'}`,
        location: { file: set.location?.file ?? set.fullName, line: issue.line },
      })
    );
  },
};

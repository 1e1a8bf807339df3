import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { fileProblemFindings } from './support.js';

/**
 * A sharing-set file of the project that could not be read, or that a deploy would reject (malformed XML, an element
 * the WSDL's SharingSet type does not have, a missing <name>, ...: docs/salesforce-facts.md §2 [SRC]). Its sharing
 * set is not in the snapshot, so no other rule checked it: the file itself is the finding, with its line and fix.
 */
export const sharingSetFileInvalid: Rule = {
  meta: {
    id: 'sharing-set-file-invalid',
    title: 'Sharing-set file cannot be read or would be rejected',
    severity: 'error',
    confidence: 'high',
    rationale:
      'A file that cannot be read was not audited at all, and one that breaks the SharingSet schema fails the deploy.',
    remediation: 'Correct the file as the message says (the line and the change needed), then audit again.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      invalid: '{{file}}:{{line}}: {{problem}}',
    },
  },
  check(snapshot): RawFinding[] {
    return fileProblemFindings(snapshot, true, 'invalid');
  },
};

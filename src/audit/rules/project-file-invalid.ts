import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { fileProblemFindings } from './support.js';

/**
 * A profile, object or field file of the project (or a folder) that could not be read: what it defines is missing
 * from the snapshot, so the references to it are listed as not verified rather than checked.
 */
export const projectFileInvalid: Rule = {
  meta: {
    id: 'project-file-invalid',
    title: 'Project file cannot be read',
    severity: 'warning',
    confidence: 'high',
    rationale:
      'The audit checks sharing sets against the profiles, objects and fields the project defines; a file it cannot ' +
      'read leaves what it defines unchecked.',
    remediation: 'Correct the file as the message says, then audit again.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      unreadable: '{{file}}:{{line}}: {{problem}}',
    },
  },
  check(snapshot): RawFinding[] {
    return fileProblemFindings(snapshot, false, 'unreadable');
  },
};

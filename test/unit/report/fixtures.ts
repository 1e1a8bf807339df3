import type { Finding, RuleMeta } from '../../../src/audit/types.js';
import type { AuditReport } from '../../../src/report/auditReport.js';

export const rules: RuleMeta[] = [
  {
    id: 'profile-license-ineligible',
    title: 'Profile cannot use sharing sets',
    severity: 'error',
    confidence: 'high',
    rationale: 'Only high-volume external licenses can be in a sharing set.',
    remediation: 'Remove the profile from the sharing set.',
    sourceUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sharingset.htm',
  },
  {
    id: 'duplicate-profile-object',
    title: 'Several sharing sets grant the same object to one profile',
    severity: 'warning',
    confidence: 'medium',
    rationale: 'Secondary sources say only one sharing set per profile and object applies.',
    remediation: 'Merge the mappings into one sharing set.',
    sourceUrl: 'https://example.com/blog',
  },
  {
    id: 'child-without-parent-account',
    title: 'A rule that passes',
    severity: 'info',
    confidence: 'medium',
    rationale: 'r',
    remediation: 'nothing',
    sourceUrl: '',
  },
];

export const fileFinding: Finding = {
  ruleId: 'profile-license-ineligible',
  severity: 'error',
  confidence: 'high',
  message: 'Profile "Guest <site> & co" cannot be used in a sharing set.',
  target: { sharingSet: 'Share_cases', profile: 'Guest <site> & co' },
  location: { file: 'force-app/main/default/sharingSets/Share cases.sharingSet-meta.xml', line: 2, lineOfTarget: 12 },
  fingerprint: 'fp-file',
};

export const mappingFinding: Finding = {
  ruleId: 'duplicate-profile-object',
  severity: 'warning',
  confidence: 'medium',
  message: '=HYPERLINK("http://evil") Case, "quoted"\nsecond line',
  target: { sharingSet: 'Share_cases', mappingIndex: 1 },
  location: {
    file: 'force-app/main/default/sharingSets/Share cases.sharingSet-meta.xml',
    line: 2,
    mappingLines: [4, 9],
  },
  fingerprint: 'fp-mapping',
};

export const orgFinding: Finding = {
  ruleId: 'profile-license-ineligible',
  severity: 'error',
  confidence: 'high',
  message: 'Profile "Standard User" cannot be used in a sharing set.',
  target: { sharingSet: 'Org_set', profile: 'Standard User' },
  fingerprint: 'fp-org',
};

export const objectFinding: Finding = {
  ruleId: 'unknown-rule',
  severity: 'info',
  confidence: 'low',
  message: 'Object note \u0001 with a control character.',
  target: { object: 'Case' },
  fingerprint: 'fp-object',
};

export const report: AuditReport = {
  tool: { name: 'plugin-sharing', version: '0.1.0', informationUri: 'https://github.com/example/plugin-sharing' },
  origin: { kind: 'source+org', sourceDir: '.', org: 'admin@acme.com' },
  rules,
  findings: [objectFinding, mappingFinding, orgFinding, fileFinding],
  suppressed: [
    {
      finding: { ...orgFinding, target: { sharingSet: 'Legacy_set', profile: 'Standard User' }, fingerprint: 'fp-sup' },
      reason: 'Accepted until the Q3 clean-up',
    },
  ],
  threshold: 'warning',
};

export const emptyReport: AuditReport = {
  tool: { name: 'plugin-sharing', version: '0.1.0' },
  origin: { kind: 'org', org: 'admin@acme.com' },
  rules,
  findings: [],
};

import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { classifiedProfiles, profileFinding } from './support.js';

/**
 * A sharing set names an internal (Standard user type) or guest profile. Sharing sets serve external site and portal
 * users only; guest and internal users can never use them (docs/salesforce-facts.md §3 [DOC]).
 */
export const profileLicenseIneligible: Rule = {
  meta: {
    id: 'profile-license-ineligible',
    title: 'Profile license cannot use sharing sets',
    severity: 'error',
    confidence: 'high',
    rationale:
      'Only external users with Customer Community, Partner Community, high-volume portal, authenticated website or ' +
      'Lightning External Apps licenses get access through sharing sets; internal and guest profiles get nothing.',
    remediation:
      'Remove the profile from the sharing set; give internal or guest users access with sharing rules or other ' +
      'sharing features instead.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      ineligible: 'Sharing set "{{set}}": {{reason}}',
    },
  },
  check(snapshot): RawFinding[] {
    return classifiedProfiles(snapshot, 'ineligible').map(({ ref, result }) =>
      profileFinding(ref, 'ineligible', { reason: result.reason }, { confidence: result.confidence })
    );
  },
};

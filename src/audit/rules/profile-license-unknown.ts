import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { classifiedProfiles, profileFinding } from './support.js';

/**
 * A sharing set names a profile whose license the plugin cannot place: an unrecognised license, a name and key that
 * disagree, or External Identity (docs/salesforce-facts.md §3 [UNC]). Silent when nothing about the license is known (that is
 * missing data, not a finding).
 */
export const profileLicenseUnknown: Rule = {
  meta: {
    id: 'profile-license-unknown',
    title: 'Profile license not known to be able to use sharing sets',
    severity: 'warning',
    confidence: 'medium',
    confidences: ['low'],
    rationale:
      'An unrecognised license is never assumed eligible: if it cannot use sharing sets, its users silently get no ' +
      'access from the set.',
    remediation:
      'Check the license in Setup > Company Information > User Licenses against the list of licenses that can use ' +
      'sharing sets; move the users to an eligible license or remove the profile.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      unknownLicense: 'Sharing set "{{set}}": {{reason}}',
    },
  },
  check(snapshot): RawFinding[] {
    return classifiedProfiles(snapshot, 'unknown')
      .filter(({ ref }) => Boolean(ref.info.licenseName) || Boolean(ref.info.licenseKey))
      .map(({ ref, result }) =>
        profileFinding(ref, 'unknownLicense', { reason: result.reason }, { confidence: result.confidence })
      );
  },
};

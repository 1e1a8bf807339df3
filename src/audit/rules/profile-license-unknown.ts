import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { classifyProfile } from '../../eligibility/classify.js';
import { profileRefs, quote } from './support.js';

/**
 * A sharing set names a profile whose license the plugin cannot place: an unrecognised license, a name and key that
 * disagree, or External Identity (DOMAIN.md §3 [UNC]). Silent when nothing about the license is known (that is
 * missing data, not a finding).
 */
export const profileLicenseUnknown: Rule = {
  meta: {
    id: 'profile-license-unknown',
    title: 'Profile license not known to be able to use sharing sets',
    severity: 'warning',
    confidence: 'medium',
    rationale:
      'An unrecognised license is never assumed eligible: if it cannot use sharing sets, its users silently get no ' +
      'access from the set.',
    remediation:
      'Check the license in Setup > Company Information > User Licenses against the list of licenses that can use ' +
      'sharing sets; move the users to an eligible license or remove the profile.',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  check(snapshot): RawFinding[] {
    return profileRefs(snapshot).flatMap((ref) => {
      if (!ref.info || (!ref.info.licenseName && !ref.info.licenseKey)) return [];
      const result = classifyProfile(ref.info);
      if (result.eligibility !== 'unknown') return [];
      return [
        {
          target: { sharingSet: ref.set.fullName, profile: ref.name },
          confidence: result.confidence,
          message: `Sharing set ${quote(ref.set.fullName)}: ${result.reason}`,
        },
      ];
    });
  },
};

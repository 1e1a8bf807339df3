import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { findStandardInternalProfile, STANDARD_PROFILE_CONFIDENCE } from '../../eligibility/standardProfiles.js';
import { classifiedProfiles, profileFinding, profileRefs } from './support.js';

/**
 * A sharing set names an internal (Standard user type) or guest profile. Sharing sets serve external site and portal
 * users only; guest and internal users can never use them (docs/salesforce-facts.md §3 [DOC]).
 *
 * A profile the snapshot does not hold (a project without its profile file, audited without an org) is classified by
 * name when it is one of the standard internal profiles (src/eligibility/standardProfiles.ts): medium confidence, as
 * a name match is evidence, not proof (docs/salesforce-facts.md §7). Guest profiles are created per site, so they are
 * known only from a profile file or an org.
 */
export const profileLicenseIneligible: Rule = {
  meta: {
    id: 'profile-license-ineligible',
    title: 'Profile license cannot use sharing sets',
    severity: 'error',
    confidence: 'high',
    confidences: ['high', 'medium'],
    rationale:
      'Only external users with Customer Community, Partner Community, high-volume portal, authenticated website or ' +
      'Lightning External Apps licenses get access through sharing sets; internal and guest profiles get nothing.',
    remediation:
      'Remove the profile from the sharing set; give internal or guest users access with sharing rules or other ' +
      'sharing features instead.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      ineligible: 'Sharing set "{{set}}": {{reason}}',
      standardInternal:
        'Sharing set "{{set}}" names "{{profile}}", the name of one of the standard profiles Salesforce ships for ' +
        'internal users; sharing sets only give access to external site and portal users. (Classified by its ' +
        'name alone: no profile file says what it is.)',
    },
  },
  check(snapshot): RawFinding[] {
    const classified = classifiedProfiles(snapshot, 'ineligible').map(({ ref, result }) =>
      profileFinding(ref, 'ineligible', { reason: result.reason }, { confidence: result.confidence })
    );
    // Every profile of the org was read: a name it does not hold is profile-not-found's finding, not a standard one.
    if (snapshot.coverage.profiles === 'complete') return classified;
    const byName = profileRefs(snapshot).flatMap((ref) => {
      const standard = ref.info ? undefined : findStandardInternalProfile(ref.name);
      return standard ? [profileFinding(ref, 'standardInternal', {}, { confidence: STANDARD_PROFILE_CONFIDENCE })] : [];
    });
    return [...classified, ...byName];
  },
};

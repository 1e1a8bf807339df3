import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { profileFinding, profileRefs } from './support.js';

/** A sharing-set profile with no active user: the set does nothing for it today. Only when counts were read. */
export const profileNoActiveUsers: Rule = {
  meta: {
    id: 'profile-no-active-users',
    title: 'Sharing-set profile has no active users',
    severity: 'info',
    confidence: 'high',
    rationale:
      'A profile nobody active holds gets nothing from the sharing set; it may be a leftover or the wrong profile ' +
      '(e.g. a clone the users were never moved to).',
    remediation: 'Check that the site users really have this profile; remove stale profiles from the sharing set.',
    sourceUrl: DOCS.sharingSetHelp,
    messages: {
      noActiveUsers: 'Sharing set "{{set}}" names profile "{{profile}}", which has no active users.',
    },
  },
  check(snapshot): RawFinding[] {
    if (!snapshot.coverage.activeUsers) return [];
    return profileRefs(snapshot)
      .filter((ref) => ref.info?.activeUsers === 0)
      .map((ref) => profileFinding(ref, 'noActiveUsers'));
  },
};

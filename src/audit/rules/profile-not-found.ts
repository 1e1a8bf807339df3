import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../model/docs.js';
import { closestName } from '../../model/names.js';
import { profileFinding, profileRefs } from './support.js';

/**
 * A sharing set names a profile the org does not have. `profiles` holds Profile.Name values (docs/salesforce-facts.md §2 [SRC]);
 * a name that matches nothing gives nobody access. Silent when no profiles were read; when only a project's
 * profiles/ folder was read the finding becomes a note, since the profile may exist in the org only.
 */
export const profileNotFound: Rule = {
  meta: {
    id: 'profile-not-found',
    title: 'Sharing set names a profile that does not exist',
    severity: 'error',
    confidence: 'high',
    confidences: ['high', 'low'],
    rationale:
      'A sharing set lists profiles by name (Profile.Name); a name that matches no profile gives nobody access, ' +
      'and the users it was meant for get none of the records.',
    remediation:
      'Correct the profile name (compare with Setup > Profiles) or remove it from the sharing set. With profile ' +
      'filtering on, a profile hidden from the running user also looks missing: check as an administrator.',
    sourceUrl: DOCS.sharingSetMetadata,
    messages: {
      notInOrg: 'Sharing set "{{set}}" names profile "{{profile}}", which does not exist in the org.',
      notInOrgDidYouMean:
        'Sharing set "{{set}}" names profile "{{profile}}", which does not exist in the org. Did you mean ' +
        '"{{meant}}"?',
      notInOrgTranslated:
        'Sharing set "{{set}}" names profile "{{profile}}", which matches no profile name the org shows you. You ' +
        'work in "{{language}}", and the org gives standard profiles\' names in your language while sharing sets ' +
        'keep the names they were saved with, so this may be a standard profile under its translated name. Check ' +
        'as a user whose language is English. (With profile filtering on, a profile hidden from you also looks ' +
        'missing.)',
      notInProject:
        'Sharing set "{{set}}" names profile "{{profile}}", which is not in the project; it may exist in the org ' +
        'only. Check it against the org to be sure.',
    },
  },
  check(snapshot): RawFinding[] {
    const coverage = snapshot.coverage.profiles;
    if (coverage === 'none') return [];
    return profileRefs(snapshot)
      .filter((ref) => !ref.info)
      .map((ref) => {
        if (coverage === 'partial') return profileFinding(ref, 'notInProject', {}, { severity: 'info' });
        const meant = closestName(
          ref.name,
          snapshot.profiles.map((profile) => profile.name)
        );
        // A name a few letters away from one the org has is a typo, in any language: a translation changes the
        // whole name.
        if (meant) return profileFinding(ref, 'notInOrgDidYouMean', { meant });
        const language = snapshot.runningUser?.language;
        // Standard profile names come back in the running user's language (docs/salesforce-facts.md §6, §7 [2ND]):
        // for a user not working in English a missing name may be a translated one, so it is not a sure error.
        if (language && !/^en(_|$)/i.test(language)) {
          return profileFinding(ref, 'notInOrgTranslated', { language }, { severity: 'warning', confidence: 'low' });
        }
        return profileFinding(ref, 'notInOrg');
      });
  },
};

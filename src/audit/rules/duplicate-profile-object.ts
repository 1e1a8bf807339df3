import type { FindingTarget, RawFinding, Rule } from '../types.js';
import { SECONDARY } from '../../model/docs.js';
import { nameKey } from '../../model/names.js';
import { compareText } from '../order.js';
import { quoteAll } from './support.js';

/** How many of the other sets of a group a finding names; the rest are counted. */
export const OTHERS_SHOWN = 5;

/** `"A", "B"`, or `"A", "B", "C", "D", "E" and 12 more sets` when there are more than OTHERS_SHOWN of `total`. */
function boundedList(first: string[], total: number): string {
  const shown = first.slice(0, OTHERS_SHOWN);
  const more = total - shown.length;
  return more > 0 ? `${quoteAll(shown)} and ${more} more set${more === 1 ? '' : 's'}` : quoteAll(shown);
}

/**
 * The same profile and object appear in two sharing sets. "One sharing set per profile per object" is found only in
 * secondary sources (docs/salesforce-facts.md §2 [2ND]; SECONDARY.oneSharingSetPerProfileAndObject, and one blog that says one set per
 * profile instead), so this warns with medium confidence and never blocks alone.
 *
 * Symmetric: the finding is reported on every set of the group, each at its own file and line, so no set is taken
 * as "the original" and nothing depends on the sets' names. Versions before issue 14 left out the alphabetically
 * first set; that set's finding is also accepted by a baseline entry for the second set (`acceptedWith`), so a
 * baseline written then keeps its accepted findings accepted, while a set added to the group later is reported.
 */
export const duplicateProfileObject: Rule = {
  meta: {
    id: 'duplicate-profile-object',
    title: 'Same profile and object in more than one sharing set',
    severity: 'warning',
    confidence: 'medium',
    rationale:
      'Secondary sources report that a profile can be in only one sharing set per object; two sets for the same ' +
      'profile and object may be rejected, and at best make access hard to reason about. (Secondary sources; not in ' +
      "Salesforce's documentation.)",
    remediation: 'Merge the access mappings for this profile and object into one sharing set.',
    sourceUrl: SECONDARY.oneSharingSetPerProfileAndObject,
    messages: {
      duplicate:
        'Profile "{{profile}}" has access mappings on {{object}} in sharing set "{{set}}" and also in {{others}}. ' +
        'Secondary sources say a profile can be in only one sharing set per object (not confirmed by Salesforce ' +
        'documentation).',
    },
  },
  check(snapshot): RawFinding[] {
    // (profile, object) → every set holding both, with the spelling that set uses (names vary in case).
    const groups = new Map<string, Array<{ set: string; profile: string; object: string }>>();
    for (const set of snapshot.sharingSets) {
      const objects = new Map(set.accessMappings.map((mapping) => [nameKey(mapping.object), mapping.object]));
      const profiles = new Map(set.profiles.map((profile) => [nameKey(profile), profile]));
      for (const [objectKey, object] of objects) {
        for (const [key, profile] of profiles) {
          const id = `${key}|${objectKey}`;
          const members = groups.get(id) ?? [];
          if (!members.some((member) => member.set === set.fullName))
            members.push({ set: set.fullName, profile, object });
          groups.set(id, members);
        }
      }
    }
    return [...groups.values()]
      .filter((members) => members.length > 1)
      .flatMap((members) => {
        const sorted = [...members].sort((left, right) => compareText(left.set, right.set));
        const targetOf = (member: (typeof members)[number]): FindingTarget => ({
          sharingSet: member.set,
          profile: member.profile,
          object: member.object,
        });
        // Every set of the group gets the finding (symmetric: nothing depends on names' order). Each names at most
        // OTHERS_SHOWN of the others and counts the rest, so N copies of a set give output linear in N.
        return sorted.map((member, index) => ({
          messageId: 'duplicate',
          data: {
            profile: member.profile,
            object: member.object,
            set: member.set,
            others: boundedList(
              sorted
                .slice(0, OTHERS_SHOWN + 1)
                .filter((other) => other.set !== member.set)
                .map((other) => other.set),
              sorted.length - 1
            ),
          },
          target: targetOf(member),
          // Only the first set's finding is new (earlier versions left it out): a baseline that accepted the second
          // set's accepted the pair. Every other set keeps its own fingerprint, so a set added later is never hidden.
          ...(index === 0 && sorted.length > 1 ? { acceptedWith: [targetOf(sorted[1])] } : {}),
        }));
      });
  },
};

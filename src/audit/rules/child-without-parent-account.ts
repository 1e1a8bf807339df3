import type { RawFinding, Rule } from '../types.js';
import { DOCS } from '../../analysis/sources.js';
import { resolveObjectField } from '../../analysis/paths.js';
import { profileKey } from '../../model/names.js';
import { describeMapping, mappings, quote } from './support.js';

/**
 * A mapping shares a child of Account (e.g. Case through its Account lookup) with a profile that has no Account
 * mapping in any sharing set. Implicit parent access does not apply when access comes from a sharing set (DOMAIN.md §1,
 * [2ND] seed mind map), so those users see the cases but not their account. Info, medium confidence.
 */
export const childWithoutParentAccount: Rule = {
  meta: {
    id: 'child-without-parent-account',
    title: 'Child records shared without their parent account',
    severity: 'info',
    confidence: 'medium',
    rationale:
      'Implicit parent sharing (read access to the parent account of a visible child record) is reported not to ' +
      'apply to access that comes from a sharing set, so users may see a case but not its account. (Secondary source.)',
    remediation: 'If users need the parent account, add an Account mapping (objectField Id) for the same profiles.',
    sourceUrl: DOCS.implicitSharing,
  },
  check(snapshot): RawFinding[] {
    const profilesWithAccount = new Set(
      snapshot.sharingSets
        .filter((set) => set.accessMappings.some((mapping) => mapping.object.toLowerCase() === 'account'))
        .flatMap((set) => set.profiles.map(profileKey))
    );
    return mappings(snapshot).flatMap((ref) => {
      if (ref.mapping.object.toLowerCase() === 'account') return [];
      const resolved = resolveObjectField(snapshot, ref.mapping.object, ref.mapping.objectField);
      // Without fields, only the plain documented form `Account` (the standard Account lookup) is taken as a child.
      const toAccount = resolved.ok
        ? resolved.target === 'Account'
        : !resolved.certain && ref.mapping.objectField.trim().toLowerCase() === 'account';
      if (!toAccount) return [];
      return ref.set.profiles
        .filter((profile) => profile.trim() !== '' && !profilesWithAccount.has(profileKey(profile)))
        .map((profile) => ({
          target: { sharingSet: ref.set.fullName, mappingIndex: ref.index, profile, object: ref.mapping.object },
          message:
            `${describeMapping(ref)} shares ${ref.mapping.object} records through their account with profile ` +
            `${quote(profile)}, but no sharing set gives that profile access to Account; implicit parent access is ` +
            'reported not to apply to sharing sets, so these users may not see the parent accounts.',
        }));
    });
  },
};

import type { RawFinding, Rule } from '../types.js';
import { SECONDARY } from '../../model/docs.js';
import { resolveObjectField, resolveUserField } from '../../analysis/paths.js';
import { nameKey, sameName } from '../../model/names.js';
import { classifyProfile } from '../../eligibility/classify.js';
import type { Snapshot } from '../../model/types.js';
import { findProfile, mappingFinding, mappings, quoteAll } from './support.js';

/**
 * A mapping shares a child of Account (e.g. Case through its Account lookup) with profiles that have no Account
 * mapping in any sharing set, and the child's account need not be the user's own. Implicit parent access is reported
 * not to apply when access comes from a sharing set (docs/salesforce-facts.md §1 [2ND]; SECONDARY.noImplicitParentThroughSharingSets),
 * but high-volume users are reported to read their own account by default (SECONDARY.highVolumeUsersReadOwnAccount and
 * the same mind map). So the rule fires only where the parent can be another account: the record's own Account lookup
 * (one step, the implicit-parent relation) matched against a userField other than the user's `Account`
 * (`Manager.Account`, `Contact.RelatedAccount`, `Account.<Field>`). Salesforce's own pages say nothing either way:
 * info, medium confidence; one finding per mapping, naming the profiles, and only for profiles that exist and can use
 * sharing sets (the others have their own errors).
 */
export const childWithoutParentAccount: Rule = {
  meta: {
    id: 'child-without-parent-account',
    title: 'Child records shared without their parent account',
    severity: 'info',
    confidence: 'medium',
    rationale:
      'Implicit parent sharing (read access to the parent account of a visible child record) is reported not to ' +
      'apply to access that comes from a sharing set. Users are reported to read their own account anyway, but a ' +
      "mapping matched on another account (the manager's, a related or a parent account) shares records whose " +
      "account users may not see. (Secondary sources; Salesforce's documentation says nothing either way.)",
    remediation:
      'If users need the parent account, add an Account mapping (objectField Id) on the same user field for the ' +
      'same profiles.',
    sourceUrl: SECONDARY.noImplicitParentThroughSharingSets,
    messages: {
      oneProfile:
        "{{mapping}} shares {{object}} records matched on the user's {{userField}} (an account other than the " +
        "user's own) with profile {{profiles}}, but no sharing set gives them that account (an Account mapping on " +
        '{{userField}}); implicit parent access is reported not to apply to sharing sets, so these users may not ' +
        'see the parent accounts.',
      severalProfiles:
        "{{mapping}} shares {{object}} records matched on the user's {{userField}} (an account other than the " +
        "user's own) with profiles {{profiles}}, but no sharing set gives them that account (an Account mapping on " +
        '{{userField}}); implicit parent access is reported not to apply to sharing sets, so these users may not ' +
        'see the parent accounts.',
    },
  },
  check(snapshot): RawFinding[] {
    // Profile + userField pairs that some sharing set gives Account records matched on that same user field.
    const accountAccess = new Set(
      snapshot.sharingSets.flatMap((set) =>
        set.accessMappings
          .filter((mapping) => sameName(mapping.object, 'Account'))
          .flatMap((mapping) => set.profiles.map((profile) => accessKey(profile, mapping.userField)))
      )
    );
    return mappings(snapshot).flatMap((ref) => {
      const { object, objectField, userField } = ref.mapping;
      if (sameName(object, 'Account')) return [];
      // Matched on the user's own account, the parent is that account, which the users read by default.
      if (sameName(userField, 'Account')) return [];
      // Only a user field that names an account (Manager.Account, Contact.RelatedAccount, Account.<lookup>).
      const user = resolveUserField(snapshot, userField);
      const userAccount = user.ok ? user.target === 'Account' : !user.certain && /account$/i.test(userField.trim());
      if (!userAccount) return [];
      const resolved = resolveObjectField(snapshot, object, objectField);
      // The record's own Account lookup only: a longer path (Entitlement.Account, Owner.Account) reaches an account
      // that is not the record's parent. Without fields, only the plain documented form `Account` is taken.
      const toParentAccount = resolved.ok
        ? resolved.target === 'Account' && resolved.steps.length === 1
        : !resolved.certain && sameName(objectField, 'Account');
      if (!toParentAccount) return [];
      const without = ref.set.profiles.filter(
        (profile) =>
          profile.trim() !== '' && !accountAccess.has(accessKey(profile, userField)) && canUse(snapshot, profile)
      );
      if (without.length === 0) return [];
      const data = { userField: userField.trim(), profiles: quoteAll(without) };
      return [mappingFinding(ref, without.length === 1 ? 'oneProfile' : 'severalProfiles', data)];
    });
  },
};

/** A profile and a user field, compared as the org compares them (case-insensitively). */
function accessKey(profile: string, userField: string): string {
  return `${nameKey(profile)}|${nameKey(userField)}`;
}

/** A profile not known to be missing or ineligible: those already have their own errors, which say more. */
function canUse(snapshot: Snapshot, name: string): boolean {
  const profile = findProfile(snapshot, name);
  if (!profile) return snapshot.coverage.profiles !== 'complete';
  return classifyProfile(profile).eligibility !== 'ineligible';
}

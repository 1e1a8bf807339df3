/**
 * The standard internal profiles Salesforce ships, by name (docs/salesforce-facts.md §7), for a project audited
 * without an org: a sharing set naming one is known to name an internal profile even when the project holds no profile
 * file for it.
 *
 * How sure: the names are Salesforce's own [DOC] (Help "Standard Profiles", Force.com Fundamentals "Standard
 * Profiles"), and the profiles are described there as profiles of the org's own users; their licenses are not
 * documented [2ND/UNC], standard profile names are translated into the org's default language [2ND], and which ones an
 * org has depends on its edition [DOC]. A name match is therefore evidence, not proof: medium confidence. An org's
 * own answer (user type, license) always wins: this table is used only for profiles the snapshot does not hold.
 */
import type { Confidence } from '../model/confidence.js';
import { findByName } from '../model/names.js';

export type StandardProfile = {
  /** Profile.Name in an org whose default language is English. */
  name: string;
};

/** docs/salesforce-facts.md §7: standard profiles named by Help "Standard Profiles" and Force.com Fundamentals. */
export const STANDARD_INTERNAL_PROFILES: readonly StandardProfile[] = [
  { name: 'System Administrator' },
  { name: 'Standard User' },
  { name: 'Read Only' },
  { name: 'Solution Manager' },
  { name: 'Marketing User' },
  { name: 'Contract Manager' },
  { name: 'Standard Platform User' },
  { name: 'Standard Platform One App User' },
];

/** How sure a classification by name alone is (see the module comment). */
export const STANDARD_PROFILE_CONFIDENCE: Confidence = 'medium';

/** The standard internal profile `name` names (case-insensitively, as Salesforce compares profile names), if any. */
export function findStandardInternalProfile(name: string): StandardProfile | undefined {
  return findByName(STANDARD_INTERNAL_PROFILES, name, (profile) => profile.name);
}

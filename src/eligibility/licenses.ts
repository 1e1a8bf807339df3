/**
 * Which user licenses may be in a sharing set, as data (docs/salesforce-facts.md §3). Each row keeps where its facts come from
 * and how sure we are of them, so the classifier can say so instead of guessing. A value we do not know is left
 * undefined, never filled in from memory.
 */
import type { Confidence } from '../model/confidence.js';
import { DOCS } from '../model/docs.js';
import { nameKey } from '../model/names.js';

/** Whether users of a license can be given access through sharing sets. */
export type LicenseEligibility = 'yes' | 'no' | 'unknown';

/** One user license: how an org names it, whether it can use sharing sets, and the sources for both. */
export type LicenseRow = {
  /** UserLicense.Name as an org reports it. */
  name: string;
  /** How sure we are that orgs name the license so (default high: the name is in a Salesforce source). */
  nameConfidence?: Confidence;
  /** UserLicense.LicenseDefinitionKey; undefined when no source gives it. */
  key?: string;
  /** How sure we are of `key` (docs/salesforce-facts.md tag: [DOC] high, [2ND] medium). */
  keyConfidence?: Confidence;
  /** Profile.UserType the license's profiles carry; undefined when no source gives it. */
  userType?: string;
  /** How sure we are of `userType`. */
  userTypeConfidence?: Confidence;
  eligible: LicenseEligibility;
  /** How sure we are of `eligible`. */
  confidence: Confidence;
  /** Where `eligible` is documented. */
  sourceUrl: string;
  /** Internal users (Standard user type) rather than external ones. */
  internal?: boolean;
  /** Something an admin should know about the row, shown in reasons. */
  note?: string;
};

const CSP_LITE = 'CspLitePortal';

/**
 * Every license docs/salesforce-facts.md §3 names, plus "High Volume Portal", which the current Metadata API page lists among the
 * licenses that can use sharing sets. Order is the display order of `sf sharing profile list --licenses`.
 */
export const LICENSES: readonly LicenseRow[] = [
  {
    name: 'Customer Community',
    key: 'PID_Customer_Community',
    keyConfidence: 'high',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    name: 'Customer Community Login',
    key: 'PID_Customer_Community_Login',
    keyConfidence: 'high',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    name: 'Customer Community Plus',
    key: 'PID_Customer_Community_Plus',
    keyConfidence: 'medium',
    userType: 'PowerCustomerSuccess',
    userTypeConfidence: 'medium',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // The Spring '19 note extends sharing sets to the listed licenses "or their login equivalents".
    name: 'Customer Community Plus Login',
    key: 'PID_Customer_Community_Plus_Login',
    keyConfidence: 'medium',
    userType: 'PowerCustomerSuccess',
    userTypeConfidence: 'medium',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.relatedAccountReleaseNote,
  },
  {
    name: 'Partner Community',
    key: 'PID_Partner_Community',
    keyConfidence: 'high',
    userType: 'PowerPartner',
    userTypeConfidence: 'medium',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
    note:
      'Customer Community Plus licenses sold before November 2014 also show up as "Partner Community" ' +
      `(${DOCS.customerCommunityPlusFaq}); either way the license can use sharing sets.`,
  },
  {
    name: 'Partner Community Login',
    key: 'PID_Partner_Community_Login',
    keyConfidence: 'high',
    userType: 'PowerPartner',
    userTypeConfidence: 'medium',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.relatedAccountReleaseNote,
  },
  {
    name: 'Authenticated Website',
    key: 'Platform_Portal_User',
    keyConfidence: 'high',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    name: 'Overage Authenticated Website',
    key: 'Overage_Platform_Portal_User',
    keyConfidence: 'high',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // docs/salesforce-facts.md §3: the definition key of this license is not known, so it is matched by name and user type only.
    name: 'High Volume Customer Portal',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // The key really contains spaces ("sic" in docs/salesforce-facts.md §3).
    name: 'Overage High Volume Customer Portal',
    key: 'PID_Overage_High Volume Customer Portal',
    keyConfidence: 'high',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // Listed by the current Metadata API page (API 62.0 and later, "Sharing sets are available with these licenses")
    // next to High Volume Customer Portal, though not in docs/salesforce-facts.md §3; key and user type not documented.
    name: 'High Volume Portal',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // docs/salesforce-facts.md §6, §8: Help lists External Apps among the high-volume license types [DOC], and sharing
    // sets are the high-volume users' mechanism (§1 [DOC]); that an org shows it as UserLicense.Name "External Apps"
    // was not found [UNC], and the External Apps SKU may show up as Partner Community (§8). Never high confidence.
    name: 'External Apps',
    nameConfidence: 'low',
    eligible: 'yes',
    confidence: 'medium',
    sourceUrl: DOCS.highVolumeUsers,
    note: 'Help lists External Apps among the high-volume license types; the license name in orgs is not documented.',
  },
  {
    // docs/salesforce-facts.md §8 [UNC]: a login variant is sold for each Experience Cloud license, but the name
    // "External Apps Login" was not found on a Salesforce page.
    name: 'External Apps Login',
    nameConfidence: 'low',
    eligible: 'yes',
    confidence: 'low',
    sourceUrl: DOCS.highVolumeUsers,
    note: 'The name "External Apps Login" is not documented; it is assumed to be the login variant of External Apps.',
  },
  {
    name: 'Lightning External Apps',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.relatedAccountReleaseNote,
  },
  {
    name: 'Lightning External Apps Login',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.relatedAccountReleaseNote,
  },
  {
    name: 'Lightning External Apps Plus',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.relatedAccountReleaseNote,
  },
  {
    name: 'Lightning External Apps Plus Login',
    eligible: 'yes',
    confidence: 'high',
    sourceUrl: DOCS.relatedAccountReleaseNote,
  },
  {
    name: 'Salesforce',
    userType: 'Standard',
    userTypeConfidence: 'high',
    eligible: 'no',
    confidence: 'high',
    internal: true,
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // Key AUL: Object Reference, UserLicense (DOCS.userLicense lists LicenseDefinitionKey values).
    name: 'Salesforce Platform',
    key: 'AUL',
    keyConfidence: 'high',
    userType: 'Standard',
    userTypeConfidence: 'high',
    eligible: 'no',
    confidence: 'high',
    internal: true,
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    name: 'Guest',
    userType: 'Guest',
    userTypeConfidence: 'high',
    eligible: 'no',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // The other name guest profiles' license goes by (site setup offers both "Guest" and "Guest User License": a
    // Salesforce Stack Exchange answer, secondary). Either way guest users never get sharing-set access (docs/salesforce-facts.md §3
    // [DOC]), and Profile.UserType Guest is documented (Object Reference, Profile). Matched by this name alone (a
    // project's profile file, no user type) the verdict rests on the secondary source: medium, so it never blocks.
    name: 'Guest User License',
    nameConfidence: 'medium',
    userType: 'Guest',
    userTypeConfidence: 'high',
    eligible: 'no',
    confidence: 'high',
    sourceUrl: DOCS.sharingSetMetadata,
  },
  {
    // docs/salesforce-facts.md §3 [UNC]: an external (CspLitePortal) license that no list of sharing-set licenses mentions.
    name: 'External Identity',
    userType: CSP_LITE,
    userTypeConfidence: 'high',
    eligible: 'unknown',
    confidence: 'low',
    sourceUrl: DOCS.licenseUpgrade,
    note:
      'External Identity users have the CspLitePortal user type, but Salesforce does not list the license among those ' +
      'that can use sharing sets.',
  },
];

/** The comparison key of a license name or definition key (org data varies in case and surrounding spaces). */
function licenseKeyOf(value: string): string {
  return nameKey(value);
}

/** The row whose UserLicense.Name is `name`, compared case-insensitively. */
export function findLicenseByName(name: string): LicenseRow | undefined {
  const key = licenseKeyOf(name);
  return LICENSES.find((row) => licenseKeyOf(row.name) === key);
}

/** The row whose LicenseDefinitionKey is `key`, compared case-insensitively. */
export function findLicenseByKey(key: string): LicenseRow | undefined {
  const wanted = licenseKeyOf(key);
  return LICENSES.find((row) => row.key !== undefined && licenseKeyOf(row.key) === wanted);
}

/**
 * Whether a profile may be in a sharing set, decided from what the org (or a project) says about it at run time:
 * license name, license definition key and user type (docs/salesforce-facts.md §3). One classifier serves
 * `sf sharing profile list`, `sf sharing set create` validation and the audit, so they never disagree.
 *
 * Principles: an unrecognised license is "unknown", never silently eligible; the user type outranks the license name
 * for the two documented exclusions (Standard = internal, Guest); missing data is reported as such.
 */
import { weakest, type Confidence } from '../model/confidence.js';
import type { ProfileInfo } from '../model/types.js';
import { DOCS } from '../model/docs.js';
import { hasName, sameName } from '../model/names.js';
import { quote } from '../util/text.js';
import type { LicenseRow } from './licenses.js';
import { LICENSES, findLicenseByKey, findLicenseByName } from './licenses.js';

export type Eligibility = 'eligible' | 'ineligible' | 'unknown';

/** What the classifier decided and why, in words an admin understands. */
export type ProfileClassification = {
  eligibility: Eligibility;
  /** One or two English sentences naming the profile, the license and the evidence used. */
  reason: string;
  /** How sure the decision is: the weakest of the facts and the evidence it rests on. */
  confidence: Confidence;
  /** The license row the decision rests on, when one was recognised. */
  licenseRow?: LicenseRow;
  /** The evidence that was available: which of license name, definition key and user type were known. */
  evidence: { licenseName: boolean; licenseKey: boolean; userType: boolean };
};

/** User types of external users (docs/salesforce-facts.md §3): the ones eligible licenses carry. */
const EXTERNAL_USER_TYPES = ['cspliteportal', 'powercustomersuccess', 'powerpartner'];

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}


function describeLicense(name: string | undefined, key: string | undefined): string {
  if (name && key) return `the ${quote(name)} license (${key})`;
  if (name) return `the ${quote(name)} license`;
  if (key) return `the license with definition key ${key}`;
  return 'an unknown license';
}

/**
 * Classifies a profile for sharing sets.
 *
 * Decision order: user type Guest or Standard → ineligible (documented exclusions, they win over any license name);
 * recognised license (by definition key, else by name) → its row's eligibility; otherwise unknown. A key and a name
 * that point at different rows make the result unknown rather than picking one.
 */
/** A guest profile (user type Guest): never eligible, whatever its license is called. */
function guest(
  who: string,
  licenseName: string | undefined,
  license: string,
  evidence: ProfileClassification['evidence']
): ProfileClassification {
  return {
    eligibility: 'ineligible',
    reason: `${who} is a guest user profile${
      license ? ` (${license})` : ''
    }: guest users can never be given access through sharing sets.`,
    confidence: 'high',
    licenseRow: [licenseName ? findLicenseByName(licenseName) : undefined, ...LICENSES].find(
      (row) => row?.userType === 'Guest'
    ),
    evidence,
  };
}

export function classifyProfile(profile: ProfileInfo): ProfileClassification {
  const licenseName = present(profile.licenseName);
  const licenseKey = present(profile.licenseKey);
  const userType = present(profile.userType);
  const evidence = {
    licenseName: licenseName !== undefined,
    licenseKey: licenseKey !== undefined,
    userType: userType !== undefined,
  };
  const who = `Profile ${quote(profile.name)}`;
  const license = describeLicense(licenseName, licenseKey);
  if (sameName(userType, 'Guest'))
    return guest(who, licenseName, evidence.licenseName || evidence.licenseKey ? license : '', evidence);
  if (sameName(userType, 'Standard')) {
    const row =
      (licenseKey ? findLicenseByKey(licenseKey) : undefined) ??
      (licenseName ? findLicenseByName(licenseName) : undefined);
    return {
      eligibility: 'ineligible',
      reason:
        (evidence.licenseName || evidence.licenseKey
          ? `${who} uses ${license} with user type Standard, which is for internal users`
          : `${who} has user type Standard, which is for internal users`) +
        '; sharing sets only give access to external site and portal users.',
      confidence: 'high',
      ...(row?.internal ? { licenseRow: row } : {}),
      evidence,
    };
  }

  const byKey = licenseKey ? findLicenseByKey(licenseKey) : undefined;
  const byName = licenseName ? findLicenseByName(licenseName) : undefined;

  if (byKey && byName && byKey !== byName) {
    return {
      eligibility: 'unknown',
      reason:
        `${who} reports license name ${quote(licenseName ?? '')} but definition key ${
          licenseKey ?? ''
        }, which belongs ` +
        `to ${quote(byKey.name)}; the plugin cannot tell which is right, so check the license in Setup.`,
      confidence: 'low',
      evidence,
    };
  }

  const row = byKey ?? byName;
  if (!row) return classifyUnrecognised(who, license, userType, evidence);
  return classifyRecognised({ who, license, row, userType, matchedByName: byName !== undefined, evidence });
}

function classifyUnrecognised(
  who: string,
  license: string,
  userType: string | undefined,
  evidence: ProfileClassification['evidence']
): ProfileClassification {
  if (!evidence.licenseName && !evidence.licenseKey) {
    const known = userType
      ? ` Only its user type (${userType}) is known${
          hasName(EXTERNAL_USER_TYPES, userType)
            ? ', which is an external user type but not proof of an eligible license'
            : ''
        }.`
      : '';
    return {
      eligibility: 'unknown',
      reason: `${who} has no known license, so whether it may be in a sharing set cannot be decided.${known}`,
      confidence: 'low',
      evidence,
    };
  }
  const external = userType && hasName(EXTERNAL_USER_TYPES, userType);
  return {
    eligibility: 'unknown',
    reason:
      `${who} uses ${license}, which is not one the plugin knows as able or unable to use sharing sets` +
      (external ? ` (its user type ${userType ?? ''} is external)` : userType ? ` (user type ${userType})` : '') +
      `. Check the license against the Salesforce documentation (${DOCS.sharingSetMetadata}).`,
    confidence: 'low',
    evidence,
  };
}

function classifyRecognised(input: {
  who: string;
  license: string;
  row: LicenseRow;
  userType: string | undefined;
  matchedByName: boolean;
  evidence: ProfileClassification['evidence'];
}): ProfileClassification {
  const { who, license, row, userType, matchedByName, evidence } = input;
  // Matched by key alone: the key is only as reliable as its source ([2ND] for Customer Community Plus keys).
  const identity = matchedByName ? row.nameConfidence ?? 'high' : row.keyConfidence;
  const note = row.note ? ` ${row.note}` : '';

  if (row.eligible === 'no') {
    const kind = row.internal ? 'an internal license' : 'a license whose users cannot use sharing sets';
    return {
      eligibility: 'ineligible',
      reason: `${who} uses ${license}, ${kind}; sharing sets only give access to external site and portal users.${
        userType ? '' : ' (Decided from the license alone: the user type is not known.)'
      }`,
      confidence: weakest(row.confidence, identity),
      licenseRow: row,
      evidence,
    };
  }
  if (row.eligible === 'unknown') {
    return {
      eligibility: 'unknown',
      reason: `${who} uses ${license}.${note} Treat it as not eligible until Salesforce confirms otherwise.`,
      confidence: 'low',
      licenseRow: row,
      evidence,
    };
  }

  if (userType && !hasName(EXTERNAL_USER_TYPES, userType)) {
    // The license says yes, the user type says these are not external users: a conflict, never silently eligible.
    return {
      eligibility: 'unknown',
      reason:
        `${who} uses ${license}, which can use sharing sets, but its user type ${userType} is not an external ` +
        'user type, so whether its users get sharing-set access cannot be decided; check the profile in Setup.',
      confidence: 'low',
      licenseRow: row,
      evidence,
    };
  }
  let caveat = '';
  let confidence = weakest(row.confidence, identity);
  if (!userType) {
    caveat = ' Decided from the license alone: the user type is not known here (for example when read from a project).';
  } else if (row.userType && !sameName(row.userType, userType)) {
    caveat = ` Its user type is ${userType}, where ${row.userType} was expected.`;
    confidence = weakest(confidence, 'medium');
  }
  return {
    eligibility: 'eligible',
    reason: `${who} uses ${license}, which can use sharing sets.${note}${caveat}`,
    confidence,
    licenseRow: row,
    evidence,
  };
}

/**
 * The rows of `sf sharing profile list`: each profile with its eligibility, active users and the sharing sets that
 * name it (matched case-insensitively), plus the names sharing sets use that match no profile.
 */
import type { Confidence } from '../model/confidence.js';
import { compareNames, nameKey, sameName } from '../model/names.js';
import type { Snapshot } from '../model/types.js';
import { classifyProfile, type Eligibility } from './classify.js';

export type ProfileRow = {
  name: string;
  id?: string;
  licenseName?: string;
  licenseKey?: string;
  userType?: string;
  eligibility: Eligibility;
  reason: string;
  confidence: Confidence;
  /** Active users holding the profile; undefined when not known. */
  activeUsers?: number;
  /** API names of the sharing sets that name this profile. */
  sharingSets: string[];
  /** Whether the profile is an internal (Standard user type) one. */
  internal: boolean;
};

/** A profile name a sharing set uses that matches no profile of the org. */
export type MissingProfile = { name: string; sharingSets: string[] };

export type ProfileReport = {
  profiles: ProfileRow[];
  missingProfiles: MissingProfile[];
  /** Profiles left out because they are internal and not named by any sharing set. */
  hiddenInternal: number;
};

export type ProfileReportOptions = {
  /** Only these profiles (case-insensitive). */
  names?: readonly string[];
  eligibleOnly?: boolean;
  includeInternal?: boolean;
};

/** Builds the profile report from a snapshot holding profiles (and, optionally, active-user counts and sharing sets). */
export function buildProfileReport(snapshot: Snapshot, options: ProfileReportOptions = {}): ProfileReport {
  const setsByProfile = new Map<string, { spelling: string; sets: string[] }>();
  for (const set of snapshot.sharingSets) {
    for (const name of set.profiles) {
      const entry = setsByProfile.get(nameKey(name)) ?? { spelling: name, sets: [] };
      if (!entry.sets.includes(set.fullName)) entry.sets.push(set.fullName);
      setsByProfile.set(nameKey(name), entry);
    }
  }
  const wanted = options.names?.length ? new Set(options.names.map(nameKey)) : undefined;
  const known = new Set(snapshot.profiles.map((profile) => nameKey(profile.name)));

  let hiddenInternal = 0;
  const profiles: ProfileRow[] = [];
  for (const profile of snapshot.profiles) {
    if (wanted && !wanted.has(nameKey(profile.name))) continue;
    const classification = classifyProfile(profile);
    const sharingSets = setsByProfile.get(nameKey(profile.name))?.sets ?? [];
    const internal = sameName(profile.userType, 'Standard');
    if (options.eligibleOnly && classification.eligibility !== 'eligible') continue;
    if (internal && !options.includeInternal && sharingSets.length === 0) {
      hiddenInternal++;
      continue;
    }
    profiles.push({
      name: profile.name,
      ...(profile.id ? { id: profile.id } : {}),
      ...(profile.licenseName ? { licenseName: profile.licenseName } : {}),
      ...(profile.licenseKey ? { licenseKey: profile.licenseKey } : {}),
      ...(profile.userType ? { userType: profile.userType } : {}),
      eligibility: classification.eligibility,
      reason: classification.reason,
      confidence: classification.confidence,
      ...(profile.activeUsers !== undefined ? { activeUsers: profile.activeUsers } : {}),
      sharingSets: [...sharingSets].sort(),
      internal,
    });
  }
  profiles.sort((a, b) => compareNames(a.name, b.name));

  // A name that matches no profile of the org is never eligible: --eligible-only leaves it out.
  const missingProfiles = [...setsByProfile.entries()]
    .filter(([key]) => !options.eligibleOnly && !known.has(key) && (!wanted || wanted.has(key)))
    .map(([, entry]) => ({ name: entry.spelling, sharingSets: [...entry.sets].sort() }))
    .sort((a, b) => compareNames(a.name, b.name));

  return { profiles, missingProfiles, hiddenInternal };
}

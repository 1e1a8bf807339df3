/**
 * What `sf sharing profile list` shows: the table of short facts, then the reasons for every profile that cannot (or
 * may not) use sharing sets, then the counts. The reasons are sentences: in a column they would make the table too
 * wide to read at 80-120 columns, so they follow it (the user type is in --json and in the reasons).
 */
import type { ProfileReport } from '../eligibility/profileReport.js';
import { safeValue } from './sanitize.js';

export type ProfileTableRow = {
  name: string;
  license: string;
  eligibility: string;
  activeUsers: number | string;
  sharingSets: string;
};

/** The table's columns, in order. */
export const PROFILE_COLUMNS = ['name', 'license', 'eligibility', 'activeUsers', 'sharingSets'] as const;

/** The columns of free text, which may wrap at spaces; the sharing sets are API names, one per line. */
export const PROFILE_WRAP = ['name', 'license'] as const;

/** Values made safe for a terminal (src/report/sanitize.ts). One row per profile, then one per name a sharing set uses that matches no profile (its license: `missingLabel`). */
export function profileTableRows(report: ProfileReport, missingLabel: string): ProfileTableRow[] {
  return [
    ...report.profiles.map((profile) => ({
      name: safeValue(profile.name),
      license: safeValue(profile.licenseName ?? ''),
      eligibility: profile.eligibility,
      activeUsers: profile.activeUsers ?? '',
      sharingSets: profile.sharingSets.map(safeValue).join('\n'),
    })),
    ...report.missingProfiles.map((missing) => ({
      name: safeValue(missing.name),
      license: missingLabel,
      eligibility: 'unknown',
      activeUsers: '',
      sharingSets: missing.sharingSets.map(safeValue).join('\n'),
    })),
  ];
}

/** The reasons of every profile that cannot or may not use sharing sets, one `  - reason` line each. */
export function whyNotLines(report: ProfileReport): string[] {
  return report.profiles
    .filter((profile) => profile.eligibility !== 'eligible')
    .map((profile) => `  - ${safeValue(profile.reason)}`);
}

/**
 * Rows shown, and how many of them are eligible, ineligible and unknown: a name no profile of the org has is a row
 * of unknown eligibility (profileTableRows), so the counts add up to the rows.
 */
export function eligibilityCounts(report: ProfileReport): [number, number, number, number] {
  const count = (value: string): number => report.profiles.filter((row) => row.eligibility === value).length;
  const missing = report.missingProfiles.length;
  return [report.profiles.length + missing, count('eligible'), count('ineligible'), count('unknown') + missing];
}

/** `"name" (set, set)` for each missing profile, joined for the warning. */
export function missingProfilesText(report: ProfileReport): string {
  return report.missingProfiles
    .map((missing) => `"${safeValue(missing.name)}" (${safeValue(missing.sharingSets.join(', '))})`)
    .join('; ');
}

/** Sharing-set eligibility of profiles and licenses (pure; docs/salesforce-facts.md §3). */
export type { Eligibility, ProfileClassification } from './classify.js';
export { classifyProfile } from './classify.js';
export type { LicenseEligibility, LicenseRow } from './licenses.js';
export { LICENSES, findLicenseByKey, findLicenseByName } from './licenses.js';

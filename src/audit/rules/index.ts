/**
 * The rule registry: one line per rule, in catalogue order. Adding a rule means one module in this folder and one
 * line here; ids are stable and never reused.
 */
import type { Rule } from '../types.js';
import { accountDataSkew } from './account-data-skew.js';
import { childWithoutParentAccount } from './child-without-parent-account.js';
import { duplicateProfileObject } from './duplicate-profile-object.js';
import { editOnAccountContactUser } from './edit-on-account-contact-user.js';
import { externalOwdPublicReadRedundant } from './external-owd-public-read-redundant.js';
import { externalOwdPublicReadWrite } from './external-owd-public-read-write.js';
import { objectFieldUnresolved } from './object-field-unresolved.js';
import { objectNotFound } from './object-not-found.js';
import { objectNotSupported } from './object-not-supported.js';
import { profileLicenseIneligible } from './profile-license-ineligible.js';
import { profileLicenseUnknown } from './profile-license-unknown.js';
import { profileNoActiveUsers } from './profile-no-active-users.js';
import { profileNotFound } from './profile-not-found.js';
import { projectFileInvalid } from './project-file-invalid.js';
import { sharingSetDuplicateEntry } from './sharing-set-duplicate-entry.js';
import { sharingSetElementOrder } from './sharing-set-element-order.js';
import { sharingSetFileInvalid } from './sharing-set-file-invalid.js';
import { sharingSetNoMappings } from './sharing-set-no-mappings.js';
import { sharingSetNoProfiles } from './sharing-set-no-profiles.js';
import { sharingSetSplitSection } from './sharing-set-split-section.js';
import { userFieldRelatedAccount } from './user-field-related-account.js';
import { userFieldUnresolved } from './user-field-unresolved.js';

export const RULES: readonly Rule[] = [
  profileNotFound,
  profileLicenseIneligible,
  profileLicenseUnknown,
  profileNoActiveUsers,
  objectNotFound,
  objectNotSupported,
  objectFieldUnresolved,
  userFieldUnresolved,
  userFieldRelatedAccount,
  sharingSetNoProfiles,
  sharingSetNoMappings,
  duplicateProfileObject,
  externalOwdPublicReadWrite,
  externalOwdPublicReadRedundant,
  editOnAccountContactUser,
  accountDataSkew,
  childWithoutParentAccount,
  sharingSetFileInvalid,
  projectFileInvalid,
  sharingSetSplitSection,
  sharingSetElementOrder,
  sharingSetDuplicateEntry,
];

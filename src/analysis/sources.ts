/**
 * Salesforce documentation the analyses rest on, one constant per page, so a rule or a license row cites a page by
 * name and a moved page is fixed in one place. Every address was found with the project's documentation search
 * (see the report of the eligibility/audit work) and matches a fact in shared/DOMAIN.md.
 */
export const DOCS = {
  /** Metadata API `SharingSet`: elements, the licenses that can use sharing sets, objectField/userField forms. */
  sharingSetMetadata: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sharingset.htm',
  /** Help: "Create a Sharing Set for Experience Cloud Site Users" (profiles, access mappings, lookups). */
  sharingSetHelp: 'https://help.salesforce.com/apex/HTViewHelpDoc?id=networks_setting_light_users.htm',
  /**
   * Spring '19 release note: sharing sets with Contacts to Multiple Accounts (`Contact.RelatedAccount`); lists the
   * licenses (and login equivalents) that can use sharing sets, including Lightning External Apps (+ Plus).
   */
  relatedAccountReleaseNote:
    'https://releasenotes.docs.salesforce.com/en-us/spring19/release-notes/rn_networks_sharing_sets_contacts_multiple.htm',
  /** Knowledge article: Customer Community Plus licenses sold before 10 November 2014 show as Partner Community. */
  customerCommunityPlusFaq: 'https://help.salesforce.com/apex/HTViewSolution?id=000206085&language=en_US',
  /** Object reference: UserLicense.LicenseDefinitionKey values (PID_Customer_Community, AUL, ...). */
  userLicense:
    'https://developer.salesforce.com/docs/atlas.en-us.188.0.object_reference.meta/object_reference/sforce_api_objects_userlicense.htm',
  /** Help: licenses eligible for upgrade; says External Identity users have UserType CspLitePortal. */
  licenseUpgrade:
    'https://help.salesforce.com/s/articleView?id=platform.networks_license_upgrade_eligible.htm&language=en_US&type=5',
  /** Help: setting external org-wide defaults (external access can't be wider than internal). */
  externalOwd:
    'https://help.salesforce.com/s/articleView?id=platform.security_owd_external_setting.htm&language=en_US&type=5',
  /** Trailhead project "Share CRM Data with Your Partners": objects offered for sharing sets (seed 000). */
  trailheadSiteSharing:
    'https://trailhead.salesforce.com/en/content/learn/projects/communities_share_crm_data/external_user_sharing',
  /** Designing Record Access for Enterprise Scale: parent-child (account) data skew above 10,000 children. */
  dataSkew: 'https://developer.salesforce.com/docs/platform/draes/guide/draes-object-relationships.html',
  /** Designing Record Access for Enterprise Scale: implicit (parent/child) sharing. */
  implicitSharing:
    'https://developer.salesforce.com/docs/atlas.en-us.216.0.draes.meta/draes/draes_object_relationships_implicit_sharing.htm',
} as const;

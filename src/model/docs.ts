/**
 * Salesforce documentation the analyses rest on, one constant per page, so a rule or a license row cites a page by
 * name and a moved page is fixed in one place. Every address was found with the project's documentation search
 * (see the report of the eligibility/audit work) and matches a fact in docs/salesforce-facts.md.
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
  /**
   * Designing Record Access for Enterprise Scale, "Parent-Child Data Skew": "the association of a large number of child
   * records (10,000 or more) with a single parent account" leads to poor performance. Trailhead's Large Data Volumes
   * module says "more than 10,000 child records" (SKEW_THRESHOLD follows docs/salesforce-facts.md §4 and Trailhead: more than).
   */
  dataSkew:
    'https://developer.salesforce.com/docs/atlas.en-us.draes.meta/draes/draes_object_relationships_parent_child_data_skew.htm',
  /** Designing Record Access for Enterprise Scale: implicit (parent/child) sharing. */
  implicitSharing:
    'https://developer.salesforce.com/docs/atlas.en-us.216.0.draes.meta/draes/draes_object_relationships_implicit_sharing.htm',
  /**
   * Help, "About High-Volume Community or Site Users": "High-volume users include the External Apps, Customer
   * Community, High Volume Customer Portal, and Authenticated Website license types" (docs/salesforce-facts.md §6, §8).
   */
  highVolumeUsers: 'https://help.salesforce.com/apex/HTViewHelpDoc?id=sf.networks_about_hvpu.htm&language=en_US',
  /**
   * Knowledge article 000383335, "Element … Is Duplicated at This Location in Type Profile": a deploy fails with "Error
   * parsing file: Element X is duplicated at this location in type Profile" when occurrences of an element are not
   * grouped consecutively; "all occurrences of the same element type within a complex type (such as a Profile) must be
   * grouped together" (docs/salesforce-facts.md §6 "Files a deploy rejects").
   */
  splitSections: 'https://help.salesforce.com/s/articleView?id=000383335&type=1',
} as const;

/**
 * Secondary sources (blogs, study material, vendor notes): where Salesforce's own documentation says nothing, a rule
 * resting on one of these says so in its output and never blocks on its own (docs/salesforce-facts.md, confidence tags).
 */
export const SECONDARY = {
  /**
   * A CTA study mind map: "Implicit Parent sharing does not apply when access is provided by sharing set!". Salesforce's
   * pages say nothing either way; DRAES's "High Volume Parent" implicit sharing gives share-group members (internal
   * users) read access to the parent accounts of records high-volume users own, which is about other users.
   */
  noImplicitParentThroughSharingSets: 'https://www.mindmeister.com/2667602139/salesforce-sharing-visibility',
  /**
   * A vendor's metadata notes: "Only one sharing set can be applied per object for each profile" (study flash cards
   * and a CTA guide say the same; one blog says one sharing set per profile, whatever the object).
   */
  oneSharingSetPerProfileAndObject: 'https://support.metazoa.com/hc/en-us/articles/34415864390797-SharingSet',
  /**
   * A practitioner's post on high-volume portal user record access (shared/seeds/003): by default these users have
   * "Read on Account related to the portal user". The CTA mind map above says the same of Customer Community users
   * ("Read access to Parent Account and their own Contact").
   */
  highVolumeUsersReadOwnAccount: 'https://audit9.blog/2012/08/08/hvpu-record-access/',
} as const;

/** Whether a rule's source is Salesforce's own documentation or a secondary source. */
export type SourceKind = 'salesforce' | 'secondary';

const SECONDARY_URLS: ReadonlySet<string> = new Set(Object.values(SECONDARY));
const DOC_URLS: ReadonlySet<string> = new Set(Object.values(DOCS));

/**
 * The kind of a source address: a page of {@link SECONDARY} is secondary; a page of {@link DOCS}, or any page on a
 * salesforce.com host (Help, developer documentation, release notes, Trailhead), is Salesforce's; anything else is
 * secondary, so a report never presents an unknown page as Salesforce documentation.
 */
export function sourceKind(url: string): SourceKind {
  if (SECONDARY_URLS.has(url)) return 'secondary';
  if (DOC_URLS.has(url)) return 'salesforce';
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'salesforce.com' || host.endsWith('.salesforce.com') ? 'salesforce' : 'secondary';
  } catch {
    return 'secondary';
  }
}

/** How a report labels a link to a rule's source: `Salesforce documentation` or `secondary source`. */
export function sourceLabel(url: string): string {
  return sourceKind(url) === 'salesforce' ? 'Salesforce documentation' : 'secondary source';
}

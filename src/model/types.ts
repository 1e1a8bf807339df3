/**
 * Plain-data types shared by every layer. Nothing here may be a class, Map or Set: snapshots and results are
 * serialised to --json as they are.
 *
 * Facts behind the shapes: docs/salesforce-facts.md §2 (SharingSet / AccessMapping, XSD order) and §4 (what an org reports).
 */

/** The two access levels the Metadata API's AccessMapping accepts (WSDL: accessLevel is a string, docs: Read | Edit). */
export type AccessLevel = 'Read' | 'Edit';

/** One access mapping, fields in XSD order. */
export type AccessMapping = {
  accessLevel: AccessLevel;
  /** Target object API name, e.g. `Case`, `Invoice__c`. */
  object: string;
  /** Lookup path on the target object ending at Account or Contact (`Id` = the record itself). */
  objectField: string;
  /** Path on the running user: `Account`, `Contact`, `Contact.RelatedAccount`, `Manager.Account`, ... */
  userField: string;
};

/** Where a sharing set came from in a local project (for errors, SARIF locations). */
export type SourceLocation = {
  /** Path of the file, relative to the project root when read from a project. */
  file: string;
  /** 1-based line of the `<SharingSet>` element (or of the first line when unknown). */
  line: number;
  /** 1-based line of each `<accessMappings>` element, same order as `accessMappings`. */
  mappingLines?: number[];
  /** 1-based line of each `<profiles>` element, same order as `profiles`. */
  profileLines?: number[];
  /** How the file departs from the way retrieved files are laid out (read leniently from a project). */
  layout?: LayoutIssue[];
};

/**
 * A departure from the XSD layout of a sharing-set file that still parses (docs/salesforce-facts.md §6 "Files a deploy
 * rejects"): `split-section` an element written again after a different one; `element-order` an element before one the
 * XSD sequence puts first; `duplicate-mapping` / `duplicate-profile` an entry written twice (`exact` when the text is
 * identical, so dropping it changes nothing).
 */
export type LayoutIssue = {
  kind: 'split-section' | 'element-order' | 'duplicate-mapping' | 'duplicate-profile';
  /** The element as written: `profiles`, `accessMappings`, or a mapping's child (`object`). */
  element: string;
  /** 1-based line of the element at fault. */
  line: number;
  /** 1-based line of the first occurrence (split, duplicates) or of the element it comes after (order). */
  firstLine: number;
  /** Duplicates only: the two entries are written identically. */
  exact?: boolean;
};

/**
 * A file of a project that could not be used (unreadable, or one a deploy would reject), with where, why and what to
 * change. `kind` says what the file holds; `fullName` is the sharing set a sharing-set file stands for.
 */
export type ProjectFileProblem = {
  file: string;
  /** 1-based line, when known. */
  line?: number;
  message: string;
  /** Stable identifier of the problem (SourceFileErrorCode, or 'duplicate-sharing-set' / 'unreadable'). */
  code?: string;
  kind?: 'sharingSet' | 'profile' | 'object' | 'field' | 'folder';
  fullName?: string;
};

/**
 * A sharing set. Keyed everywhere on `fullName` (the API name, file name); `label` is the `<name>` element, which real
 * retrieved files use for the label (docs/salesforce-facts.md §2).
 */
export type SharingSet = {
  fullName: string;
  label: string;
  description?: string;
  /** Profile names (Profile.Name) as written; compare case-insensitively. */
  profiles: string[];
  accessMappings: AccessMapping[];
  location?: SourceLocation;
};

/** A profile as the org (or a project) reports it. Unknown values are left undefined, never guessed. */
export type ProfileInfo = {
  id?: string;
  name: string;
  /** Profile.UserType: Standard, CspLitePortal, PowerCustomerSuccess, PowerPartner, Guest, ... */
  userType?: string;
  /** UserLicense.Name */
  licenseName?: string;
  /** UserLicense.LicenseDefinitionKey */
  licenseKey?: string;
  /** Active users holding the profile; undefined when not known (source mode). */
  activeUsers?: number;
};

/** One field of an object, as describe reports it (only what the analyses use). */
export type FieldInfo = {
  name: string;
  type: string;
  /** Target objects of a lookup; empty for non-reference fields; several for polymorphic lookups. */
  referenceTo: string[];
  /** Relationship name of a lookup (`Account` for AccountId, `Original_Deal__r` for Original_Deal__c). */
  relationshipName?: string;
  /**
   * Set only on a standard object's lookup taken from the built-in table without a source that confirms it
   * (src/source/standardObjects.ts, `confirmed: false`): a path that fails through it is "could not be confirmed".
   */
  unconfirmed?: boolean;
  /**
   * False when describe says the field cannot be used in GROUP BY (`groupable`, SOQL "Considerations for GROUP BY",
   * docs/salesforce-facts.md §6); left out when it can or when not known.
   */
  groupable?: false;
};

/** An object: its org-wide defaults and, when loaded, its fields. */
export type ObjectInfo = {
  name: string;
  /** EntityDefinition.InternalSharingModel; undefined when not known. */
  internalSharingModel?: string;
  /** EntityDefinition.ExternalSharingModel; undefined when not known. */
  externalSharingModel?: string;
  /** Fields; undefined when not loaded (not the same as "no fields"). */
  fields?: FieldInfo[];
  /**
   * True when `fields` holds only some of the object's fields: a standard object read from a project has its custom
   * fields and the lookups of a table (src/source/standardObjects.ts), not every standard field. A field missing from
   * it may still exist, so a path that needs one is doubtful, not wrong.
   */
  fieldsPartial?: boolean;
  /**
   * Fields the running user's describe leaves out but the Tooling FieldDefinition lists (field-level security hides
   * them from that user, docs/salesforce-facts.md §6 and §10): they exist, so a path through one is not proven wrong.
   */
  hiddenFields?: HiddenField[];
  /**
   * True when some path segment is missing from describe and FieldDefinition could not be read to tell a missing field
   * from a hidden one: no missing field of this object is taken for certain.
   */
  hiddenFieldsUnchecked?: boolean;
};

/** A field FieldDefinition lists that describe did not show: its API name and, for a lookup, its relationship name. */
export type HiddenField = { name: string; relationshipName?: string };

/** A parent record holding more child records than the sharing recalculation guidance allows (docs/salesforce-facts.md §4). */
export type SkewInfo = {
  object: string;
  /** The lookup field on `object` whose parent is skewed, e.g. `AccountId`. */
  field: string;
  parentId: string;
  /** The parent record's Name, when it could be read. */
  parentName?: string;
  childCount: number;
};

/** An object and Account lookup whose children could not be counted (the query failed), and why. */
export type SkewNotChecked = { object: string; field: string; reason: string; code?: SkewGap };

/**
 * Why a lookup's children were not counted: the aggregate query timed out (QUERY_TIMEOUT, docs/salesforce-facts.md §6),
 * describe says the field cannot be grouped, or the query failed otherwise.
 */
export type SkewGap = 'query-timeout' | 'not-groupable' | 'query-failed';

/**
 * More than this many child records under one parent is data skew: "more than 10,000 child records" (Designing Record
 * Access for Enterprise Scale, docs/salesforce-facts.md §4 [DOC]).
 */
export const SKEW_THRESHOLD = 10_000;

/** How complete one part of a snapshot is: analyses must not treat "not known" as "absent". */
export type Coverage = 'complete' | 'partial' | 'none';

/** Where a snapshot's data came from. */
export type SnapshotOrigin = {
  kind: 'org' | 'source' | 'source+org';
  /** Org username or alias, when an org was read. */
  org?: string;
  orgId?: string;
  /** Project root, when a project was read. */
  sourceDir?: string;
};

/**
 * Everything the analyses (eligibility, diff, audit) work on. Produced by the org loader (src/org) and the source
 * loader (src/source) alike, so no analysis branches on where the data came from.
 */
export type Snapshot = {
  origin: SnapshotOrigin;
  sharingSets: SharingSet[];
  profiles: ProfileInfo[];
  /** Objects keyed by API name, exactly as the org spells them. */
  objects: Record<string, ObjectInfo>;
  /**
   * The API name of every object of the org (describeGlobal), read only when a mapping names an object the org does
   * not have: the candidates of a "did you mean". Undefined when not read.
   */
  objectNames?: string[];
  /**
   * The user the org was read as: their language (User.LanguageLocaleKey), which standard profiles' names come back
   * in (docs/salesforce-facts.md §6, §7). Undefined when not read (projects, or an org read without profiles).
   */
  runningUser?: { language?: string };
  /** Skewed parents, only when a deep read was asked for; undefined when not looked at. */
  skew?: SkewInfo[];
  /** With `skew`: the lookups whose children could not be counted, so the check did not cover them. */
  skewNotChecked?: SkewNotChecked[];
  /** Project files that could not be used: their content is not in the snapshot (audit rules report each one). */
  fileProblems?: ProjectFileProblem[];
  coverage: {
    /** complete: every profile of the org is listed; partial: some (e.g. a project's profiles/ folder); none. */
    profiles: Coverage;
    /** complete: every object a mapping names is listed with its fields; partial / none otherwise. */
    objects: Coverage;
    /** Whether active-user counts are known. */
    activeUsers: boolean;
  };
};

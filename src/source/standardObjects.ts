/**
 * Lookup fields of the standard objects sharing sets use, for auditing a project without an org (a project holds
 * only the custom fields it deploys). Only the lookups that sharing-set paths go through are listed: name, target
 * objects (`referenceTo`, several for a polymorphic lookup) and relationship name (the path segment a sharing set
 * writes, docs/salesforce-facts.md §4). Org-wide defaults of standard objects are NOT known in source mode (they are org settings), so
 * none are given here; an org read always wins over this table.
 *
 * Sources. Each object cites its page in Salesforce's Object Reference (`source`). Each lookup says how it was
 * checked (`evidence`) and whether that check saw the field's relationship name and target (`confirmed`).
 * 'object-reference': the Object Reference page (the version in `seen`) lists the field with "Relationship Name" and
 * "Refers To", as recorded. 'domain-sample': the relationship name appears in a path of a real sharing set
 * (docs/salesforce-facts.md §2: `ReportsTo`, `Entitlement.Account`, `Owner.Account`, `Manager.Account`), the target is from the
 * Object Reference field description. 'unconfirmed': standard Salesforce naming (`XxxId` → relationship `Xxx`), not
 * checked against a page while this table was written; treat as uncertain: a rule built on it must say so, and must
 * not block on it alone.
 */
import type { FieldInfo } from '../model/types.js';

const REFERENCE = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference';

export type LookupEvidence = 'object-reference' | 'domain-sample' | 'unconfirmed';

export type StandardLookup = {
  /** Field API name, e.g. `AccountId`. */
  name: string;
  /** Target objects; several for a polymorphic lookup (Owner → Group, User). */
  referenceTo: string[];
  /** Relationship name: the segment a sharing-set path uses (`Account` for AccountId). */
  relationshipName: string;
  evidence: LookupEvidence;
  /** Whether name, target and relationship name were all seen in a source; false means uncertain. */
  confirmed: boolean;
  /** The page (and version) where the field was seen, when it differs from the object's `source`. */
  seen?: string;
};

export type StandardObject = {
  /** Object Reference page for the object. */
  source: string;
  lookups: StandardLookup[];
};

const seen = (version: string, page: string): string =>
  `https://developer.salesforce.com/docs/atlas.en-us.${version}.object_reference.meta/object_reference/${page}`;

function lookup(
  name: string,
  referenceTo: string[],
  relationshipName: string,
  evidence: LookupEvidence,
  where?: string
): StandardLookup {
  return {
    name,
    referenceTo,
    relationshipName,
    evidence,
    confirmed: evidence !== 'unconfirmed',
    ...(where ? { seen: where } : {}),
  };
}

export const STANDARD_OBJECTS: Record<string, StandardObject> = {
  Account: {
    source: `${REFERENCE}/sforce_api_objects_account.htm`,
    lookups: [
      lookup('ParentId', ['Account'], 'Parent', 'unconfirmed'),
      lookup('OwnerId', ['User'], 'Owner', 'unconfirmed'),
    ],
  },
  Contact: {
    source: `${REFERENCE}/sforce_api_objects_contact.htm`,
    lookups: [
      // Seen: "AccountId … Relationship Name Account, Relationship Type Lookup, Refers To Account" (API 60.0 page).
      lookup('AccountId', ['Account'], 'Account', 'object-reference', seen('248.0', 'sforce_api_objects_contact.htm')),
      lookup('ReportsToId', ['Contact'], 'ReportsTo', 'domain-sample'),
      lookup('OwnerId', ['User'], 'Owner', 'unconfirmed'),
    ],
  },
  Case: {
    source: `${REFERENCE}/sforce_api_objects_case.htm`,
    lookups: [
      // Seen: "AccountId … Relationship Name Account, Relationship Type Lookup, Refers To Account" (API 52.0 page).
      lookup('AccountId', ['Account'], 'Account', 'object-reference', seen('234.0', 'sforce_api_objects_case.htm')),
      lookup('ContactId', ['Contact'], 'Contact', 'unconfirmed'),
      lookup('AssetId', ['Asset'], 'Asset', 'unconfirmed'),
      lookup('EntitlementId', ['Entitlement'], 'Entitlement', 'domain-sample'),
      lookup('ParentId', ['Case'], 'Parent', 'unconfirmed'),
      lookup('ServiceContractId', ['ServiceContract'], 'ServiceContract', 'unconfirmed'),
      lookup('OwnerId', ['Group', 'User'], 'Owner', 'domain-sample'),
    ],
  },
  User: {
    source: `${REFERENCE}/sforce_api_objects_user.htm`,
    lookups: [
      // The Field Reference lists AccountId and ContactId as references; the relationship names were not seen there.
      lookup('AccountId', ['Account'], 'Account', 'unconfirmed'),
      lookup('ContactId', ['Contact'], 'Contact', 'unconfirmed'),
      // `Manager.Account` / `Manager.Contact` are documented userField values (docs/salesforce-facts.md §2).
      lookup('ManagerId', ['User'], 'Manager', 'domain-sample'),
    ],
  },
  Entitlement: {
    source: `${REFERENCE}/sforce_api_objects_entitlement.htm`,
    lookups: [
      // Seen on https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-entitlement.html:
      // AccountId "Relationship name: Account … Refers to: Account"; AssetId "Relationship name: Asset … Refers to: Asset".
      lookup(
        'AccountId',
        ['Account'],
        'Account',
        'object-reference',
        'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-entitlement.html'
      ),
      lookup(
        'AssetId',
        ['Asset'],
        'Asset',
        'object-reference',
        'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-entitlement.html'
      ),
      lookup('ServiceContractId', ['ServiceContract'], 'ServiceContract', 'unconfirmed'),
    ],
  },
  ServiceContract: {
    source: `${REFERENCE}/sforce_api_objects_servicecontract.htm`,
    lookups: [
      lookup('AccountId', ['Account'], 'Account', 'unconfirmed'),
      lookup('ContactId', ['Contact'], 'Contact', 'unconfirmed'),
      lookup('ParentServiceContractId', ['ServiceContract'], 'ParentServiceContract', 'unconfirmed'),
    ],
  },
  Opportunity: {
    source: `${REFERENCE}/sforce_api_objects_opportunity.htm`,
    lookups: [
      lookup('AccountId', ['Account'], 'Account', 'unconfirmed'),
      lookup('OwnerId', ['User'], 'Owner', 'unconfirmed'),
    ],
  },
  Order: {
    source: `${REFERENCE}/sforce_api_objects_order.htm`,
    lookups: [
      lookup('AccountId', ['Account'], 'Account', 'unconfirmed'),
      lookup('BillToContactId', ['Contact'], 'BillToContact', 'unconfirmed'),
      lookup('ShipToContactId', ['Contact'], 'ShipToContact', 'unconfirmed'),
      lookup('CustomerAuthorizedById', ['Contact'], 'CustomerAuthorizedBy', 'unconfirmed'),
      lookup('OpportunityId', ['Opportunity'], 'Opportunity', 'unconfirmed'),
    ],
  },
  WorkOrder: {
    source: `${REFERENCE}/sforce_api_objects_workorder.htm`,
    lookups: [
      lookup('AccountId', ['Account'], 'Account', 'unconfirmed'),
      lookup('ContactId', ['Contact'], 'Contact', 'unconfirmed'),
      lookup('AssetId', ['Asset'], 'Asset', 'unconfirmed'),
      lookup('CaseId', ['Case'], 'Case', 'unconfirmed'),
      lookup('EntitlementId', ['Entitlement'], 'Entitlement', 'unconfirmed'),
      lookup('ServiceContractId', ['ServiceContract'], 'ServiceContract', 'unconfirmed'),
    ],
  },
  Asset: {
    source: `${REFERENCE}/sforce_api_objects_asset.htm`,
    lookups: [
      lookup('AccountId', ['Account'], 'Account', 'unconfirmed'),
      lookup('ContactId', ['Contact'], 'Contact', 'unconfirmed'),
      lookup('ParentId', ['Asset'], 'Parent', 'unconfirmed'),
    ],
  },
  Campaign: {
    source: `${REFERENCE}/sforce_api_objects_campaign.htm`,
    lookups: [
      lookup('ParentId', ['Campaign'], 'Parent', 'unconfirmed'),
      lookup('OwnerId', ['User'], 'Owner', 'unconfirmed'),
    ],
  },
};

/** The fields of a standard object as the snapshot holds them: Id plus its lookups; undefined for other objects. */
export function standardObjectFields(name: string): FieldInfo[] | undefined {
  const entry = STANDARD_OBJECTS[name];
  if (!entry) return undefined;
  return [
    { name: 'Id', type: 'id', referenceTo: [] },
    ...entry.lookups.map((field) => ({
      name: field.name,
      type: 'reference',
      referenceTo: [...field.referenceTo],
      relationshipName: field.relationshipName,
      ...(field.confirmed ? {} : { unconfirmed: true }),
    })),
  ];
}

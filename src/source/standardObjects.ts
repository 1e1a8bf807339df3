/**
 * Lookup fields of the standard objects sharing sets use, for auditing a project without an org (a project holds
 * only the custom fields it deploys). Only the lookups that sharing-set paths go through are listed. Each object
 * cites its page in Salesforce's Object Reference; field names, targets and relationship names are from those pages
 * and from the retrieved samples in DOMAIN.md §2. Org-wide defaults of standard objects are NOT known in source mode
 * (they are org settings), so none are given here.
 */
import type { FieldInfo } from '../model/types.js';

const REFERENCE = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference';

type Lookup = [name: string, referenceTo: string[], relationshipName: string];

type StandardObject = { source: string; lookups: Lookup[] };

export const STANDARD_OBJECTS: Record<string, StandardObject> = {
  Account: {
    source: `${REFERENCE}/sforce_api_objects_account.htm`,
    lookups: [
      ['ParentId', ['Account'], 'Parent'],
      ['OwnerId', ['User'], 'Owner'],
    ],
  },
  Contact: {
    source: `${REFERENCE}/sforce_api_objects_contact.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['ReportsToId', ['Contact'], 'ReportsTo'],
      ['OwnerId', ['User'], 'Owner'],
    ],
  },
  Case: {
    source: `${REFERENCE}/sforce_api_objects_case.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['ContactId', ['Contact'], 'Contact'],
      ['AssetId', ['Asset'], 'Asset'],
      ['EntitlementId', ['Entitlement'], 'Entitlement'],
      ['ParentId', ['Case'], 'Parent'],
      ['ServiceContractId', ['ServiceContract'], 'ServiceContract'],
      ['OwnerId', ['Group', 'User'], 'Owner'],
    ],
  },
  User: {
    source: `${REFERENCE}/sforce_api_objects_user.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['ContactId', ['Contact'], 'Contact'],
      ['ManagerId', ['User'], 'Manager'],
    ],
  },
  Entitlement: {
    source: `${REFERENCE}/sforce_api_objects_entitlement.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['AssetId', ['Asset'], 'Asset'],
      ['ServiceContractId', ['ServiceContract'], 'ServiceContract'],
    ],
  },
  ServiceContract: {
    source: `${REFERENCE}/sforce_api_objects_servicecontract.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['ContactId', ['Contact'], 'Contact'],
      ['ParentServiceContractId', ['ServiceContract'], 'ParentServiceContract'],
    ],
  },
  Opportunity: {
    source: `${REFERENCE}/sforce_api_objects_opportunity.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['OwnerId', ['User'], 'Owner'],
    ],
  },
  Order: {
    source: `${REFERENCE}/sforce_api_objects_order.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['BillToContactId', ['Contact'], 'BillToContact'],
      ['ShipToContactId', ['Contact'], 'ShipToContact'],
      ['CustomerAuthorizedById', ['Contact'], 'CustomerAuthorizedBy'],
      ['OpportunityId', ['Opportunity'], 'Opportunity'],
    ],
  },
  WorkOrder: {
    source: `${REFERENCE}/sforce_api_objects_workorder.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['ContactId', ['Contact'], 'Contact'],
      ['AssetId', ['Asset'], 'Asset'],
      ['CaseId', ['Case'], 'Case'],
      ['EntitlementId', ['Entitlement'], 'Entitlement'],
      ['ServiceContractId', ['ServiceContract'], 'ServiceContract'],
    ],
  },
  Asset: {
    source: `${REFERENCE}/sforce_api_objects_asset.htm`,
    lookups: [
      ['AccountId', ['Account'], 'Account'],
      ['ContactId', ['Contact'], 'Contact'],
      ['ParentId', ['Asset'], 'Parent'],
    ],
  },
  Campaign: {
    source: `${REFERENCE}/sforce_api_objects_campaign.htm`,
    lookups: [
      ['ParentId', ['Campaign'], 'Parent'],
      ['OwnerId', ['User'], 'Owner'],
    ],
  },
};

/** The fields of a standard object as the snapshot holds them: Id plus its lookups. */
export function standardObjectFields(name: string): FieldInfo[] | undefined {
  const entry = STANDARD_OBJECTS[name];
  if (!entry) return undefined;
  return [
    { name: 'Id', type: 'id', referenceTo: [] },
    ...entry.lookups.map(([field, referenceTo, relationshipName]) => ({
      name: field,
      type: 'reference',
      referenceTo,
      relationshipName,
    })),
  ];
}

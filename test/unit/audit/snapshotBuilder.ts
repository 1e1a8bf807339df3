/**
 * Small snapshots for the analysis and audit tests. `goodSnapshot()` is a correct configuration on which every rule
 * must stay silent; each test changes one thing and expects its rule to fire.
 */
import type {
  AccessLevel,
  AccessMapping,
  FieldInfo,
  ObjectInfo,
  ProfileInfo,
  SharingSet,
  Snapshot,
  SourceLocation,
} from '../../../src/model/types.js';

/** Custom object API names (constants: ESLint's camelcase rule rejects `__c` identifiers). */
export const INVOICE = 'Invoice__c';
export const WIDGET = 'Widget__c';

/** A describe field; a lookup when `referenceTo` is given. */
export function field(name: string, referenceTo: string[] = [], relationshipName?: string): FieldInfo {
  return {
    name,
    type: referenceTo.length > 0 ? 'reference' : 'string',
    referenceTo,
    ...(relationshipName ? { relationshipName } : {}),
  };
}

/** Objects with the fields the path cases need, external defaults Private. */
export function standardObjects(): Record<string, ObjectInfo> {
  const object = (name: string, fields: FieldInfo[]): ObjectInfo => ({
    name,
    internalSharingModel: 'Private',
    externalSharingModel: 'Private',
    fields: [field('Id'), field('Name'), ...fields],
  });
  return {
    Account: object('Account', [field('ParentId', ['Account'], 'Parent'), field('OwnerId', ['User'], 'Owner')]),
    Contact: object('Contact', [
      field('AccountId', ['Account'], 'Account'),
      field('ReportsToId', ['Contact'], 'ReportsTo'),
      field('Partner_Account__c', ['Account'], 'Partner_Account__r'),
    ]),
    Case: object('Case', [
      field('AccountId', ['Account'], 'Account'),
      field('ContactId', ['Contact'], 'Contact'),
      field('EntitlementId', ['Entitlement'], 'Entitlement'),
      field('OwnerId', ['Group', 'User'], 'Owner'),
      field('Subject'),
    ]),
    Entitlement: object('Entitlement', [field('AccountId', ['Account'], 'Account')]),
    User: object('User', [
      field('AccountId', ['Account'], 'Account'),
      field('ContactId', ['Contact'], 'Contact'),
      field('ManagerId', ['User'], 'Manager'),
    ]),
    Group: object('Group', [field('Type')]),
    Opportunity: object('Opportunity', [field('AccountId', ['Account'], 'Account')]),
    [INVOICE]: object('Invoice__c', [
      field('Account_Lookup__c', ['Account'], 'Account_Lookup__r'),
      field('Original_Deal__c', ['Opportunity'], 'Original_Deal__r'),
      field('Amount__c'),
    ]),
    [WIDGET]: object('Widget__c', [field('Colour__c'), field('Opportunity__c', ['Opportunity'], 'Opportunity__r')]),
  };
}

export function mapping(
  object: string,
  objectField: string,
  userField: string,
  accessLevel: AccessLevel = 'Read'
): AccessMapping {
  return { accessLevel, object, objectField, userField };
}

export function sharingSet(
  fullName: string,
  profiles: string[],
  accessMappings: AccessMapping[],
  location?: SourceLocation
): SharingSet {
  return { fullName, label: fullName.replace(/_/g, ' '), profiles, accessMappings, ...(location ? { location } : {}) };
}

export function profile(
  name: string,
  licenseName: string,
  licenseKey: string,
  userType: string,
  activeUsers = 5
): ProfileInfo {
  return { id: `00e${name.length}`, name, licenseName, licenseKey, userType, activeUsers };
}

export const CUSTOMER = profile(
  'Customer Community User',
  'Customer Community',
  'PID_Customer_Community',
  'CspLitePortal'
);
export const PARTNER = profile('Partner Community User', 'Partner Community', 'PID_Partner_Community', 'PowerPartner');
export const STANDARD = profile('Standard User', 'Salesforce', 'SFDC', 'Standard');
export const GUEST = profile('Site Guest User', 'Guest User License', 'PID_Guest_User', 'Guest');
export const EXOTIC = profile('Exotic User', 'Galactic Portal', 'PID_Galactic', 'CspLitePortal');

/** A correct org configuration: every rule is silent on it. */
export function goodSnapshot(): Snapshot {
  return {
    origin: { kind: 'org', org: 'test' },
    sharingSets: [
      sharingSet(
        'Customer_Access',
        ['Customer Community User', 'partner community user'],
        [
          mapping('Account', 'Id', 'Account'),
          mapping('Case', 'Account', 'Account'),
          mapping('Case', 'Contact', 'Contact', 'Edit'),
          mapping('Invoice__c', 'Account_Lookup__c', 'Account'),
          mapping('Contact', 'ReportsTo', 'Contact'),
        ],
        {
          file: 'sharingSets/Customer_Access.sharingSet-meta.xml',
          line: 2,
          mappingLines: [3, 9, 15, 21, 27],
          profileLines: [33, 34],
        }
      ),
    ],
    profiles: [CUSTOMER, PARTNER, STANDARD, GUEST, EXOTIC],
    objects: standardObjects(),
    skew: [{ object: 'Case', field: 'AccountId', parentId: '001000000000001', childCount: 9000 }],
    coverage: { profiles: 'complete', objects: 'complete', activeUsers: true },
  };
}

/** goodSnapshot() with its first sharing set changed by `change`. */
export function withSet(change: (set: SharingSet) => SharingSet, base: Snapshot = goodSnapshot()): Snapshot {
  return { ...base, sharingSets: [change(base.sharingSets[0]), ...base.sharingSets.slice(1)] };
}

/** goodSnapshot() plus one more sharing set. */
export function withExtraSet(set: SharingSet, base: Snapshot = goodSnapshot()): Snapshot {
  return { ...base, sharingSets: [...base.sharingSets, set] };
}

/**
 * Synthetic orgs: a deterministic large org for scale tests, and small ones with exactly n sharing sets.
 */
import type {
  Fixture,
  FixtureField,
  FixtureLicense,
  FixtureObject,
  FixtureProfile,
  FixtureSharingSet,
  FixtureUser,
} from './fixture.js';
import { makeId } from './orgdata.js';

/** mulberry32: small, fast, deterministic. */
const rng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d_2b_79_f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const ORG_ID = '00D000000000EMUAAA';

const LICENSES: Array<[string, string, string]> = [
  ['Salesforce', 'SFDC', 'Standard'],
  ['Customer Community', 'PID_Customer_Community', 'CspLitePortal'],
  ['Customer Community Login', 'PID_Customer_Community_Login', 'CspLitePortal'],
  ['Customer Community Plus', 'PID_Customer_Community_Plus', 'PowerCustomerSuccess'],
  ['Partner Community', 'PID_Partner_Community', 'PowerPartner'],
  ['Guest', 'PID_Guest_User', 'Guest'],
];

const licenses = (): FixtureLicense[] => LICENSES.map(([name, key], n) => ({ id: makeId('100', n + 1), name, key }));

const lookup = (name: string, target: string | string[], relationshipName: string): FixtureField => ({
  name,
  type: 'reference',
  referenceTo: Array.isArray(target) ? target : [target],
  relationshipName,
});

const standardObjects = (): FixtureObject[] => [
  {
    name: 'Account',
    label: 'Account',
    custom: false,
    internalSharingModel: 'Private',
    externalSharingModel: 'Private',
    fields: [{ name: 'Id', type: 'id' }, { name: 'Name', type: 'string' }, lookup('ParentId', 'Account', 'Parent')],
  },
  {
    name: 'Contact',
    label: 'Contact',
    custom: false,
    internalSharingModel: 'Private',
    externalSharingModel: 'Private',
    fields: [
      { name: 'Id', type: 'id' },
      { name: 'Name', type: 'string' },
      lookup('AccountId', 'Account', 'Account'),
      lookup('ReportsToId', 'Contact', 'ReportsTo'),
    ],
  },
  {
    name: 'Case',
    label: 'Case',
    custom: false,
    internalSharingModel: 'Private',
    externalSharingModel: 'Private',
    fields: [
      { name: 'Id', type: 'id' },
      { name: 'CaseNumber', type: 'string' },
      { name: 'Subject', type: 'string' },
      lookup('AccountId', 'Account', 'Account'),
      lookup('ContactId', 'Contact', 'Contact'),
      lookup('OwnerId', ['Group', 'User'], 'Owner'),
    ],
  },
  {
    name: 'User',
    label: 'User',
    custom: false,
    internalSharingModel: 'Read',
    externalSharingModel: 'Private',
    fields: [
      { name: 'Id', type: 'id' },
      lookup('AccountId', 'Account', 'Account'),
      lookup('ContactId', 'Contact', 'Contact'),
      lookup('ManagerId', 'User', 'Manager'),
    ],
  },
];

const customObject = (n: number, sharingModel: string): FixtureObject => {
  const name = `Custom_Object_${pad(n, 4)}__c`;
  return {
    name,
    label: `Custom Object ${pad(n, 4)}`,
    custom: true,
    internalSharingModel: sharingModel,
    externalSharingModel: sharingModel,
    fields: [
      { name: 'Id', type: 'id' },
      { name: 'Name', type: 'string' },
      lookup('Account__c', 'Account', 'Account__r'),
      lookup('Contact__c', 'Contact', 'Contact__r'),
    ],
  };
};

const baseOrg = (name: string): Fixture => ({
  org: {
    id: ORG_ID,
    name,
    username: 'admin@emulated.example',
    token: `${ORG_ID.slice(0, 15)}!AQEmulatorToken.${name.replace(/\W+/g, '_')}`,
  },
  licenses: licenses(),
  profiles: [],
  users: [],
  objects: standardObjects(),
  sharingSets: [],
  childCounts: [],
  limits: { dailyApiMax: 15_000, dailyApiRemaining: 15_000 },
});

/** A small org with no sharing sets: admin, Standard User, the community profiles, a guest profile. */
export const emptyOrg = (): Fixture => {
  const org = baseOrg('Empty Org');
  const lic = (n: string): string => (org.licenses.find((l) => l.name === n) as FixtureLicense).id;
  const profiles: Array<[string, string, string]> = [
    ['System Administrator', 'Salesforce', 'Standard'],
    ['Standard User', 'Salesforce', 'Standard'],
    ['Customer Community User', 'Customer Community', 'CspLitePortal'],
    ['Customer Community Login User', 'Customer Community Login', 'CspLitePortal'],
    ['Customer Community Plus User', 'Customer Community Plus', 'PowerCustomerSuccess'],
    ['Partner Community User', 'Partner Community', 'PowerPartner'],
    ['Site Guest Profile', 'Guest', 'Guest'],
  ];
  org.profiles = profiles.map(([name, license, userType], n) => ({
    id: makeId('00e', n + 1),
    name,
    licenseId: lic(license),
    userType,
  }));
  org.users = org.profiles.map((p, n) => ({
    id: makeId('005', n + 1),
    username: n === 0 ? org.org.username : `user${n}@emulated.example`,
    name: n === 0 ? 'Admin User' : `User ${n}`,
    profileId: p.id,
    isActive: true,
  }));
  return org;
};

/** emptyOrg with `n` valid sharing sets `Set_001`… (Case by Account for the Customer Community User profile). */
export const orgWithSets = (n: number): Fixture => {
  const org = emptyOrg();
  org.org.name = `Org With ${n} Sets`;
  org.sharingSets = Array.from({ length: n }, (_, i) => ({
    fullName: `Set_${pad(i + 1, 3)}`,
    name: `Set ${pad(i + 1, 3)}`,
    profiles: ['Customer Community User'],
    accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
  }));
  return org;
};

export type LargeOrgOptions = {
  profiles?: number;
  sharingSets?: number;
  customObjects?: number;
  users?: number;
  seed?: number;
};

/** A deterministic large org: same options and seed, same fixture. */
export const generateLargeOrg = (options: LargeOrgOptions = {}): Fixture => {
  const { profiles = 300, sharingSets = 250, customObjects = 1500, users = 20_000, seed = 42 } = options;
  const rand = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const org = baseOrg('Large Synthetic Org');
  const external = org.licenses.filter((l) => !['SFDC', 'PID_Guest_User'].includes(l.key));
  const userTypeOf = (l: FixtureLicense): string => (LICENSES.find(([n]) => n === l.name) as string[])[2];
  const profileList: FixtureProfile[] = [
    { id: makeId('00e', 1), name: 'System Administrator', licenseId: org.licenses[0].id, userType: 'Standard' },
  ];
  for (let i = 2; i <= profiles; i++) {
    const roll = rand();
    const license = roll < 0.85 ? pick(external) : roll < 0.97 ? org.licenses[0] : org.licenses[5];
    const label =
      userTypeOf(license) === 'Standard' ? 'Internal' : userTypeOf(license) === 'Guest' ? 'Guest' : 'Community';
    profileList.push({
      id: makeId('00e', i),
      name: `${label} Profile ${pad(i, 4)}`,
      licenseId: license.id,
      userType: userTypeOf(license),
    });
  }
  org.profiles = profileList;
  const userList: FixtureUser[] = [
    {
      id: makeId('005', 1),
      username: org.org.username,
      name: 'Admin User',
      profileId: profileList[0].id,
      isActive: true,
    },
  ];
  for (let i = 2; i <= users; i++) {
    const p = pick(profileList);
    const externalUser = p.userType !== 'Standard' && p.userType !== 'Guest';
    userList.push({
      id: makeId('005', i),
      username: `user${pad(i, 6)}@emulated.example`,
      profileId: p.id,
      isActive: rand() < 0.9,
      ...(externalUser ? { accountId: makeId('001', 1 + Math.floor(rand() * 5000)), contactId: makeId('003', i) } : {}),
    });
  }
  org.users = userList;
  const models = ['Private', 'Private', 'Private', 'Read', 'ReadWrite', 'ControlledByParent'];
  for (let i = 1; i <= customObjects; i++) org.objects.push(customObject(i, pick(models)));
  const targets = org.objects.filter((o) => o.name !== 'User' && o.name !== 'Account');
  const externalProfiles = profileList.filter((p) => !['Standard', 'Guest'].includes(p.userType));
  const sets: FixtureSharingSet[] = [];
  for (let i = 1; i <= sharingSets; i++) {
    const mappings = 1 + Math.floor(rand() * 4);
    const profileCount = 1 + Math.floor(rand() * 5);
    const chosen = new Set<string>();
    while (chosen.size < Math.min(profileCount, externalProfiles.length)) chosen.add(pick(externalProfiles).name);
    const objects = new Set<string>();
    while (objects.size < mappings) objects.add(pick(targets).name);
    sets.push({
      fullName: `Sharing_Set_${pad(i, 4)}`,
      name: `Sharing Set ${pad(i, 4)}`,
      ...(rand() < 0.5 ? { description: `Synthetic sharing set ${i}` } : {}),
      profiles: [...chosen],
      accessMappings: [...objects].map((object) => {
        const o = org.objects.find((x) => x.name === object) as FixtureObject;
        const viaContact = rand() < 0.3;
        // A contact matched on the user's contact is the record itself: `Id` (docs/salesforce-facts.md §2 [DOC]);
        // Contact has no lookup named Contact, and an org refuses that path.
        const standardField = viaContact ? (object === 'Contact' ? 'Id' : 'Contact') : 'Account';
        return {
          accessLevel: rand() < 0.8 ? 'Read' : 'Edit',
          object,
          objectField: o.custom ? (viaContact ? 'Contact__c' : 'Account__c') : standardField,
          userField: viaContact ? 'Contact' : 'Account',
        };
      }),
    });
  }
  org.sharingSets = sets;
  org.childCounts = [
    { object: 'Case', field: 'AccountId', parentId: makeId('001', 1), count: 15_000 },
    { object: 'Case', field: 'AccountId', parentId: makeId('001', 2), count: 10_001 },
    { object: 'Case', field: 'AccountId', parentId: makeId('001', 3), count: 9999 },
    { object: 'Contact', field: 'AccountId', parentId: makeId('001', 4), count: 12_000 },
  ];
  return org;
};

/** License names a sharing set may name profiles of (docs/salesforce-facts.md §3 [DOC]), as the generated orgs hold them. */
const SHARING_SET_LICENSES = new Set([
  'Customer Community',
  'Customer Community Login',
  'Customer Community Plus',
  'Partner Community',
]);

/**
 * `count` sharing sets `Deploy_Set_0001`… that a real org accepts for `org` (one of {@link generateLargeOrg}) and in
 * which the audit finds nothing, for the benchmark's deploy scenarios. The large org's own sets are not all of that
 * kind: they map objects whose external default is Public Read/Write, add Read where the default gives it, and name a
 * profile twice for one object. These sets name profiles whose license can use sharing sets (§3 [DOC]) and that have
 * an active user. They map Case and the custom objects whose external org-wide default is Private: objects with a
 * Public Read/Write default are not offered (§2 [DOC]), and a Read mapping on a Public Read Only one adds nothing.
 * Each mapping goes through the object's own Account or Contact lookup, written as §2 documents it (a standard lookup
 * by its relationship name, `Account`; a custom one by its field name, `Account__c`) and matched on the user's
 * `Account` or `Contact` (§2 [DOC]). No profile is in two sets for the same object ("one sharing set per profile per
 * object", §2 [2ND]). The same org, count and seed give the same sets. (Section numbers: docs/salesforce-facts.md.)
 */
export const deployableSharingSets = (org: Fixture, count: number, seed = 42): FixtureSharingSet[] => {
  const rand = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const licenseName = new Map(org.licenses.map((l) => [l.id, l.name]));
  const active = new Set(org.users.filter((u) => u.isActive).map((u) => u.profileId));
  const profiles = org.profiles
    .filter((p) => SHARING_SET_LICENSES.has(licenseName.get(p.licenseId) ?? '') && active.has(p.id))
    .map((p) => p.name);
  const lookupTo = (o: FixtureObject, target: string): FixtureField | undefined =>
    o.fields.find((f) => f.type === 'reference' && f.referenceTo?.length === 1 && f.referenceTo[0] === target);
  const objects = org.objects.filter(
    (o) =>
      (o.name === 'Case' || o.custom) &&
      o.externalSharingModel === 'Private' &&
      lookupTo(o, 'Account') !== undefined &&
      lookupTo(o, 'Contact') !== undefined
  );
  if (profiles.length === 0 || objects.length === 0)
    throw new Error('deployableSharingSets: no eligible profile or object');
  const taken = new Set<string>();
  const pair = (profile: string, object: string): string => `${profile}\u0000${object}`;
  return Array.from({ length: count }, (_, i) => {
    const n = pad(i + 1, 4);
    for (let attempt = 0; attempt < 100; attempt++) {
      const wantObjects = Math.min(1 + Math.floor(rand() * 4), objects.length);
      const wantProfiles = 1 + Math.floor(rand() * 5);
      const chosen = new Set<FixtureObject>();
      while (chosen.size < wantObjects) chosen.add(pick(objects));
      const free = profiles.filter((p) => [...chosen].every((o) => !taken.has(pair(p, o.name))));
      if (free.length === 0) continue;
      const named = new Set<string>();
      while (named.size < Math.min(wantProfiles, free.length)) named.add(pick(free));
      for (const p of named) for (const o of chosen) taken.add(pair(p, o.name));
      const description = rand() < 0.5 ? { description: `Deployed by the benchmark, set ${i + 1}` } : {};
      return {
        fullName: `Deploy_Set_${n}`,
        name: `Deploy Set ${n}`,
        ...description,
        profiles: [...named],
        accessMappings: [...chosen].map((o) => {
          const userField = rand() < 0.3 ? 'Contact' : 'Account';
          const field = lookupTo(o, userField) as FixtureField;
          return {
            accessLevel: rand() < 0.8 ? 'Read' : 'Edit',
            object: o.name,
            objectField: o.custom ? field.name : (field.relationshipName as string),
            userField,
          };
        }),
      };
    }
    throw new Error(`deployableSharingSets: no free profile left for set ${i + 1} of ${count}`);
  });
};

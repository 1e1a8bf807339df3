/**
 * An emulated org for `sf sharing exposure` whose users, contacts, accounts, account relationships and records are all
 * known (the explain org plus generated ones), and a brute-force count over it: every user against every record,
 * written here apart from the plugin's aggregate queries so that each checks the other.
 */
import { loadFixture, type Fixture, type FixtureSharingSet } from '../../emulator/index.js';

const id = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}AAA`;

/** A small deterministic generator (mulberry32), so every run builds the same org. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d_2b_79_f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A label and description no report may interpret: HTML, quotes, brackets, a Markdown link, Mermaid syntax. */
export const HOSTILE_LABEL =
  '<img src=x onerror=alert(1)> "q" \'s\' [b](javascript:alert(1)) A-->B; click A call alert() %%{init}%% =1+1 @here #12';

export type ExposureFixtureOptions = {
  users?: number;
  cases?: number;
  hostile?: boolean;
  seed?: number;
  /** Every generated user active and of the Customer Community User profile (many keys for paging). */
  uniform?: boolean;
};

/* eslint-disable camelcase -- custom field API names */
/** The explain org with `users` more site users (and their contacts, relationships, manager links) and `cases` cases. */
// eslint-disable-next-line complexity -- one generator, read top to bottom
export function exposureFixture(options: ExposureFixtureOptions = {}): Fixture {
  const fx = loadFixture('explain');
  const next = random(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const records = fx.records ?? {};
  fx.records = records;
  const accounts = records.Account ?? [];
  for (let i = 101; i <= 130; i++) {
    accounts.push({
      Id: id('001', i),
      Name: `Account ${i}`,
      ParentId: next() < 0.3 ? id('001', 101 + Math.floor(next() * 5)) : null,
    });
  }
  const accountIds = accounts.map((a) => a.Id as string);
  const contacts = records.Contact ?? [];
  const relations = records.AccountContactRelation ?? [];
  const profiles = [
    '00e000000000003AAA',
    '00e000000000003AAA',
    '00e000000000003AAA',
    '00e000000000004AAA',
    '00e000000000002AAA',
  ];
  let relation = 100;
  for (let i = 0; i < (options.users ?? 60); i++) {
    const contactId = id('003', 1000 + i);
    const accountId = pick(accountIds);
    const earlier = contacts.length > 4 && next() < 0.3 ? (pick(contacts.slice(4)).Id as string) : null;
    contacts.push({ Id: contactId, Name: `Contact ${i}`, AccountId: accountId, ReportsToId: earlier });
    relations.push({
      Id: id('07k', relation++),
      AccountId: accountId,
      ContactId: contactId,
      IsActive: true,
      IsDirect: true,
    });
    // Salesforce holds one relationship per contact and account.
    const related = new Set([accountId]);
    for (let extra = Math.floor(next() * 3); extra > 0; extra--) {
      const other = pick(accountIds);
      if (!related.has(other)) {
        related.add(other);
        relations.push({
          Id: id('07k', relation++),
          AccountId: other,
          ContactId: contactId,
          IsActive: next() < 0.7,
          IsDirect: false,
        });
      }
    }
    fx.users.push({
      id: id('005', 1000 + i),
      username: `user${i}@exposure.example`,
      name: `User ${i}`,
      profileId: options.uniform ? profiles[0] : pick(profiles),
      isActive: options.uniform === true || next() < 0.85,
      accountId,
      contactId,
      ...(i > 0 && next() < 0.4 ? { managerId: id('005', 1000 + Math.floor(next() * i)) } : {}),
    });
  }
  const entitlements = records.Entitlement ?? [];
  for (let i = 2; i <= 8; i++)
    entitlements.push({ Id: id('550', i), Name: `Entitlement ${i}`, AccountId: pick(accountIds) });
  const contactIds = contacts.map((c) => c.Id as string);
  const cases = records.Case ?? [];
  for (let i = 0; i < (options.cases ?? 300); i++) {
    cases.push({
      Id: id('500', 1000 + i),
      CaseNumber: String(20_000 + i),
      Subject: `case ${i}`,
      AccountId: next() < 0.9 ? pick(accountIds) : null,
      ContactId: next() < 0.7 ? pick(contactIds) : null,
      EntitlementId: next() < 0.3 ? pick(entitlements).Id : null,
    });
  }
  const invoices = records.Invoice__c ?? [];
  const panels = records.Panel__c ?? [];
  for (let i = 2; i <= 40; i++) {
    invoices.push({ Id: id('a02', i), Name: `INV-${i}`, Account__c: next() < 0.9 ? pick(accountIds) : null });
    panels.push({ Id: id('a01', i), Name: `Panel ${i}`, Installer__c: next() < 0.9 ? pick(contactIds) : null });
  }
  fx.sharingSets.push(
    {
      fullName: 'Internal_Only',
      name: 'Internal Only',
      profiles: ['Standard User', 'No Such Profile'],
      accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
    },
    {
      fullName: 'Mixed_Profiles',
      name: 'Mixed Profiles',
      profiles: ['customer community user', 'Partner Community User', 'Standard User', 'Ghost Profile'],
      accessMappings: [
        { accessLevel: 'Edit', object: 'Case', objectField: 'Contact', userField: 'Contact' },
        { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Contact.RelatedAccount' },
        { accessLevel: 'Read', object: 'Invoice__c', objectField: 'Account__c', userField: 'Account.ParentId' },
      ],
    }
  );
  if (options.hostile) {
    fx.sharingSets.push({
      fullName: 'Hostile_Set',
      name: HOSTILE_LABEL,
      description: HOSTILE_LABEL,
      profiles: ['Customer Community User'],
      accessMappings: [{ accessLevel: 'Edit', object: 'Case', objectField: 'Account', userField: 'Account' }],
    });
  }
  return fx;
}
/* eslint-enable camelcase */

type Row = Record<string, unknown>;
const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

/** Every record of the fixture by Id (users included, as rows with their fixture keys). */
function index(fx: Fixture): Map<string, { object: string; row: Row }> {
  const all = new Map<string, { object: string; row: Row }>();
  for (const [object, rows] of Object.entries(fx.records ?? {}))
    for (const row of rows) all.set(row.Id as string, { object, row });
  return all;
}

/** The Id a lookup path leads to (`Entitlement.Account`, `Account__c`, `Id`), by brute force over the fixture. */
function walk(fx: Fixture, all: ReturnType<typeof index>, object: string, row: Row, path: string): string | undefined {
  if (lower(path) === 'id') return row.Id as string;
  let current: { object: string; row: Row } | undefined = { object, row };
  const segments = path.split('.');
  for (let i = 0; i < segments.length && current; i++) {
    const segment = lower(segments[i]);
    const entry = Object.entries(current.row).find(
      ([key]) =>
        lower(key) === segment || lower(key) === `${segment}id` || lower(key) === segment.replace(/__r$/, '__c')
    );
    const value = entry?.[1];
    if (typeof value !== 'string') return undefined;
    if (i === segments.length - 1) return value;
    current = all.get(value);
  }
  return undefined;
}

/** The key values a user brings for a userField (active relationships only for Contact.RelatedAccount). */
function userValues(
  fx: Fixture,
  all: ReturnType<typeof index>,
  user: Fixture['users'][number],
  userField: string
): string[] {
  const key = lower(userField);
  const manager = fx.users.find((u) => u.id === user.managerId);
  const one = (value: string | undefined): string[] => (value ? [value] : []);
  if (key === 'account') return one(user.accountId);
  if (key === 'contact') return one(user.contactId);
  if (key === 'manager.account') return one(manager?.accountId);
  if (key === 'manager.contact') return one(manager?.contactId);
  if (key === 'contact.relatedaccount') {
    const related = (fx.records?.AccountContactRelation ?? []).filter(
      (r) => r.ContactId === user.contactId && r.IsActive === true
    );
    return [...new Set(related.map((r) => r.AccountId as string))];
  }
  const [start, ...rest] = userField.split('.');
  const startId = lower(start) === 'account' ? user.accountId : user.contactId;
  const found = startId ? all.get(startId) : undefined;
  return found ? one(walk(fx, all, found.object, found.row, rest.join('.'))) : [];
}

const ELIGIBLE_USER_TYPES = ['cspliteportal', 'powerpartner', 'powercustomersuccess'];

export type Expected = { users: number; records: number; grants: number };

/** Users, records and grants of every mapping (`Set#index`), user by user and record by record. */
export function bruteForce(fx: Fixture, sets: FixtureSharingSet[] = fx.sharingSets): Map<string, Expected> {
  const all = index(fx);
  const out = new Map<string, Expected>();
  for (const set of sets) {
    const profileIds = fx.profiles
      .filter(
        (p) =>
          set.profiles.some((name) => lower(name) === lower(p.name)) && ELIGIBLE_USER_TYPES.includes(lower(p.userType))
      )
      .map((p) => p.id);
    const users = fx.users.filter((u) => u.isActive && profileIds.includes(u.profileId));
    set.accessMappings.forEach((mapping, mappingIndex) => {
      const values = users.map((u) => userValues(fx, all, u, mapping.userField)).filter((v) => v.length > 0);
      const rows =
        Object.entries(fx.records ?? {}).find(([object]) => lower(object) === lower(mapping.object))?.[1] ?? [];
      let records = 0;
      let grants = 0;
      for (const row of rows) {
        const value = walk(fx, all, mapping.object, row, mapping.objectField);
        const matching = value ? values.filter((v) => v.includes(value)).length : 0;
        if (matching > 0) records++;
        grants += matching;
      }
      out.set(`${set.fullName}#${mappingIndex}`, { users: values.length, records, grants });
    });
  }
  return out;
}

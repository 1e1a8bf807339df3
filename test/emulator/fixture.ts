/**
 * The org a test runs against: plain JSON (test/fixtures/orgs/*.json) or built in code (generate.ts).
 * Everything the emulator answers comes from one of these; create/update/delete change an in-memory copy only.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type FixtureOrgInfo = {
  /** 18-character org id, `00D…`. */
  id: string;
  name: string;
  /** Username of the running user (the one `userinfo` reports). */
  username: string;
  /** Access token; must look like `00D…!…` for @salesforce/core to accept it. */
  token: string;
  /** Id of the running user; defaults to the user whose username matches, or a synthetic id. */
  userId?: string;
  instanceName?: string;
  isSandbox?: boolean;
  organizationType?: string;
  namespacePrefix?: string | null;
};

export type FixtureLicense = { id: string; name: string; key: string; status?: string };

export type FixtureProfile = { id: string; name: string; licenseId: string; userType: string };

export type FixtureUser = {
  id: string;
  username: string;
  profileId: string;
  isActive: boolean;
  name?: string;
  accountId?: string;
  contactId?: string;
  managerId?: string;
  /** User.LanguageLocaleKey (default en_US). */
  language?: string;
};

export type FixtureField = {
  name: string;
  /** describe type: id, reference, string, boolean, picklist, textarea, int, double, datetime, ... */
  type: string;
  label?: string;
  /** Targets of a lookup (several for polymorphic lookups); empty or absent for other fields. */
  referenceTo?: string[];
  relationshipName?: string;
};

export type FixtureObject = {
  name: string;
  label: string;
  custom: boolean;
  /** EntityDefinition.InternalSharingModel: Private, Read, ReadWrite, ReadWriteTransfer, ControlledByParent, ... */
  internalSharingModel: string;
  externalSharingModel: string;
  /** Three-character key prefix; synthesised when absent. */
  keyPrefix?: string;
  fields: FixtureField[];
};

export type FixtureAccessMapping = { accessLevel: string; object: string; objectField: string; userField: string };

export type FixtureSharingSet = {
  /** API name (file name). */
  fullName: string;
  /** The `<name>` element, which orgs use for the label. */
  name: string;
  description?: string;
  profiles: string[];
  accessMappings: FixtureAccessMapping[];
};

/** `count` child records of `object` whose lookup `field` points at `parentId` (for skew and COUNT queries). */
export type FixtureChildCount = { object: string; field: string; parentId: string; count: number };

export type FixtureLimits = { dailyApiMax: number; dailyApiRemaining: number };

export type Fixture = {
  org: FixtureOrgInfo;
  licenses: FixtureLicense[];
  profiles: FixtureProfile[];
  users: FixtureUser[];
  objects: FixtureObject[];
  sharingSets: FixtureSharingSet[];
  childCounts?: FixtureChildCount[];
  limits?: FixtureLimits;
  /** Extra records by object API name (e.g. the Account a skewed child count points at). */
  records?: Record<string, Array<Record<string, unknown>>>;
};

const here = dirname(fileURLToPath(import.meta.url));

/** Folder holding the JSON fixtures. */
export const fixturesDir = resolve(here, '..', 'fixtures', 'orgs');

/** Deep copy, so that mutating an emulator's org never changes the caller's fixture. */
export const cloneFixture = (fixture: Fixture): Fixture => structuredClone(fixture);

/**
 * Checks the references inside a fixture (profile → license, user → profile, ids present). Throws with every problem
 * found, so that a broken fixture fails loudly instead of producing odd answers.
 */
export const validateFixture = (fixture: Fixture): Fixture => {
  const problems: string[] = [];
  const { org } = fixture;
  if (!org || typeof org !== 'object') throw new Error('fixture: missing "org"');
  if (!/^00D[A-Za-z0-9]{15}$/.test(org.id ?? '')) problems.push(`org.id must be an 18-character 00D… id: ${org.id}`);
  if (!/^00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+$/.test(org.token ?? '')) {
    problems.push('org.token must look like 00D…!… (the form @salesforce/core accepts as an access token)');
  }
  if (!org.username) problems.push('org.username is required');
  for (const key of ['licenses', 'profiles', 'users', 'objects', 'sharingSets'] as const) {
    if (!Array.isArray(fixture[key])) problems.push(`"${key}" must be an array`);
  }
  if (problems.length === 0) {
    const licenseIds = new Set(fixture.licenses.map((l) => l.id));
    const profileIds = new Set(fixture.profiles.map((p) => p.id));
    for (const p of fixture.profiles) {
      if (!licenseIds.has(p.licenseId)) problems.push(`profile ${p.name}: unknown licenseId ${p.licenseId}`);
    }
    for (const u of fixture.users) {
      if (!profileIds.has(u.profileId)) problems.push(`user ${u.username}: unknown profileId ${u.profileId}`);
    }
    const names = new Set<string>();
    for (const o of fixture.objects) {
      if (names.has(o.name.toLowerCase())) problems.push(`object ${o.name} listed twice`);
      names.add(o.name.toLowerCase());
    }
    const setNames = new Set<string>();
    for (const s of fixture.sharingSets) {
      if (setNames.has(s.fullName.toLowerCase())) problems.push(`sharing set ${s.fullName} listed twice`);
      setNames.add(s.fullName.toLowerCase());
    }
  }
  if (problems.length > 0) throw new Error(`invalid fixture:\n  ${problems.join('\n  ')}`);
  return fixture;
};

/**
 * Loads a fixture: a bare name (`demo`) is looked up in test/fixtures/orgs, anything else is a path.
 */
export const loadFixture = (nameOrPath: string): Fixture => {
  const file =
    /^[A-Za-z0-9_-]+$/.test(nameOrPath) && !nameOrPath.endsWith('.json')
      ? join(fixturesDir, `${nameOrPath}.json`)
      : isAbsolute(nameOrPath)
      ? nameOrPath
      : resolve(process.cwd(), nameOrPath);
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  return validateFixture(fixture);
};

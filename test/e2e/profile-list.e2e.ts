import { expect } from 'chai';
import { LICENSES } from '../../src/eligibility/licenses.js';
import { cloneFixture, generateLargeOrg, loadFixture, type Fixture } from '../emulator/index.js';
import { createOrgEnv, failed, succeeded, useOrgEnv, type OrgEnv } from '../helpers/e2e.js';
import type { SharingProfileListResult } from '../../src/commands/sharing/profile/list.js';
import { assertMatchesSchema } from './schema.js';

type Row = {
  name: string;
  eligibility: string;
  reason: string;
  activeUsers?: number;
  sharingSets: string[];
  internal: boolean;
  licenseName?: string;
};

/** The demo org plus one profile per row of the license table, an unknown custom license, and awkward names. */
function everyLicenseOrg(): Fixture {
  const org = cloneFixture(loadFixture('demo'));
  LICENSES.forEach((license, index) => {
    const id = `100${String(index).padStart(12, '0')}LIC`;
    org.licenses.push({ id, name: license.name, key: license.key ?? `KEY_${index}` });
    org.profiles.push({
      id: `00e${String(index).padStart(12, '0')}LIC`,
      name: `Row ${index} ${license.name}`,
      licenseId: id,
      userType: license.userType ?? 'CspLitePortal',
    });
  });
  org.licenses.push({ id: '100CUSTOM000000001', name: 'Acme Contractor Portal', key: 'ACME_CONTRACTOR' });
  org.profiles.push({
    id: '00eCUSTOM000000001',
    name: 'Contractor',
    licenseId: '100CUSTOM000000001',
    userType: 'CspLitePortal',
  });
  const community = org.profiles.find((profile) => profile.name === 'Customer Community User');
  org.profiles.push({
    id: '00eQUOTE0000000001',
    name: 'O\'Brien "VIP" \\ Partners',
    licenseId: community!.licenseId,
    userType: 'CspLitePortal',
  });
  return org;
}

describe('e2e: sf sharing profile list', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: everyLicenseOrg() }, (ready) => {
    env = ready;
  });

  async function rows(args: string[] = []): Promise<{ rows: Row[]; result: SharingProfileListResult }> {
    const { code, json, stderr } = succeeded(
      await env.run<SharingProfileListResult>(['sharing', 'profile', 'list', '-o', env.alias, '--json', ...args])
    );
    expect(code, stderr).to.equal(0);
    assertMatchesSchema('sharing-profile-list', json.result);
    return { rows: json.result.profiles as Row[], result: json.result };
  }

  it('classifies every profile, with user counts and the sharing sets that name it', async () => {
    const { rows: profiles, result } = await rows(['--include-internal']);
    const byName = new Map(profiles.map((row) => [row.name, row]));
    const community = byName.get('Customer Community User')!;
    expect(community.eligibility).to.equal('eligible');
    // Case_Sharing names the profile in another case ("customer community login user" for the login profile).
    expect(community.sharingSets).to.include('Case_Sharing');
    expect(byName.get('Customer Community Login User')!.sharingSets).to.include('Case_Sharing');
    const fixture = everyLicenseOrg();
    const profileId = fixture.profiles.find((profile) => profile.name === 'Customer Community User')!.id;
    const active = fixture.users.filter((user) => user.profileId === profileId && user.isActive).length;
    expect(community.activeUsers).to.equal(active);
    expect(byName.get('Standard User')).to.include({ eligibility: 'ineligible', internal: true });
    expect(byName.get('Contractor')).to.include({ eligibility: 'unknown' });
    expect(byName.get('Contractor')!.reason).to.contain(
      'which is not one the plugin knows as able or unable to use sharing sets'
    );
    for (const [index, license] of LICENSES.entries()) {
      const row = byName.get(`Row ${index} ${license.name}`)!;
      const expected = { yes: 'eligible', no: 'ineligible', unknown: 'unknown' }[license.eligible];
      expect(row.eligibility, `${row.name}: ${row.reason}`).to.equal(expected);
    }
    expect(result.missingProfiles.map((missing: { name: string }) => missing.name)).to.include('Gold Partner User');
  });

  it('hides internal profiles unless a sharing set names one or --include-internal is given', async () => {
    const { rows: profiles, result } = await rows();
    const names = profiles.map((row) => row.name);
    expect(names).to.include('Standard User'); // named by Contact_Directory
    expect(names).to.not.include('System Administrator');
    expect(result.hiddenInternal).to.be.greaterThan(0);
  });

  it('--eligible-only keeps eligible profiles only', async () => {
    const { rows: profiles } = await rows(['--eligible-only']);
    expect(profiles.length).to.be.greaterThan(0);
    expect(profiles.every((row) => row.eligibility === 'eligible')).to.equal(true);
  });

  it('--eligible-only never shows a name that matches no profile of the org, and its count matches its rows', async () => {
    const all = await rows();
    expect(all.result.missingProfiles.length).to.be.greaterThan(0);
    const { result } = await rows(['--eligible-only']);
    expect(result.missingProfiles).to.deep.equal([]);
    const { code, stdout, stderr } = await env.run(['sharing', 'profile', 'list', '-o', env.alias, '--eligible-only']);
    expect(code).to.equal(0);
    expect(stdout + stderr).to.not.contain('Gold Partner User');
    expect(Number(/(\d+) profile\(s\):/.exec(stdout)?.[1])).to.equal(result.profiles.length);
  });

  it('counts every row it shows, names without a profile included (as unknown)', async () => {
    const { result } = await rows();
    const { stdout } = await env.run(['sharing', 'profile', 'list', '-o', env.alias]);
    const [, total, , , unknown] =
      /(\d+) profile\(s\): (\d+) eligible, (\d+) not eligible, (\d+) unknown/.exec(stdout) ?? [];
    expect(Number(total)).to.equal(result.profiles.length + result.missingProfiles.length);
    const unknownRows = result.profiles.filter((row) => row.eligibility === 'unknown').length;
    expect(Number(unknown)).to.equal(unknownRows + result.missingProfiles.length);
  });

  it('--profile with a typo: the error says which profile it most likely meant', async () => {
    const { code, json } = failed(
      await env.run<SharingProfileListResult>([
        'sharing',
        'profile',
        'list',
        '-o',
        env.alias,
        '--profile',
        'customer comunity user',
        '--json',
      ])
    );
    expect(code).to.equal(1);
    expect(json.name).to.equal('ProfileNotFoundError');
    expect(json.message).to.contain('"customer comunity user" (did you mean "Customer Community User"?)');
  });

  it('finds a profile whose name has quotes and a backslash, and sends no user text in SOQL', async () => {
    const name = 'O\'Brien "VIP" \\ Partners';
    const { rows: profiles } = await rows(['--profile', name]);
    expect(profiles.map((row) => row.name)).to.deep.equal([name]);
    for (const entry of env.emulator.log.filter((e) => e.soql)) expect(entry.soql).to.not.contain('Brien');
  });

  it('fails clearly for a --profile the org does not have', async () => {
    const { code, json } = failed(
      await env.run<SharingProfileListResult>([
        'sharing',
        'profile',
        'list',
        '-o',
        env.alias,
        '--profile',
        'Nobody',
        '--json',
      ])
    );
    expect(code).to.equal(1);
    expect(json.name).to.equal('ProfileNotFoundError');
    expect(json.message).to.contain('"Nobody"');
  });

  it('prints a readable table and a summary line', async () => {
    const { code, stdout, stderr } = await env.run(['sharing', 'profile', 'list', '-o', env.alias]);
    expect(code).to.equal(0);
    expect(stdout).to.match(/Customer Community User\s+│?\s*Customer Community/);
    expect(stdout).to.match(/\d+ profile\(s\): \d+ eligible, \d+ not eligible, \d+ unknown\./);
    expect(stderr).to.contain('Gold Partner User');
  });

  it('uses the same number of queries for 300 profiles as for a dozen, and never writes', async () => {
    const small = env.emulator.log.length;
    await rows();
    const smallQueries = env.emulator.log.slice(small).filter((entry) => entry.kind === 'rest-query').length;
    const large = await createOrgEnv({ fixture: generateLargeOrg({ profiles: 300, sharingSets: 5, users: 3000 }) });
    try {
      const { code, json } = succeeded(
        await large.run<SharingProfileListResult>(['sharing', 'profile', 'list', '-o', large.alias, '--json'])
      );
      expect(code).to.equal(0);
      expect(json.result.profiles.length + json.result.hiddenInternal).to.be.at.least(300);
      const queries = large.emulator.log.filter((entry) => entry.kind === 'rest-query');
      expect(queries).to.have.length(smallQueries);
      expect(queries).to.have.length(2);
      expect(large.emulator.writeCalls()).to.deep.equal([]);
    } finally {
      await large.cleanup();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
// SOAP calls bypass TestContext's fakeConnectionRequest, so the Metadata API class itself is stubbed.
import { join } from 'node:path';
import { MetadataApi as Metadata } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { expect } from 'chai';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import SharingSetDiff from '../../../../src/commands/sharing/set/diff.js';
import { EXIT } from '../../../../src/cli/exitCodes.js';
import { pluginRoot } from '../../../helpers/e2e.js';

type FakeRecord = Record<string, unknown>;
/** What a stubbed Metadata API method sees as `this`: jsforce's API object, holding its connection. */
type MetadataCall = { _conn: { getUsername(): string } };

/** The org a Metadata API call is made on: jsforce keeps its connection (a @salesforce/core Connection) in _conn. */
function usernameOf(api: MetadataCall): string {
  // eslint-disable-next-line no-underscore-dangle -- jsforce's own field name
  return api._conn.getUsername();
}

/**
 * Replaces the Metadata API with in-memory orgs keyed by username (the connection a call is made on tells them apart).
 * Returns the names read per org.
 */
function stubOrgs($$: TestContext, orgs: Record<string, FakeRecord[]>): Record<string, string[][]> {
  const reads: Record<string, string[][]> = {};
  const recordsOf = (api: MetadataCall): FakeRecord[] => orgs[usernameOf(api)] ?? [];
  $$.SANDBOX.stub(Metadata.prototype, 'list').callsFake(function (this: MetadataCall) {
    return Promise.resolve(recordsOf(this).map((record) => ({ fullName: record.fullName, type: 'SharingSet' })));
  } as never);
  $$.SANDBOX.stub(Metadata.prototype, 'read').callsFake(function (this: MetadataCall, _type: string, names: string[]) {
    (reads[usernameOf(this)] ??= []).push(names);
    const records = recordsOf(this);
    return Promise.resolve(
      names.map((name) => records.find((record) => String(record.fullName).toLowerCase() === name.toLowerCase()) ?? {})
    );
  } as never);
  return reads;
}

const caseSet = {
  fullName: 'Case_Sharing',
  name: 'Share cases with users',
  profiles: ['Customer Community User', 'Customer Community Login User'],
  accessMappings: [
    { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
    { accessLevel: 'Read', object: 'Case', objectField: 'Contact', userField: 'Contact' },
  ],
};
const assetSet = {
  fullName: 'Asset_Sharing',
  name: 'Share assets',
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Asset', objectField: 'Account', userField: 'Account' }],
};

describe('sharing set diff', () => {
  const $$ = new TestContext();
  const prod = new MockTestOrgData();
  const uat = new MockTestOrgData();
  let ux: ReturnType<typeof stubSfCommandUx>;
  let exitCode: typeof process.exitCode;

  beforeEach(async () => {
    exitCode = process.exitCode;
    await $$.stubAuths(prod, uat);
    ux = stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
  });

  afterEach(() => {
    process.exitCode = exitCode;
    $$.restore();
  });

  const printed = (): string =>
    ux.log
      .getCalls()
      .map((call) => String(call.args[0]))
      .join('\n');

  it('no drift: exit code unchanged, hasDrift false, both orgs read', async () => {
    const reversed = { ...caseSet, profiles: ['customer community login user', 'CUSTOMER COMMUNITY USER'] };
    const reads = stubOrgs($$, { [prod.username]: [caseSet, assetSet], [uat.username]: [assetSet, reversed] });
    const result = await SharingSetDiff.run(['--target-org', prod.username, '--compare-org', uat.username]);
    expect(process.exitCode).to.equal(exitCode);
    expect(result.hasDrift).to.equal(false);
    expect(result.diff.unchanged).to.deep.equal(['Asset_Sharing', 'Case_Sharing']);
    expect(result.target).to.deep.equal({ kind: 'org', org: prod.username, orgId: prod.orgId });
    expect(result.source).to.deep.equal({ kind: 'org', org: uat.username, orgId: uat.orgId });
    expect(reads[prod.username]).to.have.length(1);
    expect(reads[uat.username]).to.have.length(1);
    expect(result.apiCalls).to.include({ metadataList: 2, metadataRead: 2, metadataWrite: 0, total: 4 });
    expect(printed()).to.contain('No differences (2 sharing sets equal).');
  });

  it('drift: process.exitCode 3 and the full result, printed as a review', async () => {
    const edited = { ...caseSet, accessMappings: [{ ...caseSet.accessMappings[0], accessLevel: 'Edit' }] };
    stubOrgs($$, { [prod.username]: [caseSet, assetSet], [uat.username]: [edited] });
    const result = await SharingSetDiff.run(['-o', prod.username, '-c', uat.username]);
    expect(process.exitCode).to.equal(EXIT.drift);
    expect(result.hasDrift).to.equal(true);
    expect(result.diff.onlyInTarget.map((set) => set.fullName)).to.deep.equal(['Asset_Sharing']);
    expect(result.diff.changed).to.deep.equal([
      {
        fullName: 'Case_Sharing',
        profilesInSourceOnly: [],
        profilesInTargetOnly: [],
        mappingsInSourceOnly: [],
        mappingsInTargetOnly: [{ accessLevel: 'Read', object: 'Case', objectField: 'Contact', userField: 'Contact' }],
        accessLevelChanges: [
          { object: 'Case', objectField: 'Account', userField: 'Account', target: 'Read', source: 'Edit' },
        ],
      },
    ]);
    expect(result.diff.summary).to.include({ changed: 1, onlyInTarget: 1, onlyInSource: 0, unchanged: 0 });
    const text = printed();
    expect(text).to.contain('~ Case_Sharing');
    expect(text).to.contain('-     mapping Case: Contact = user Contact (Read)');
    expect(text).to.contain('~     mapping Case: Account = user Account: Read -> Edit');
    expect(text).to.contain('- Asset_Sharing (only in org');
  });

  it('--result-format markdown prints Markdown', async () => {
    stubOrgs($$, { [prod.username]: [caseSet], [uat.username]: [] });
    await SharingSetDiff.run(['-o', prod.username, '-c', uat.username, '--result-format', 'markdown']);
    expect(process.exitCode).to.equal(EXIT.drift);
    expect(printed()).to.match(/^## Sharing set drift: /);
    expect(printed()).to.contain('```diff\n- Case_Sharing (only in org');
  });

  it('compares only the named sets and fails naming one on neither side', async () => {
    const reads = stubOrgs($$, { [prod.username]: [caseSet, assetSet], [uat.username]: [caseSet] });
    const result = await SharingSetDiff.run(['-o', prod.username, '-c', uat.username, '-n', 'case_sharing']);
    expect(result.hasDrift).to.equal(false);
    // The typed name is resolved against the list (one call per org) and read in the org's spelling.
    expect(result.apiCalls.metadataList).to.equal(2);
    expect(reads[prod.username]).to.deep.equal([['Case_Sharing']]);

    try {
      await SharingSetDiff.run(['-o', prod.username, '-c', uat.username, '-n', 'Nope', '-n', 'Asset_Sharing']);
      expect.fail('expected an error');
    } catch (error) {
      const err = error as Error & { actions?: string[] };
      expect(err.name).to.equal('NotFoundError');
      expect(err.message).to.contain('Nope');
      expect(err.message).to.not.contain('Asset_Sharing');
      expect(err.actions?.join(' ')).to.contain(`sf sharing set list --target-org ${prod.username}`);
    }
  });

  it('warns when both flags name the same org', async () => {
    stubOrgs($$, { [prod.username]: [caseSet] });
    const result = await SharingSetDiff.run(['-o', prod.username, '-c', prod.username]);
    expect(result.hasDrift).to.equal(false);
    expect(ux.warn.firstCall.args[0]).to.match(/name the same org/);
  });

  it('compares with a project given by --source-dir', async () => {
    const description = 'Customer community users see every case of their account and their own contact.';
    stubOrgs($$, { [prod.username]: [{ ...caseSet, description }] });
    const project = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');
    const result = await SharingSetDiff.run(['-o', prod.username, '-d', project, '-n', 'Case_Sharing']);
    expect(result.source).to.deep.equal({ kind: 'project', sourceDir: project });
    expect(result.hasDrift).to.equal(false);
    expect(result.apiCalls).to.include({ metadataList: 1, metadataRead: 1, total: 2 });
  });

  it('fails (exit 2) when the project holds no sharing-set files (a wrong --source-dir), unless --allow-empty', async () => {
    stubOrgs($$, { [prod.username]: [caseSet] });
    const empty = await mkdtemp(join(tmpdir(), 'plugin-sharing-empty-'));
    try {
      try {
        await SharingSetDiff.run(['-o', prod.username, '-d', empty]);
        expect.fail('expected an error');
      } catch (error) {
        const err = error as Error & { actions?: string[]; exitCode?: number };
        expect(err.name).to.equal('NoSharingSetsError');
        expect(err.actions?.join('\n')).to.contain('--allow-empty');
        expect(err.exitCode).to.equal(2);
      }
      const result = await SharingSetDiff.run(['-o', prod.username, '-d', empty, '--allow-empty']);
      expect(result.hasDrift).to.equal(true);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  for (const [what, args] of [
    ['neither --source-dir nor --compare-org', []],
    ['both --source-dir and --compare-org', ['--source-dir', pluginRoot, '--compare-org', 'uat']],
  ] as const) {
    it(`${what}: a usage error (exit code 2) before any org is read`, async () => {
      const reads = stubOrgs($$, { [prod.username]: [caseSet] });
      try {
        await SharingSetDiff.run(['--target-org', prod.username, ...args]);
        expect.fail('expected a usage error');
      } catch (error) {
        const err = error as Error & { exitCode?: number; oclif?: { exit?: number } };
        expect(err.message)
          .to.match(/--source-dir/)
          .and.to.match(/--compare-org/);
        expect(err.oclif?.exit ?? err.exitCode).to.equal(2);
      }
      expect(reads).to.deep.equal({});
    });
  }
});

/**
 * Issue 14, "a gate that can be trusted": the audit never passes what it did not check, and its reports tell the
 * truth. Each block is one point of the issue; each has a test that fails on the code before it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { createOrgEnv, succeeded, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import { SET_DIR, setXml, writeProject } from '../helpers/auditProject.js';
import { assertMatchesSchema } from './schema.js';

describe('e2e: a gate that can be trusted (issue 14)', () => {
  let env: OrgEnv;
  let counter = 0;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo', work: 'plugin-sharing-trust-' });
  });
  after(async () => env?.cleanup());

  const fresh = (): string => join(env.work, `p${++counter}`);

  async function audit(args: string[], cwd = env.work): Promise<RunResult<SharingAuditResult>> {
    const result = await env.run<SharingAuditResult>(['sharing', 'audit', ...args, '--json'], { cwd });
    if (result.json?.result) assertMatchesSchema('sharing-audit', result.json.result);
    return result;
  }

  describe('1. nothing unverified passes in silence', () => {
    // What the new user tried: an internal profile, a profile the project does not hold, an object that is
    // not in the project and a path through a standard object's field the project cannot describe.
    const gateSet = setXml(
      ['System Administrator', 'Partner Portal People'],
      [
        ['Ghost__c', 'Account__c', 'Account'],
        ['Case', 'Widget__r.Account', 'Account'],
      ]
    );

    it('lists every profile, object and path it could not verify, with file and line, and counts them', async () => {
      const root = await writeProject(fresh(), { Gate: gateSet });
      const run = await audit(['--source-dir', root]);
      const { json } = succeeded(run);
      const file = join(root, SET_DIR, 'Gate.sharingSet-meta.xml');
      const entries = json.result.unverified.map((entry) => ({
        kind: entry.kind,
        name: entry.name,
        line: entry.location?.lineOfTarget ?? entry.location?.mappingLines?.[entry.target.mappingIndex ?? -1],
        file: entry.location?.file && join(env.work, entry.location.file),
      }));
      expect(entries).to.deep.include.members([
        { kind: 'object', name: 'Ghost__c', line: 3, file },
        { kind: 'objectField', name: 'Case.Widget__r.Account', line: 9, file },
        { kind: 'profile', name: 'System Administrator', line: 16, file },
        { kind: 'profile', name: 'Partner Portal People', line: 17, file },
      ]);
      expect(json.result.summary.unverified).to.equal(json.result.unverified.length);
      expect(json.result.requireComplete).to.equal(false);
      for (const entry of json.result.unverified) expect(entry.reason).to.match(/--target-org/);
      // Not a complete gate: the default gate still decides on high-confidence findings alone.
      expect(run.code).to.equal(0);

      const human = await env.run(['sharing', 'audit', '--source-dir', root], { cwd: env.work });
      expect(human.stdout).to.match(
        new RegExp(`0 suppressed by baseline; ${json.result.unverified.length} not verified`)
      );
      expect(human.stdout).to.contain('Not verified');
      expect(human.stdout).to.match(/Gate › mapping #1 › object Ghost__c: object Ghost__c: neither in the project/);
    });

    it('--require-complete fails the gate on anything not verified, and says so', async () => {
      const root = await writeProject(fresh(), { Gate: gateSet });
      const run = await audit(['--source-dir', root, '--require-complete']);
      const { json } = succeeded(run);
      expect(run.code).to.equal(3);
      expect(json.result.passed).to.equal(false);
      expect(json.result.requireComplete).to.equal(true);
      const human = await env.run(['sharing', 'audit', '--source-dir', root, '--require-complete'], { cwd: env.work });
      expect(human.code).to.equal(3);
      expect(human.stdout).to.match(/\d+ references not verified fail the complete gate\./);
    });

    it('--require-complete fails on a path reported as "could not be confirmed" alone', async () => {
      const root = await writeProject(
        fresh(),
        { Gate: setXml(['Customer Community User'], [['Case', 'Widget__r.Account', 'Account']]) },
        { 'Customer Community User': 'Customer Community' }
      );
      const loose = succeeded(await audit(['--source-dir', root]));
      expect(loose.code).to.equal(0);
      expect(loose.json.result.findings.map((f) => `${f.ruleId} ${f.confidence}`)).to.deep.equal([
        'object-field-unresolved low',
      ]);
      expect(loose.json.result.unverified.map((entry) => `${entry.kind} ${entry.name}`)).to.deep.equal([
        'objectField Case.Widget__r.Account',
      ]);
      expect((await audit(['--source-dir', root, '--require-complete'])).code).to.equal(3);
    });

    it('classifies a standard internal profile by name offline (medium confidence), a guest one only from its file', async () => {
      const root = await writeProject(
        fresh(),
        { Gate: setXml(['Standard User', 'Site Guest'], [['Account', 'Id', 'Account']]) },
        { 'Site Guest': 'Guest User License' }
      );
      const { json } = succeeded(await audit(['--source-dir', root]));
      const ineligible = json.result.findings
        .filter((f) => f.ruleId === 'profile-license-ineligible')
        .map((f) => f.target.profile);
      expect(ineligible).to.deep.equal(['Site Guest', 'Standard User']);
      const standard = json.result.findings.find((f) => f.target.profile === 'Standard User');
      expect(standard?.confidence).to.equal('medium');
      expect(standard?.message).to.contain('Classified by its name alone');

      // Without its file, a guest profile is just a name: not verified, never classified.
      const noFile = await writeProject(fresh(), { Gate: setXml(['Site Guest'], [['Account', 'Id', 'Account']]) });
      const guest = succeeded(await audit(['--source-dir', noFile]));
      expect(guest.json.result.findings.filter((f) => f.ruleId === 'profile-license-ineligible')).to.deep.equal([]);
      expect(guest.json.result.unverified.map((entry) => `${entry.kind} ${entry.name}`)).to.deep.equal([
        'profile Site Guest',
      ]);

      // By name only, the standard profile is not verified: the complete gate fails on it alone.
      const byName = await writeProject(fresh(), { Gate: setXml(['Standard User'], [['Account', 'Id', 'Account']]) });
      expect((await audit(['--source-dir', byName])).code).to.equal(0);
      expect((await audit(['--source-dir', byName, '--require-complete'])).code).to.equal(3);
    });

    it('shows what was not verified in SARIF (notes), JUnit (skipped) and Markdown', async () => {
      const root = await writeProject(fresh(), { Gate: gateSet });
      const out = join(env.work, `reports${counter}`);
      const { json } = succeeded(
        await audit([
          '--source-dir',
          root,
          '--output-file',
          join(out, 'a.sarif'),
          '--output-file',
          join(out, 'a.xml'),
          '--output-file',
          join(out, 'a.md'),
        ])
      );
      const count = json.result.unverified.length;
      expect(count).to.be.greaterThan(3);
      const sarif = JSON.parse(await readFile(join(out, 'a.sarif'), 'utf8')) as {
        runs: Array<{
          invocations?: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
        }>;
      };
      const notes = sarif.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
      expect(notes).to.have.length(count);
      expect(notes.every((note) => note.level === 'note')).to.equal(true);
      const junit = await readFile(join(out, 'a.xml'), 'utf8');
      expect(junit).to.contain(
        `<testsuite name="unverified" tests="${count}" failures="0" errors="0" skipped="${count}">`
      );
      const markdown = await readFile(join(out, 'a.md'), 'utf8');
      expect(markdown).to.contain('### Not verified');
      expect(markdown).to.contain(`| not verified | ${count} |`);
    });
  });

  describe('2. findings between two sets are symmetric', () => {
    const pair = {
      // eslint-disable-next-line camelcase -- sharing-set API names
      Z_Cases: setXml(['Customer Community User'], [['Case', 'Account', 'Account']]),
      // eslint-disable-next-line camelcase -- sharing-set API names
      A_Cases: setXml(['customer community user'], [['Case', 'Contact', 'Contact']]),
    };
    const profiles = { 'Customer Community User': 'Customer Community' };

    it('reports the same profile and object in two sets on each set, with each file and line', async () => {
      const root = await writeProject(fresh(), pair, profiles);
      const { json } = succeeded(await audit(['--source-dir', root]));
      const duplicates = json.result.findings
        .filter((f) => f.ruleId === 'duplicate-profile-object')
        .map(
          (f) =>
            `${f.target.sharingSet ?? ''} ${f.location?.file.split('/').pop() ?? ''}:${f.location?.lineOfTarget ?? 0}`
        );
      expect(duplicates).to.deep.equal([
        'A_Cases A_Cases.sharingSet-meta.xml:10',
        'Z_Cases Z_Cases.sharingSet-meta.xml:10',
      ]);
    });

    it('a baseline written before (the finding on the later set only) keeps the pair accepted', async () => {
      const root = await writeProject(fresh(), pair, profiles);
      const file = join(root, 'baseline.json');
      succeeded(await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'known']));
      const written = JSON.parse(await readFile(file, 'utf8')) as { entries: Array<{ target: string }> };
      // As versions before issue 14 wrote it: no entry for the alphabetically first set.
      written.entries = written.entries.filter((entry) => !entry.target.includes('A_Cases'));
      await writeFile(file, JSON.stringify(written));
      const { json } = succeeded(await audit(['--source-dir', root, '--baseline', file]));
      expect(json.result.findings.filter((f) => f.ruleId === 'duplicate-profile-object')).to.deep.equal([]);
      expect(json.result.suppressed.map((s) => s.finding.target.sharingSet)).to.deep.equal(['A_Cases', 'Z_Cases']);
      expect(json.result.unusedBaselineEntries).to.deep.equal([]);
    });

    it("create's check warns about the pair whatever the new set's name", async () => {
      for (const name of ['AAA_Entitlements', 'ZZZ_Entitlements']) {
        // eslint-disable-next-line no-await-in-loop
        const run = await env.run<{ warnings: Array<{ ruleId: string }> }>([
          'sharing',
          'set',
          'create',
          '-o',
          env.alias,
          '--name',
          name,
          '--profile',
          'Customer Community User',
          '--mapping',
          'Case.Entitlement.Account=Account',
          '--dry-run',
          '--json',
        ]);
        const { json } = succeeded(run);
        expect(
          json.result.warnings.map((w) => w.ruleId),
          name
        ).to.include('duplicate-profile-object');
      }
    });
  });

  describe('4. confidence is a choice', () => {
    it('--fail-on-confidence medium also gates on secondary-source findings; --json names the confidence used', async () => {
      const root = await writeProject(
        fresh(),
        {
          First: setXml(['Customer Community User'], [['Case', 'Account', 'Account']]),
          Second: setXml(['Customer Community User'], [['Case', 'Contact', 'Contact']]),
        },
        { 'Customer Community User': 'Customer Community' }
      );
      const byDefault = succeeded(await audit(['--source-dir', root, '--fail-on', 'warning']));
      expect(byDefault.code).to.equal(0);
      expect(byDefault.json.result.failOnConfidence).to.equal('high');
      const medium = succeeded(
        await audit(['--source-dir', root, '--fail-on', 'warning', '--fail-on-confidence', 'medium'])
      );
      expect(medium.code).to.equal(3);
      expect(medium.json.result.failOnConfidence).to.equal('medium');
      expect(medium.json.result.summary.failing).to.equal(2);
      const human = await env.run(
        ['sharing', 'audit', '--source-dir', root, '--fail-on', 'warning', '--fail-on-confidence', 'medium'],
        { cwd: env.work }
      );
      expect(human.stdout).to.contain('2 findings fail the gate (warning or worse, medium confidence or higher).');
    });
  });
});

/**
 * Issue 14, points 3, 5, 9 and 10: reports name this plugin, baselines behave like tools people know, report content
 * is right, and baselines survive the symmetric duplicate finding. Each block has a test that fails on the code before
 * it (the SARIF driver inside the real sf is checked in sf-cli.e2e.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type * as Sarif from 'sarif';
import { createOrgEnv, failed, pluginRoot, succeeded, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import { setXml, writeProject } from '../helpers/auditProject.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import { assertMatchesSchema } from './schema.js';

type BaselineFile = {
  version: number;
  entries: Array<{ fingerprint: string; ruleId: string; target: string; reason: string; expires?: string }>;
};

/** A set naming an internal profile (a high-confidence error) and one naming an external profile. */
const INTERNAL = setXml(['Sales Rep'], [['Case', 'Account', 'Account']]);
const EXTERNAL = setXml(['Customer Community User'], [['Case', 'Contact', 'Contact']]);
const PROFILES = { 'Sales Rep': 'Salesforce', 'Customer Community User': 'Customer Community' };

describe('e2e: audit reports and baselines (issue 14, points 3, 5, 9, 10)', () => {
  let env: OrgEnv;
  let counter = 0;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo', work: 'plugin-sharing-reports-' });
  });
  after(async () => env?.cleanup());

  const fresh = (): string => join(env.work, `p${++counter}`);

  async function audit(args: string[], cwd = env.work): Promise<RunResult<SharingAuditResult>> {
    const result = await env.run<SharingAuditResult>(['sharing', 'audit', ...args, '--json'], { cwd });
    if (result.json?.result) assertMatchesSchema('sharing-audit', result.json.result);
    return result;
  }

  async function readBaselineFile(file: string): Promise<BaselineFile> {
    return JSON.parse(await readFile(file, 'utf8')) as BaselineFile;
  }

  describe('3. reports name this plugin', () => {
    it("SARIF's driver, JUnit, Markdown and the terminal header name plugin-sharing and its version", async () => {
      const pjson = JSON.parse(await readFile(join(pluginRoot, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        homepage: string;
      };
      const root = await writeProject(fresh(), { Internal: INTERNAL }, PROFILES);
      const out = join(root, 'out');
      const files = ['a.sarif', 'a.xml', 'a.md'].flatMap((file) => ['--output-file', join(out, file)]);
      expect((await audit(['--source-dir', root, ...files])).code).to.equal(3);
      const sarif = JSON.parse(await readFile(join(out, 'a.sarif'), 'utf8')) as Sarif.Log;
      expect(sarif.runs[0].tool.driver).to.deep.include({
        name: pjson.name,
        version: pjson.version,
        informationUri: pjson.homepage,
      });
      expect(await readFile(join(out, 'a.xml'), 'utf8')).to.contain(
        `<testsuites name="${pjson.name} ${pjson.version} audit`
      );
      expect(await readFile(join(out, 'a.md'), 'utf8')).to.contain(`\n${pjson.name} ${pjson.version} · project`);
      const human = await env.run(['sharing', 'audit', '--source-dir', root], { cwd: env.work });
      expect(human.stdout).to.contain(`(${pjson.name} ${pjson.version})`);
    });
  });

  describe('5. baselines behave like tools people know', () => {
    it('--write-baseline is not a gate: exit 0 once the file is written, and the verdict says so', async () => {
      const root = await writeProject(fresh(), { Internal: INTERNAL }, PROFILES);
      const file = join(root, 'baseline.json');
      const gate = await audit(['--source-dir', root]);
      expect(gate.code, 'the same project fails the gate').to.equal(3);
      const { code, json } = succeeded(
        await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'known'])
      );
      expect(code).to.equal(0);
      expect(json.result.passed).to.equal(true);
      expect(json.result.baselineWritten).to.deep.include({ file, kept: 0, dropped: 0 });
      expect((await readBaselineFile(file)).entries.length).to.equal(json.result.baselineWritten?.entries);
      const human = await env.run(
        ['sharing', 'audit', '--source-dir', root, '--write-baseline', join(root, 'other.json'), '--reason', 'known'],
        { cwd: env.work }
      );
      expect(human.code).to.equal(0);
      expect(human.stdout).to.contain(
        'A baseline accepting these findings was written: this run is not a gate (exit 0).'
      );
    });

    it('an existing baseline is refreshed only with --force, keeping the reasons and expiries of entries that still match', async () => {
      const root = await writeProject(fresh(), { Internal: INTERNAL }, PROFILES);
      const file = join(root, 'baseline.json');
      succeeded(await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'first review']));
      const first = await readBaselineFile(file);
      first.entries = first.entries.map((entry) => ({
        ...entry,
        reason: `kept: ${entry.ruleId}`,
        expires: '2099-12-31',
      }));
      first.entries.push({
        fingerprint: 'f'.repeat(64),
        ruleId: 'profile-not-found',
        target: 'fixed since',
        reason: 'gone',
      });
      await writeFile(file, JSON.stringify(first, null, 2));

      const refused = failed(await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'second']));
      expect(refused.json.name).to.equal('BaselineExistsError');
      expect(refused.json.actions.join(' ')).to.contain('--force');

      // A new set brings a new finding.
      await writeProject(root, { Internal2: setXml(['Sales Rep'], [['Contact', 'Account', 'Account']]) });
      const { code, json } = succeeded(
        await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'second review', '--force'])
      );
      expect(code).to.equal(0);
      const refreshed = await readBaselineFile(file);
      const kept = refreshed.entries.filter((entry) => entry.reason.startsWith('kept: '));
      const added = refreshed.entries.filter((entry) => entry.reason === 'second review');
      expect(kept.map((entry) => entry.fingerprint).sort()).to.deep.equal(
        first.entries
          .filter((entry) => entry.reason !== 'gone')
          .map((entry) => entry.fingerprint)
          .sort()
      );
      expect(kept.every((entry) => entry.expires === '2099-12-31')).to.equal(true);
      expect(added.length).to.be.greaterThan(0);
      expect(added.every((entry) => entry.expires === undefined)).to.equal(true);
      expect(refreshed.entries.some((entry) => entry.reason === 'gone')).to.equal(false);
      expect(json.result.baselineWritten).to.deep.include({ kept: kept.length, added: added.length, dropped: 1 });
    });

    it('--prune-baseline removes the entries that match no finding, keeping those of rules that did not run', async () => {
      const root = await writeProject(fresh(), { Internal: INTERNAL }, PROFILES);
      const file = join(root, 'baseline.json');
      succeeded(await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'known']));
      const written = await readBaselineFile(file);
      const stale = {
        fingerprint: 'a'.repeat(64),
        ruleId: 'profile-license-ineligible',
        target: 'fixed',
        reason: 'old',
      };
      const otherRule = {
        fingerprint: 'b'.repeat(64),
        ruleId: 'sharing-set-no-profiles',
        target: 'not run',
        reason: 'kept',
      };
      await writeFile(file, JSON.stringify({ ...written, entries: [...written.entries, stale, otherRule] }, null, 2));
      const { code, json } = succeeded(
        await audit([
          '--source-dir',
          root,
          '--baseline',
          file,
          '--prune-baseline',
          '--rule',
          'profile-license-ineligible',
        ])
      );
      expect(code).to.equal(0);
      expect(json.result.baselinePruned?.removed.map((entry) => entry.fingerprint)).to.deep.equal([stale.fingerprint]);
      const pruned = await readBaselineFile(file);
      expect(pruned.entries.map((entry) => entry.fingerprint)).to.deep.equal([
        ...written.entries.map((entry) => entry.fingerprint),
        otherRule.fingerprint,
      ]);
    });

    it('the summary line agrees with the exit code when an entry has expired', async () => {
      // A duplicate pair: medium-confidence warnings, which never fail the default gate on their own.
      const root = await writeProject(
        fresh(),
        { First: EXTERNAL, Second: setXml(['Customer Community User'], [['Case', 'Account', 'Account']]) },
        PROFILES
      );
      const file = join(root, 'baseline.json');
      succeeded(await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'known']));
      const written = await readBaselineFile(file);
      await writeFile(
        file,
        JSON.stringify({ ...written, entries: written.entries.map((entry) => ({ ...entry, expires: '2020-01-01' })) })
      );
      const run = await env.run(['sharing', 'audit', '--source-dir', root, '--baseline', file], { cwd: env.work });
      expect(run.code).to.equal(4);
      expect(run.stdout).to.match(
        /\d+ baseline entries have expired: their findings count again, and the audit fails \(exit 4\)\./
      );
      const md = join(root, 'report.md');
      await env.run(['sharing', 'audit', '--source-dir', root, '--baseline', file, '--output-file', md], {
        cwd: env.work,
      });
      expect(await readFile(md, 'utf8'))
        .to.contain('**❌')
        .and.contain('baseline entries have expired');
    });
  });

  describe('9. report content is right', () => {
    it('Markdown shows locations as written and labels each source by kind; JUnit skips rules that did not run', async () => {
      const root = await writeProject(
        fresh(),
        {
          // eslint-disable-next-line camelcase -- sharing-set API names
          Case_Internal: INTERNAL,
          First: EXTERNAL,
          Second: setXml(['Customer Community User'], [['Case', 'Account', 'Account']]),
        },
        PROFILES
      );
      const md = join(root, 'out', 'a.md');
      const xml = join(root, 'out', 'a.xml');
      await audit(['--source-dir', root, '--output-file', md, '--output-file', xml]);
      const markdown = await readFile(md, 'utf8');
      expect(markdown).to.match(
        /\| `[^`]*force-app\/main\/default\/sharingSets\/Case_Internal\.sharingSet-meta\.xml:\d+` \|/
      );
      expect(markdown).to.not.contain('Case\\_Internal.sharingSet');
      expect(markdown).to.contain('([Salesforce documentation](https://developer.salesforce.com/');
      expect(markdown).to.contain('([secondary source](https://support.metazoa.com/');
      const junit = await readFile(xml, 'utf8');
      expect(junit).to.contain('<testsuite name="account-data-skew" tests="1" failures="0" errors="0" skipped="1">');
      expect(junit).to.match(/<skipped message="not checked: [^"]+"\/>/);
    });

    it('an org-mode SARIF result carries a logical location, never a file the org audit cannot know exists', async () => {
      const sarifFile = join(fresh(), 'org.sarif');
      await audit(['--target-org', env.alias, '--output-file', sarifFile]);
      const sarif = JSON.parse(await readFile(sarifFile, 'utf8')) as Sarif.Log;
      const results = sarif.runs[0].results ?? [];
      expect(results.length).to.be.greaterThan(0);
      for (const result of results) {
        expect(result.locations?.[0].physicalLocation, result.message.text).to.equal(undefined);
        expect(result.locations?.[0].logicalLocations?.[0].fullyQualifiedName).to.be.a('string').and.not.equal('');
      }
    });

    it('the skew finding names the parent record by Name as well as Id', async () => {
      const { json } = succeeded(await audit(['--target-org', env.alias, '--deep', '--rule', 'account-data-skew']));
      const skew = json.result.findings.filter(
        (finding) => finding.ruleId === 'account-data-skew' && finding.severity === 'warning'
      );
      expect(skew).to.have.length(1);
      expect(skew[0].message).to.contain('001000000000001AAA (Burlington Textiles Corp of America)');
    });
  });

  describe('10. baselines survive the symmetric duplicate finding', () => {
    const pair = {
      // eslint-disable-next-line camelcase -- sharing-set API names
      Z_Cases: setXml(['Customer Community User'], [['Case', 'Account', 'Account']]),
      // eslint-disable-next-line camelcase -- sharing-set API names
      A_Cases: setXml(['customer community user'], [['Case', 'Contact', 'Contact']]),
    };
    const profiles = { 'Customer Community User': 'Customer Community' };
    /**
     * The baseline the version before issue 14 (commit bc1a6cf, built and run on this very project) wrote: the finding
     * on the set whose name sorts later only, with that version's fingerprint.
     */
    const OLD_BASELINE = {
      version: 1,
      entries: [
        {
          fingerprint: 'daec420c4c4e62dac4749664b4b62ce8953034739a5a8a804d46b79c6ac9f932',
          ruleId: 'duplicate-profile-object',
          target: 'duplicate-profile-object: Z_Cases › object Case › profile Customer Community User',
          reason: 'accepted before',
        },
      ],
    };

    it('each set of the pair has a fingerprint of its own; the old baseline keeps both accepted, and a refresh writes both', async () => {
      const root = await writeProject(fresh(), pair, profiles);
      const file = join(root, 'old-baseline.json');
      await writeFile(file, JSON.stringify(OLD_BASELINE, null, 2));
      const { json } = succeeded(await audit(['--source-dir', root, '--baseline', file]));
      const duplicates = json.result.suppressed.filter((s) => s.finding.ruleId === 'duplicate-profile-object');
      expect(duplicates.map((s) => [s.finding.target.sharingSet, s.reason])).to.deep.equal([
        ['A_Cases', 'accepted before'],
        ['Z_Cases', 'accepted before'],
      ]);
      const fingerprints = duplicates.map((s) => s.finding.fingerprint);
      expect(new Set(fingerprints).size).to.equal(2);
      expect(fingerprints).to.include(OLD_BASELINE.entries[0].fingerprint);
      expect(json.result.findings.filter((f) => f.ruleId === 'duplicate-profile-object')).to.deep.equal([]);
      expect(json.result.unusedBaselineEntries).to.deep.equal([]);

      succeeded(await audit(['--source-dir', root, '--write-baseline', file, '--reason', 'new', '--force']));
      const refreshed = await readBaselineFile(file);
      expect(refreshed.entries.map((entry) => [entry.fingerprint, entry.reason]).sort()).to.deep.equal(
        fingerprints.map((fingerprint) => [fingerprint, 'accepted before']).sort()
      );
    });
  });
});

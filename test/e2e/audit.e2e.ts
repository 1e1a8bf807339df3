import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { RULES } from '../../src/audit/index.js';
import { cloneFixture, loadFixture, type Fixture } from '../emulator/index.js';
import {
  createOrgEnv,
  failed,
  makeTempDir,
  pluginRoot,
  succeeded,
  useOrgEnv,
  type OrgEnv,
  type RunResult,
} from '../helpers/e2e.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import { removeDir } from '../helpers/tmp.js';
import { multitoolProblems } from '../helpers/multitool.js';
import { xmlWellFormednessErrors } from '../helpers/xmlCheck.js';
import { assertMatchesSchema } from './schema.js';

type Finding = {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  confidence: string;
  message: string;
  target: { sharingSet?: string; mappingIndex?: number; profile?: string; object?: string };
  location?: { file: string; line: number; lineOfTarget?: number };
  fingerprint: string;
};

/** The sample project, relative to the plugin root (CI runs from the repository root: SARIF URIs stay relative). */
const projectRel = join('test', 'fixtures', 'projects', 'ursa-major');
const project = join(pluginRoot, projectRel);
const setsRel = `${projectRel}/force-app/main/default/sharingSets/`;

/** "severity ruleId set / profile / object": what a planted problem is, whatever the message says. */
function key(finding: Finding): string {
  const { sharingSet, profile, object } = finding.target;
  return [`${finding.severity} ${finding.ruleId} ${sharingSet ?? '(no set)'}`, profile, object]
    .filter((part) => part !== undefined)
    .join(' / ');
}

/** The keys of the error and warning findings, sorted: the planted problems the fixtures' READMEs list. */
function problems(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.severity !== 'info')
    .map(key)
    .sort();
}

/**
 * test/fixtures/orgs/README.md, "Planted problems". Solar_Panel_Sharing's profile without active users is there too,
 * as an info (below); Case_Sharing is clean.
 */
const DEMO_ORG_PROBLEMS = [
  'error profile-license-ineligible Contact_Directory / Standard User',
  'error profile-not-found Partner_Opportunities / Gold Partner User',
  'warning duplicate-profile-object Case_Sharing / Customer Community User / Case',
  'warning duplicate-profile-object Entitlement_Cases / Customer Community User / Case',
  'warning edit-on-account-contact-user Account_Self_Service / Account',
  'warning external-owd-public-read-write Asset_Sharing / Asset',
];
/**
 * test/fixtures/orgs/README.md, "Notes": the info findings the demo org also gives. Solar Installer Community has no
 * active user. (No child-without-parent-account note: every demo mapping matches on the user's own Account.)
 */
const DEMO_ORG_NOTES = ['info profile-no-active-users Solar_Panel_Sharing / Solar Installer Community'];
/** Only with --deep: 12,000 Cases under Burlington Textiles (an object finding, not a set's). */
const DEMO_ORG_SKEW = 'warning account-data-skew (no set) / Case';
const BURLINGTON = '001000000000001AAA';

/**
 * test/fixtures/projects/ursa-major/README.md, plus two findings the README does not spell out but its data implies:
 * Installer_Edit also maps Installation__c (Public Read/Write externally), and so does Solar_Panel_Sharing for the
 * same "Customer Community User" profile (duplicate-profile-object, reported on both sets).
 */
const PROJECT_PROBLEMS = [
  'error object-field-unresolved Installer_Edit / Installation__c',
  'error profile-license-ineligible Installer_Edit / Standard User',
  'warning duplicate-profile-object Installer_Edit / Customer Community User / Installation__c',
  'warning duplicate-profile-object Solar_Panel_Sharing / Customer Community User / Installation__c',
  'warning edit-on-account-contact-user Installer_Edit / Account',
  'warning external-owd-public-read-write Installer_Edit / Installation__c',
  'warning external-owd-public-read-write Solar_Panel_Sharing / Installation__c',
];
/** Without the org, a profile missing from profiles/ may exist in the org only: a note, not an error. */
const GHOST_NOTE = 'info profile-not-found Installer_Edit / Ghost Installer Profile';

/**
 * The project checked against the demo org, as the org will be once the project is deployed: Ghost Installer Profile
 * is in neither (an error now), and Installation__c, not in the org yet, comes with the project: its text field
 * Installer_Notes__c is still no lookup, and the Public Read/Write default the project gives it still applies.
 */
const PROJECT_AGAINST_ORG_PROBLEMS = [
  'error object-field-unresolved Installer_Edit / Installation__c',
  'error profile-license-ineligible Installer_Edit / Standard User',
  'error profile-not-found Installer_Edit / Ghost Installer Profile',
  'warning duplicate-profile-object Installer_Edit / Customer Community User / Installation__c',
  'warning duplicate-profile-object Solar_Panel_Sharing / Customer Community User / Installation__c',
  'warning edit-on-account-contact-user Installer_Edit / Account',
  'warning external-owd-public-read-write Installer_Edit / Installation__c',
  'warning external-owd-public-read-write Solar_Panel_Sharing / Installation__c',
];

/** The demo org with only Case_Sharing, made complete (its users also see their account) and no skewed parent. */
function cleanOrg(): Fixture {
  const fixture = cloneFixture(loadFixture('demo'));
  fixture.sharingSets = fixture.sharingSets.filter((set) => set.fullName === 'Case_Sharing');
  fixture.sharingSets[0].accessMappings.push({
    accessLevel: 'Read',
    object: 'Account',
    objectField: 'Id',
    userField: 'Account',
  });
  fixture.childCounts = (fixture.childCounts ?? []).filter((child) => child.count <= 10_000);
  return fixture;
}

describe('e2e: sf sharing audit', () => {
  let env: OrgEnv;
  let work: string;
  useOrgEnv({ fixture: 'demo', work: 'plugin-sharing-audit-e2e-' }, (ready) => {
    env = ready;
    work = env.work;
  });
  // An audit only reads, whatever the mode or outcome.
  afterEach(() => expect(env.emulator.writeCalls()).to.deep.equal([]));

  /** `sharing audit … --json`; every result (gate outcomes 0, 3, 4 included) must match the committed schema. */
  async function audit(args: string[], cwd = work): Promise<RunResult<SharingAuditResult>> {
    const result = await env.run<SharingAuditResult>(['sharing', 'audit', ...args, '--json'], { cwd });
    if (result.json?.result) assertMatchesSchema('sharing-audit', result.json.result);
    return result;
  }

  const findingsOf = (result: RunResult<SharingAuditResult>): Finding[] =>
    succeeded(result).json.result.findings as Finding[];
  const warningsOf = (result: RunResult): string => (result.json?.warnings ?? []).join('\n');

  describe('what it finds', () => {
    it('the demo org: exactly the planted problems; skew is skipped without --deep', async () => {
      const result = succeeded(await audit(['--target-org', env.alias]));
      expect(result.code, result.stderr).to.equal(3);
      expect(result.json.status).to.equal(3);
      expect(problems(findingsOf(result))).to.deep.equal(DEMO_ORG_PROBLEMS);
      // Exactly: every finding, notes included, is one the fixture's README lists.
      expect(findingsOf(result).map(key).sort()).to.deep.equal([...DEMO_ORG_PROBLEMS, ...DEMO_ORG_NOTES].sort());
      const caseSharing = findingsOf(result).filter((f) => f.target.sharingSet === 'Case_Sharing');
      // Its one warning is its side of the Entitlement_Cases pair.
      expect(caseSharing.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).to.deep.equal([
        'duplicate-profile-object',
      ]);
      expect(result.json.result.origin).to.include({ kind: 'org' });
      expect(result.json.result.rulesSkipped.map((skipped: { id: string }) => skipped.id)).to.deep.equal([
        'account-data-skew',
      ]);
      expect(result.json.result.summary).to.include({ error: 2, warning: 4, failing: 2, suppressed: 0 });
    });

    it('the demo org with --deep: the planted problems plus the skewed account', async () => {
      const result = succeeded(await audit(['--target-org', env.alias, '--deep']));
      expect(result.code).to.equal(3);
      expect(problems(findingsOf(result))).to.deep.equal([DEMO_ORG_SKEW, ...DEMO_ORG_PROBLEMS].sort());
      const skew = findingsOf(result).filter((f) => f.ruleId === 'account-data-skew');
      // Only Burlington's 12,000 Cases: Opportunity's 9,000 and the smaller accounts are under the threshold.
      expect(skew).to.have.length(1);
      expect(skew[0].message).to.contain('12,000').and.to.contain(BURLINGTON);
      expect(result.json.result.rulesSkipped).to.deep.equal([]);
      // The approximate record counts of every mapped object but Account, whatever path the mapping takes (Contact
      // through Contact_Directory's Contact.Account; Entitlement; the custom Solar_Panel__c.Account__c), in one call;
      // then one count per Account lookup of the objects above 5,000 records (the others cannot be skewed).
      const recordCounts = env.emulator.log.filter((entry) => entry.path.includes('/limits/recordCount'));
      expect(recordCounts).to.have.length(1);
      expect(decodeURIComponent(recordCounts[0].path)).to.include(
        'sObjects=Asset,Case,Contact,Entitlement,Opportunity,Solar_Panel__c'
      );
      const counted = env.emulator.log
        .filter((entry) => entry.soql?.includes('HAVING COUNT(Id) > 10000'))
        .map((entry) => /FROM (\w+)/.exec(entry.soql ?? '')?.[1])
        .sort();
      expect(counted).to.deep.equal(['Case', 'Opportunity']);
    });

    it('--deep: a count that fails leaves that lookup "not checked" (a note that never gates), not a failed audit', async () => {
      const faulty = await createOrgEnv({
        fixture: 'demo',
        emulator: {
          // Large enough to be counted (test/emulator/behaviours.ts), and its count fails.
          // eslint-disable-next-line camelcase -- a custom object's API name
          behaviours: { recordCounts: { Solar_Panel__c: 50_000 } },
          faults: [{ kind: 'rest-query', path: 'Solar_Panel__c.*HAVING', fault: 'http500' }],
        },
      });
      try {
        const result = await faulty.run<SharingAuditResult>([
          'sharing',
          'audit',
          '-o',
          faulty.alias,
          '--deep',
          '--json',
        ]);
        expect(result.code, result.stderr).to.equal(3);
        const skew = findingsOf(result).filter((f) => f.ruleId === 'account-data-skew');
        expect(skew.map((f) => `${f.severity} ${f.confidence} ${f.target.object ?? ''}`).sort()).to.deep.equal([
          'info low Solar_Panel__c',
          'warning high Case',
        ]);
        expect(skew.find((f) => f.severity === 'info')?.message).to.match(
          /^Could not count Solar_Panel__c records per Account__c \(.*server error.*\): account data skew was not checked there\.$/
        );
      } finally {
        await faulty.cleanup();
      }
    });

    it('the sample project, with no org: exactly its planted problems and no request', async () => {
      const result = succeeded(await audit(['--source-dir', projectRel], pluginRoot));
      expect(result.code).to.equal(3);
      expect(problems(findingsOf(result))).to.deep.equal(PROJECT_PROBLEMS);
      expect(findingsOf(result).map(key).sort()).to.deep.equal([...PROJECT_PROBLEMS, GHOST_NOTE].sort());
      expect(result.json.result.origin).to.include({ kind: 'source' });
      for (const finding of findingsOf(result)) expect(finding.location?.file).to.match(new RegExp(`^${setsRel}`));
      expect(result.json.result).to.not.have.property('apiCalls');
      expect(env.emulator.log).to.deep.equal([]);
    });

    it("the sample project against the org: the org's profiles and schema, with what the project deploys", async () => {
      const result = succeeded(await audit(['--source-dir', project, '--target-org', env.alias]));
      expect(result.code).to.equal(3);
      expect(problems(findingsOf(result))).to.deep.equal(PROJECT_AGAINST_ORG_PROBLEMS);
      expect(result.json.result.origin).to.include({ kind: 'source+org', sourceDir: project });
      // The project's sets, not the org's: none of the demo org's planted sets appears (the project's Case_Sharing is
      // correct, so it has no finding).
      const sets = new Set(findingsOf(result).map((f) => f.target.sharingSet));
      expect([...sets].sort()).to.deep.equal(['Installer_Edit', 'Solar_Panel_Sharing']);
      // Findings still point into the project's files.
      const ghost = findingsOf(result).find((f) => f.target.profile === 'Ghost Installer Profile');
      expect(ghost?.location).to.include({ lineOfTarget: 19 });
      expect(env.emulator.log.filter((entry) => entry.soapOperation === 'readMetadata')).to.deep.equal([]);
    });

    it('--rule and --exclude-rule choose the checks', async () => {
      const only = succeeded(
        await audit(['-o', env.alias, '--rule', 'profile-not-found', '--rule', 'profile-license-ineligible'])
      );
      // In registry order, whatever order the flags came in.
      expect(only.json.result.rules.map((rule: { id: string }) => rule.id)).to.deep.equal(
        RULES.map((rule) => rule.meta.id).filter(
          (id) => id === 'profile-not-found' || id === 'profile-license-ineligible'
        )
      );
      expect(findingsOf(only).map(key).sort()).to.deep.equal([
        'error profile-license-ineligible Contact_Directory / Standard User',
        'error profile-not-found Partner_Opportunities / Gold Partner User',
      ]);
      expect(only.code).to.equal(3);

      const excluded = 'external-owd-public-read-write';
      expect(DEMO_ORG_PROBLEMS.some((problem) => problem.includes(excluded))).to.equal(true);
      const without = succeeded(await audit(['-o', env.alias, '--exclude-rule', excluded]));
      const ran = without.json.result.rules.map((rule: { id: string }) => rule.id);
      expect(ran).to.not.include(excluded);
      expect(ran).to.include('profile-not-found');
      expect(problems(findingsOf(without))).to.deep.equal(
        DEMO_ORG_PROBLEMS.filter((problem) => !problem.includes(excluded))
      );
    });

    it('fingerprints and findings are identical across runs', async () => {
      const first = await audit(['-o', env.alias, '--deep']);
      const second = await audit(['-o', env.alias, '--deep']);
      const prints = findingsOf(first).map((f) => f.fingerprint);
      expect(new Set(prints).size).to.equal(prints.length);
      expect(findingsOf(second).map((f) => f.fingerprint)).to.deep.equal(prints);
      expect(findingsOf(second)).to.deep.equal(findingsOf(first));
    });
  });

  describe('exit codes', () => {
    it('0 for a clean org', async () => {
      const clean = await createOrgEnv({ fixture: cleanOrg() });
      try {
        const result = succeeded(
          await clean.run<SharingAuditResult>(['sharing', 'audit', '-o', clean.alias, '--deep', '--json'])
        );
        expect(result.code, result.stderr).to.equal(0);
        assertMatchesSchema('sharing-audit', result.json.result);
        expect(result.json.result.findings).to.deep.equal([]);
        expect(result.json.result).to.include({ passed: true, exitCode: 0 });
        expect(clean.emulator.writeCalls()).to.deep.equal([]);
      } finally {
        await clean.cleanup();
      }
    });

    it('0 when only warnings and infos are found at the default --fail-on error', async () => {
      const result = succeeded(
        await audit([
          '-o',
          env.alias,
          '--exclude-rule',
          'profile-not-found',
          '--exclude-rule',
          'profile-license-ineligible',
        ])
      );
      expect(result.code).to.equal(0);
      expect(result.json.result.summary).to.include({ error: 0, warning: 4, failing: 0 });
      expect(result.json.result.passed).to.equal(true);
    });

    it('3 when findings reach the threshold: errors by default, high-confidence warnings at --fail-on warning', async () => {
      const warning = succeeded(
        await audit(['-o', env.alias, '--rule', 'external-owd-public-read-write', '--fail-on', 'warning'])
      );
      expect(warning.code).to.equal(3);
      expect(warning.json.status).to.equal(3);
      expect(warning.json.result).to.include({ failOn: 'warning', passed: false, exitCode: 3 });
      expect(warning.json.result.summary).to.include({ warning: 1, failing: 1 });
    });

    it('0 for medium-confidence warnings even at --fail-on warning: advisory, never blocking', async () => {
      const result = succeeded(
        await audit([
          '-o',
          env.alias,
          '--rule',
          'edit-on-account-contact-user',
          '--rule',
          'duplicate-profile-object',
          '--fail-on',
          'warning',
        ])
      );
      expect(findingsOf(result).map(key).sort()).to.deep.equal([
        'warning duplicate-profile-object Case_Sharing / Customer Community User / Case',
        'warning duplicate-profile-object Entitlement_Cases / Customer Community User / Case',
        'warning edit-on-account-contact-user Account_Self_Service / Account',
      ]);
      expect(findingsOf(result).map((f) => f.confidence)).to.deep.equal(['medium', 'medium', 'medium']);
      expect(result.json.result.summary.failing).to.equal(0);
      expect(result.code).to.equal(0);
    });

    it('baseline: 0 with every finding suppressed (still listed); unused entries are named', async () => {
      const file = join(work, 'accepted.json');
      const written = await audit(['-o', env.alias, '--write-baseline', file, '--reason', 'Tracked in JIRA-1']);
      // Writing a baseline reports the findings as they are, and is not a gate: exit 0 once the file is written.
      expect(written.code).to.equal(0);
      const all = findingsOf(written);
      const baseline = JSON.parse(await readFile(file, 'utf8'));
      expect(baseline.version).to.equal(1);
      expect(baseline.entries.map((e: { fingerprint: string }) => e.fingerprint)).to.deep.equal(
        all.map((f) => f.fingerprint)
      );
      for (const entry of baseline.entries) expect(entry.reason).to.equal('Tracked in JIRA-1');

      const suppressed = succeeded(await audit(['-o', env.alias, '--baseline', file]));
      expect(suppressed.code).to.equal(0);
      expect(suppressed.json.result.findings).to.deep.equal([]);
      expect(
        suppressed.json.result.suppressed.map((s: { finding: Finding; reason: string }) => [
          s.finding.fingerprint,
          s.reason,
        ])
      ).to.deep.equal(all.map((f) => [f.fingerprint, 'Tracked in JIRA-1']));
      expect(suppressed.json.result.summary).to.include({ total: 0, failing: 0, suppressed: all.length });
      expect(suppressed.json.result.unusedBaselineEntries).to.deep.equal([]);

      // Only one rule runs: the other entries match nothing this time.
      const partial = succeeded(await audit(['-o', env.alias, '--baseline', file, '--rule', 'profile-not-found']));
      expect(partial.code).to.equal(0);
      expect(partial.json.result.suppressed).to.have.length(1);
      expect(partial.json.result.unusedBaselineEntries).to.have.length(all.length - 1);
      expect(warningsOf(partial)).to.match(/match no finding any more/);
    });

    it('4 when a baseline entry has expired, with a warning naming it', async () => {
      const file = join(work, 'expiring.json');
      const written = await audit([
        '-o',
        env.alias,
        '--rule',
        'profile-not-found',
        '--write-baseline',
        file,
        '--reason',
        'Until the partner programme starts',
        '--expires',
        '2099-01-01',
      ]);
      expect(written.code, 'writing a baseline is not a gate').to.equal(0);
      // Time passes: the date is now behind us (--expires itself refuses a date in the past).
      await writeFile(file, (await readFile(file, 'utf8')).replace(/2099-01-01/g, '2000-01-01'));
      const result = succeeded(await audit(['-o', env.alias, '--baseline', file]));
      expect(result.code).to.equal(4);
      expect(result.json.status).to.equal(4);
      expect(result.json.result.expiredBaselineEntries).to.have.length(1);
      expect(result.json.result.expiredBaselineEntries[0]).to.include({
        ruleId: 'profile-not-found',
        expires: '2000-01-01',
      });
      // The finding counts again.
      expect(result.json.result.suppressed).to.deep.equal([]);
      expect(findingsOf(result).map(key)).to.include(
        'error profile-not-found Partner_Opportunities / Gold Partner User'
      );
      expect(warningsOf(result)).to.match(
        /Baseline entries expired \(1\); their findings count again:\s*\n {2}- profile-not-found: Partner_Opportunities › profile Gold Partner User$/m
      );
    });

    it('2 for bad flags and 1 for tool errors, each with an action', async () => {
      const unknownRule = failed(await audit(['-o', env.alias, '--rule', 'no-such-rule']));
      expect(unknownRule.code).to.equal(2);
      expect(unknownRule.json.name).to.equal('UnknownRuleError');
      expect(unknownRule.json.message).to.contain('no-such-rule');
      for (const rule of RULES) expect(unknownRule.json.actions.join('\n')).to.contain(rule.meta.id);
      // Checked before anything is read.
      expect(env.emulator.log).to.deep.equal([]);

      const nothing = failed(await audit([]));
      expect(nothing.code).to.equal(2);
      expect(nothing.json.name).to.equal('NothingToAuditError');
      expect(nothing.json.actions.join('\n')).to.contain('--source-dir');

      const badBaseline = join(work, 'bad-baseline.json');
      await writeFile(badBaseline, JSON.stringify({ version: 1, entries: [{ ruleId: 'profile-not-found' }] }));
      const unreadable = failed(await audit(['-d', project, '--baseline', badBaseline]));
      expect(unreadable.code).to.equal(1);
      expect(unreadable.json.name).to.equal('BadBaselineError');
      expect(unreadable.json.message).to.contain('"fingerprint"').and.to.contain('"reason"');
      expect(unreadable.json.actions).to.have.length.greaterThan(0);
    });

    it('3 for a project with a broken sharing-set file: a sharing-set-file-invalid finding naming file and line', async () => {
      const copy = await makeTempDir('plugin-sharing-broken-');
      try {
        await cp(project, join(copy, 'ursa-major'), { recursive: true });
        const file = join(
          copy,
          'ursa-major',
          'force-app',
          'main',
          'default',
          'sharingSets',
          'Installer_Edit.sharingSet-meta.xml'
        );
        // Line 4: <accessLevel>Edit</accessLevel> with a misspelt closing tag.
        await writeFile(file, (await readFile(file, 'utf8')).replace('</accessLevel>', '</accessLevl>'));
        const result = succeeded(await audit(['-d', 'ursa-major'], copy));
        expect(result.code).to.equal(3);
        const invalid = result.json.result.findings.find((finding) => finding.ruleId === 'sharing-set-file-invalid');
        expect(invalid?.message).to.contain(
          'ursa-major/force-app/main/default/sharingSets/Installer_Edit.sharingSet-meta.xml:4:'
        );
        expect(invalid?.location?.line).to.equal(4);
        expect(env.emulator.log).to.deep.equal([]);
      } finally {
        await removeDir(copy);
      }
    });

    it('2 for a bad flag value', async () => {
      const result = await env.run(['sharing', 'audit', '-d', project, '--fail-on', 'nope']);
      expect(result.code).to.equal(2);
      expect(result.stderr)
        .to.match(/--fail-on/)
        .and.to.match(/error, warning, info/);
    });
  });

  describe('baseline files are never overwritten', () => {
    it('--write-baseline to an existing file fails and leaves it as it was', async () => {
      const file = join(work, 'existing-baseline.json');
      const before = '{"version":1,"entries":[]}\n';
      await writeFile(file, before);
      const mtime = (await stat(file)).mtimeMs;
      const result = failed(await audit(['-d', project, '--write-baseline', file, '--reason', 'again']));
      expect(result.code).to.equal(1);
      expect(result.json.name).to.equal('BaselineExistsError');
      expect(result.json.message).to.contain(file);
      // Refreshing it is a choice (--force), never an accident.
      expect(result.json.actions.join('\n')).to.contain('Add --force to refresh it');
      expect(await readFile(file, 'utf8')).to.equal(before);
      expect((await stat(file)).mtimeMs).to.equal(mtime);
    });
  });

  describe('report files that cannot be written', () => {
    it('a report path through a file: one error naming the path and why, never the temporary file', async () => {
      const blocker = join(work, 'not-a-folder.json');
      await writeFile(blocker, '{}');
      for (const args of [[], ['--json']]) {
        // eslint-disable-next-line no-await-in-loop
        const result = await env.run([
          'sharing',
          'audit',
          '-d',
          project,
          '--output-file',
          join(blocker, 'r.sarif'),
          ...args,
        ]);
        const said = args.length > 0 ? String(result.json?.message) : result.stderr;
        expect(result.code, said).to.equal(1);
        expect(said).to.contain(join(blocker, 'r.sarif')).and.contain('a part of the path is a file, not a folder');
        expect(said).to.not.match(/\.tmp\b|lstat/);
        if (args.length > 0) expect(failed(result).json.name).to.equal('CannotWriteError');
      }
    });
  });

  describe('report files', () => {
    it('writes SARIF, JUnit, Markdown and CSV at once; SARIF is valid and points at the right lines', async function () {
      this.timeout(180_000);
      const dir = await makeTempDir('plugin-sharing-reports-');
      try {
        const files = ['a.sarif', 'b.xml', 'c.md', 'd.csv'].map((name) => join(dir, name));
        const args = ['--source-dir', projectRel, ...files.flatMap((file) => ['--output-file', file])];
        const result = succeeded(await audit(args, pluginRoot));
        expect(result.code).to.equal(3);
        expect(result.json.result.reports).to.deep.equal([
          { format: 'sarif', file: files[0] },
          { format: 'junit', file: files[1] },
          { format: 'markdown', file: files[2] },
          { format: 'csv', file: files[3] },
        ]);
        const [sarifText, junit, markdown, csv] = await Promise.all(files.map((file) => readFile(file, 'utf8')));

        const sarif = JSON.parse(sarifText);
        await expectValidSarif(sarif, files[0]);
        const located = (
          sarif.runs[0].results as Array<{
            ruleId: string;
            level: string;
            locations: Array<{
              physicalLocation: {
                artifactLocation: { uri: string; uriBaseId?: string };
                region: { startLine: number };
              };
            }>;
          }>
        ).map((r) => {
          const { artifactLocation, region } = r.locations[0].physicalLocation;
          expect(artifactLocation.uri.startsWith(setsRel), artifactLocation.uri).to.equal(true);
          expect(artifactLocation.uriBaseId).to.equal('%SRCROOT%');
          return `${r.level} ${r.ruleId} ${basename(artifactLocation.uri)}:${region.startLine}`;
        });
        // Lines of the mapping or profile each finding is about (see the sharingSets/ files).
        expect(located.sort()).to.deep.equal(
          [
            'error object-field-unresolved Installer_Edit.sharingSet-meta.xml:9',
            'error profile-license-ineligible Installer_Edit.sharingSet-meta.xml:18',
            'note profile-not-found Installer_Edit.sharingSet-meta.xml:19',
            'warning duplicate-profile-object Installer_Edit.sharingSet-meta.xml:17',
            'warning duplicate-profile-object Solar_Panel_Sharing.sharingSet-meta.xml:16',
            'warning edit-on-account-contact-user Installer_Edit.sharingSet-meta.xml:3',
            'warning external-owd-public-read-write Installer_Edit.sharingSet-meta.xml:9',
            'warning external-owd-public-read-write Solar_Panel_Sharing.sharingSet-meta.xml:9',
          ].sort()
        );
        const installerLines = (
          await readFile(join(project, 'force-app/main/default/sharingSets/Installer_Edit.sharingSet-meta.xml'), 'utf8')
        ).split('\n');
        expect(installerLines[18]).to.contain('<profiles>Ghost Installer Profile</profiles>');
        expect(installerLines[17]).to.contain('<profiles>Standard User</profiles>');
        expect(installerLines[8]).to.contain('<accessMappings>');
        expect(installerLines[10]).to.contain('Installation__c');

        expect(await xmlWellFormednessErrors(junit, 'junit.xml')).to.deep.equal([]);
        const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit);
        const failing = result.json.result.summary.failing;
        expect(failing).to.equal(2);
        expect(Number(parsed.testsuites.failures)).to.equal(failing);
        expect(junit.match(/<failure /g)).to.have.length(failing);

        expect(markdown).to.match(/^## Sharing set audit/m);
        expect(markdown).to.contain('object-field-unresolved');
        const rows = csv.trimEnd().split(/\r?\n/);
        expect(rows[0]).to.match(/^severity,failing,ruleId,/);
        for (const finding of findingsOf(result)) expect(csv).to.contain(finding.fingerprint);
        expect(env.emulator.log).to.deep.equal([]);
      } finally {
        await removeDir(dir);
      }
    });

    it('an unknown extension is a usage error with an action, and nothing is written', async () => {
      const file = join(work, 'x.txt');
      const result = failed(await audit(['-d', project, '--output-file', file]));
      expect(result.code).to.equal(2);
      expect(result.json.name).to.equal('UnknownReportFormatError');
      expect(result.json.message).to.contain('x.txt');
      expect(result.json.actions.join('\n')).to.contain('.sarif');
      let exists = true;
      await stat(file).catch(() => (exists = false));
      expect(exists).to.equal(false);
    });
  });
});

/** The SARIF 2.1.0 JSON schema and the Microsoft SARIF Multitool (SARIF rules and GitHub's) accept the log. */
async function expectValidSarif(log: unknown, file: string): Promise<void> {
  const schema = JSON.parse(
    await readFile(join(pluginRoot, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')
  ) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  expect(ajv.validate(schema, log), ajv.errorsText(ajv.errors)).to.equal(true);

  // Both rule sets (SARIF's and GitHub code scanning's) in one run that can fail: see test/helpers/multitool.ts.
  expect((await multitoolProblems([file]))[file]).to.deep.equal([]);
}

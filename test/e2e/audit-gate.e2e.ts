import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { orgWithSets } from '../emulator/index.js';
import { createOrgEnv, failed, pluginRoot, succeeded, useOrgEnv, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import { multitoolProblems } from '../helpers/multitool.js';
import { xmlWellFormednessErrors } from '../helpers/xmlCheck.js';
import { assertMatchesSchema } from './schema.js';

type Finding = {
  ruleId: string;
  severity: string;
  confidence: string;
  target: { sharingSet?: string; profile?: string; object?: string };
  fingerprint: string;
};

const project = join(pluginRoot, 'test', 'fixtures', 'projects', 'ursa-major');

/** "ruleId set" for every error and warning: what the fixtures' READMEs list as planted. */
function planted(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.ruleId} ${f.target.sharingSet ?? ''}`)
    .sort();
}

/** "ruleId set" for every info finding: the fixtures' READMEs list these as notes. */
function notes(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.severity === 'info')
    .map((f) => `${f.ruleId} ${f.target.sharingSet ?? ''}`)
    .sort();
}

describe('e2e: sf sharing audit as a gate', () => {
  let env: OrgEnv;
  let work: string;
  useOrgEnv({ fixture: 'demo', work: 'plugin-sharing-audit-' }, (ready) => {
    env = ready;
    work = env.work;
  });

  const audit = (args: string[]): Promise<RunResult<SharingAuditResult>> =>
    env.run<SharingAuditResult>(['sharing', 'audit', ...args, '--json'], { cwd: work });

  it('finds exactly the planted problems of the demo org (test/fixtures/orgs/README.md), and never writes', async () => {
    const { code, json } = succeeded(await audit(['-o', env.alias, '--deep']));
    expect(code).to.equal(3);
    assertMatchesSchema('sharing-audit', json.result);
    expect(planted(json.result.findings)).to.deep.equal([
      // Skew is about an object (Case under Burlington Textiles), not one set.
      'account-data-skew ',
      'duplicate-profile-object Case_Sharing',
      'duplicate-profile-object Entitlement_Cases',
      'edit-on-account-contact-user Account_Self_Service',
      'external-owd-public-read-write Asset_Sharing',
      'profile-license-ineligible Contact_Directory',
      'profile-not-found Partner_Opportunities',
    ]);
    expect(notes(json.result.findings)).to.deep.equal(['profile-no-active-users Solar_Panel_Sharing']);
    expect(env.emulator.writeCalls()).to.deep.equal([]);
  });

  it('finds exactly the planted problems of the sample project, with no org and no request', async () => {
    const { code, json } = succeeded(await audit(['--source-dir', project]));
    expect(code).to.equal(3);
    expect(planted(json.result.findings)).to.deep.equal([
      'duplicate-profile-object Installer_Edit',
      'duplicate-profile-object Solar_Panel_Sharing',
      'edit-on-account-contact-user Installer_Edit',
      'external-owd-public-read-write Installer_Edit',
      'external-owd-public-read-write Solar_Panel_Sharing',
      'object-field-unresolved Installer_Edit',
      'profile-license-ineligible Installer_Edit',
    ]);
    expect(notes(json.result.findings)).to.deep.equal(['profile-not-found Installer_Edit']);
    expect(env.emulator.log).to.deep.equal([]);
  });

  it('stdout holds the report alone: SARIF on stdout parses while report files and a baseline are written', async () => {
    const { code, stdout, stderr } = await env.run(
      [
        'sharing',
        'audit',
        '--source-dir',
        project,
        '--result-format',
        'sarif',
        '--output-file',
        join(work, 'stdout-check.md'),
        '--output-file',
        join(work, 'stdout-check.csv'),
        '--write-baseline',
        join(work, 'stdout-check-baseline.json'),
        '--reason',
        'stdout check',
      ],
      { cwd: work }
    );
    // Writing a baseline is not a gate: exit 0 once it is written.
    expect(code, stderr).to.equal(0);
    const sarif = JSON.parse(stdout) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).to.equal('2.1.0');
    expect(sarif.runs[0].results.length).to.be.greaterThan(0);
    expect(stderr)
      .to.contain('stdout-check.md')
      .and.contain('stdout-check.csv')
      .and.contain('stdout-check-baseline.json');
  });

  it('exit codes: clean 0, under threshold 0, over threshold 3, --fail-on warning, advisory never blocks', async () => {
    const clean = await createOrgEnv({ fixture: orgWithSets(1) });
    try {
      const result = succeeded(await clean.run<SharingAuditResult>(['sharing', 'audit', '-o', clean.alias, '--json']));
      expect(result.code).to.equal(0);
      expect(result.json.result.summary.error + result.json.result.summary.warning).to.equal(0);
    } finally {
      await clean.cleanup();
    }
    // Only warnings and infos: under the default threshold.
    const under = succeeded(
      await audit([
        '-o',
        env.alias,
        '--exclude-rule',
        'profile-not-found',
        '--exclude-rule',
        'profile-license-ineligible',
      ])
    );
    expect(under.code).to.equal(0);
    expect(under.json.result.summary.warning).to.be.greaterThan(0);
    const over = succeeded(await audit(['-o', env.alias]));
    expect(over.code).to.equal(3);
    expect(over.json.status).to.equal(3);
    // Public Read/Write is a high-confidence warning: it fails the gate at --fail-on warning.
    const warning = await audit(['-o', env.alias, '--rule', 'external-owd-public-read-write', '--fail-on', 'warning']);
    expect(warning.code).to.equal(3);
    // The duplicate-profile-object rule rests on secondary sources: advisory, never blocking.
    const advisory = succeeded(
      await audit(['-o', env.alias, '--rule', 'duplicate-profile-object', '--fail-on', 'info'])
    );
    expect(advisory.json.result.findings).to.have.length.greaterThan(0);
    expect(advisory.code).to.equal(0);
  });

  it('baseline: suppressed findings pass (and stay visible), an expired entry exits 4', async () => {
    const baseline = join(work, 'baseline.json');
    const written = await audit([
      '-o',
      env.alias,
      '--write-baseline',
      baseline,
      '--reason',
      'Known, tracked in JIRA-1',
    ]);
    expect(written.code).to.equal(0);
    const suppressed = succeeded(await audit(['-o', env.alias, '--baseline', baseline]));
    expect(suppressed.code).to.equal(0);
    expect(suppressed.json.result.findings).to.deep.equal([]);
    expect(suppressed.json.result.suppressed.length).to.be.greaterThan(0);
    expect(suppressed.json.result.suppressed[0].reason).to.equal('Known, tracked in JIRA-1');

    const again = failed(await audit(['-o', env.alias, '--write-baseline', baseline, '--reason', 'again']));
    expect(again.code).to.equal(1);
    expect(again.json.name).to.equal('BaselineExistsError');

    const expiring = join(work, 'expired.json');
    await audit([
      '-o',
      env.alias,
      '--write-baseline',
      expiring,
      '--reason',
      'Until the clean-up',
      '--expires',
      '2099-01-01',
    ]);
    // Time passes: the date is now behind us (--expires itself refuses a date in the past).
    await writeFile(expiring, (await readFile(expiring, 'utf8')).replace(/2099-01-01/g, '2000-01-01'));
    const expired = succeeded(await audit(['-o', env.alias, '--baseline', expiring]));
    expect(expired.code).to.equal(4);
    expect(expired.json.result.expiredBaselineEntries.length).to.be.greaterThan(0);
    expect(expired.json.warnings.join('\n')).to.match(/expired/);
  });

  it('bad flags exit 2 with an action, tool errors 1', async function () {
    this.timeout(240_000);
    const unknownRule = failed(await audit(['-o', env.alias, '--rule', 'no-such-rule']));
    expect(unknownRule.code).to.equal(2);
    expect(unknownRule.json.actions.join(' ')).to.contain('profile-not-found');
    const nothing = failed(await audit([]));
    expect(nothing.code).to.equal(2);
    expect(nothing.json.name).to.equal('NothingToAuditError');
    const badFormat = failed(await audit(['-d', project, '--output-file', join(work, 'report.txt')]));
    expect(badFormat.code).to.equal(2);
    expect(badFormat.json.name).to.equal('UnknownReportFormatError');
    const badFailOn = await env.run(['sharing', 'audit', '-d', project, '--fail-on', 'nope']);
    expect(badFailOn.code).to.equal(2);
    // Values oclif's parser hands to a flag's own check (folder, file, API version) are bad flags too. (An unknown
    // org alias stays exit 1, as in the sf CLI: test/e2e/set-list.e2e.ts.)
    const rejected: Array<[string[], string]> = [
      [['-d', join(work, 'no-such-folder')], 'Parsing --source-dir'],
      [['-o', env.alias, '--baseline', join(work, 'no-such-baseline.json')], 'Parsing --baseline'],
      [['-o', env.alias, '--api-version', '12'], 'Parsing --api-version'],
    ];
    for (const [args, says] of rejected) {
      // eslint-disable-next-line no-await-in-loop
      const [json, human] = await Promise.all([
        audit(args).then(failed),
        env.run(['sharing', 'audit', ...args], { cwd: work }),
      ]);
      expect(json.code, args.join(' ')).to.equal(2);
      expect(json.json.message, args.join(' ')).to.contain(says);
      expect(human.code, args.join(' ')).to.equal(2);
      expect(human.stderr, args.join(' ')).to.contain(says);
    }
    expect(env.emulator.log, 'bad flags are refused before any request').to.deep.equal([]);

    // A failure of the org, not of the flags: exit 1.
    const expired = await createOrgEnv({ fixture: orgWithSets(1) });
    try {
      expired.emulator.expireToken();
      const refused = failed(
        await expired.run<SharingAuditResult>(['sharing', 'audit', '-o', expired.alias, '--json'], { cwd: work })
      );
      expect(refused.code, refused.stdout).to.equal(1);
      expect(refused.json.name).to.equal('SessionExpiredError');
    } finally {
      await expired.cleanup();
    }
  });

  it('writes SARIF that the Microsoft SARIF Multitool and the SARIF 2.1.0 schema accept, and well-formed JUnit', async function () {
    this.timeout(180_000);
    const sarif = join(work, 'reports', 'sharing.sarif');
    const junit = join(work, 'reports', 'sharing.xml');
    // Run as a pipeline does, from the repository root with -d . : file URIs relative to %SRCROOT%, which the strict
    // check requires (an absolute file: URI, for a project outside the working folder, is an error there).
    const { code } = await env.run(
      [
        'sharing',
        'audit',
        '-d',
        '.',
        '--output-file',
        sarif,
        '--output-file',
        junit,
        '--output-file',
        join(work, 'reports', 'sharing.md'),
        '--output-file',
        join(work, 'reports', 'sharing.csv'),
        '--json',
      ],
      { cwd: project }
    );
    expect(code).to.equal(3);
    const log = JSON.parse(await readFile(sarif, 'utf8')) as {
      runs: Array<{
        results: Array<{
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        }>;
      }>;
    };
    const schema = JSON.parse(
      await readFile(join(pluginRoot, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')
    ) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    expect(ajv.validate(schema, log), ajv.errorsText(ajv.errors)).to.equal(true);
    const located = log.runs[0].results.map((r) => r.locations[0].physicalLocation);
    expect(
      located.map((l) => l.artifactLocation.uri).filter((uri) => !uri.startsWith('force-app/main/default/'))
    ).to.deep.equal([]);
    expect(
      located.some(
        (l) => l.artifactLocation.uri.endsWith('Installer_Edit.sharingSet-meta.xml') && l.region.startLine === 9
      )
    ).to.equal(true);

    // SARIF's rules and GitHub code scanning's, in one Multitool run that can fail (test/helpers/multitool.ts).
    expect((await multitoolProblems([sarif]))[sarif]).to.deep.equal([]);

    // The file's bytes, so libxml2 checks them against the declared encoding too.
    expect(await xmlWellFormednessErrors(await readFile(junit), 'junit.xml')).to.deep.equal([]);
    const xml = await readFile(junit, 'utf8');
    expect(xml).to.match(/<testsuites [^>]*failures="2"/);
  });

  it('fingerprints are identical across runs', async () => {
    const first = succeeded(await audit(['-d', project]));
    const second = succeeded(await audit(['-d', project]));
    const prints = (r: typeof first): string[] =>
      (r.json.result.findings as Finding[]).map((f) => f.fingerprint).sort();
    expect(prints(first)).to.deep.equal(prints(second));
  });
});

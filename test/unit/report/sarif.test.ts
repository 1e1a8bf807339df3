import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { FINGERPRINT_KEY, buildSarif, renderSarif } from '../../../src/report/sarif.js';
import { multitoolProblems } from '../../helpers/multitool.js';
import { emptyReport, fileFinding, report } from './fixtures.js';

const schemaPath = new URL('../../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url);

async function validateWithSchema(log: unknown): Promise<string[]> {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('renderSarif', () => {
  const log = buildSarif(report);
  const run = log.runs[0];
  const results = run.results ?? [];
  const rules = run.tool.driver.rules ?? [];

  it('validates against the SARIF 2.1.0 JSON schema', async () => {
    expect(await validateWithSchema(JSON.parse(renderSarif(report)))).to.deep.equal([]);
    expect(await validateWithSchema(buildSarif(emptyReport))).to.deep.equal([]);
    // The schema really constrains: a log without runs, with a bad level, is rejected.
    const invalid = await validateWithSchema({ version: '2.1.0', runs: [{ tool: {}, results: [{ level: 'fatal' }] }] });
    expect(invalid).to.have.length.greaterThan(0);
  });

  it('describes the tool and every rule, with a descriptor for rules the report lacks', () => {
    expect(log.version).to.equal('2.1.0');
    expect(log.$schema).to.match(/sarif-2\.1\.0\.json$/);
    expect(run.tool.driver).to.include({ name: 'plugin-sharing', version: '0.1.0' });
    expect(rules.map((r) => r.id)).to.deep.equal([
      'child-without-parent-account',
      'duplicate-profile-object',
      'profile-license-ineligible',
      'unknown-rule',
    ]);
    const eligible = rules[2];
    expect(eligible.shortDescription?.text).to.equal('Profile cannot use sharing sets');
    expect(eligible.help?.markdown).to.contain('Remove the profile');
    expect(eligible.helpUri).to.match(/^https:\/\/developer\.salesforce\.com/);
    expect(eligible.defaultConfiguration?.level).to.equal('error');
    expect(eligible.properties).to.include({ precision: 'high' });
    expect(eligible.properties).to.not.have.property('security-severity');
    expect(rules[0]).to.not.have.property('helpUri');
  });

  it('keeps a file outside the working folder absolute, as a file: URI (GitHub relativizes it by checkout_path)', () => {
    const located = (file: string): Sarif.ArtifactLocation | undefined =>
      buildSarif({
        ...report,
        findings: [{ ...fileFinding, location: { file, line: 2, lineOfTarget: 12 } }],
        suppressed: [],
      }).runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation;
    expect(located('/home/ci/checkout/my project/force-app/A b.sharingSet-meta.xml')).to.deep.equal({
      uri: 'file:///home/ci/checkout/my%20project/force-app/A%20b.sharingSet-meta.xml',
    });
    expect(located('C:\\work\\force-app\\A.sharingSet-meta.xml')).to.deep.equal({
      uri: 'file:///C:/work/force-app/A.sharingSet-meta.xml',
    });
    expect(located('\\\\server\\share\\force-app\\A.sharingSet-meta.xml')).to.deep.equal({
      uri: 'file://server/share/force-app/A.sharingSet-meta.xml',
    });
    expect(run.originalUriBaseIds).to.equal(undefined);
  });

  it('maps levels, rule indexes and fingerprints', () => {
    for (const result of results) {
      expect(rules[result.ruleIndex ?? -1].id).to.equal(result.ruleId);
      expect(result.partialFingerprints?.[FINGERPRINT_KEY]).to.be.a('string');
    }
    const byFingerprint = (fp: string): Sarif.Result =>
      results.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === fp) as Sarif.Result;
    expect(byFingerprint('fp-file').level).to.equal('error');
    expect(byFingerprint('fp-mapping').level).to.equal('warning');
    expect(byFingerprint('fp-object').level).to.equal('note');
  });

  it('gives a physical location relative to %SRCROOT% for findings from files', () => {
    const result = results.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === 'fp-file') as Sarif.Result;
    const physical = result.locations?.[0].physicalLocation;
    expect(physical?.artifactLocation).to.deep.equal({
      uri: 'force-app/main/default/sharingSets/Share%20cases.sharingSet-meta.xml',
      uriBaseId: '%SRCROOT%',
    });
    expect(physical?.region?.startLine).to.equal(12);
    expect(result.locations?.[0].logicalLocations?.[0].fullyQualifiedName).to.equal(
      'SharingSet/Share_cases/profiles/Guest <site> & co'
    );
    const mapping = results.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === 'fp-mapping') as Sarif.Result;
    expect(mapping.locations?.[0].physicalLocation?.region?.startLine).to.equal(9);
    expect(mapping.locations?.[0].logicalLocations?.[0].fullyQualifiedName).to.equal(
      'SharingSet/Share_cases/accessMappings/1'
    );
  });

  it('points findings without a file at the fallback artifact and keeps the logical location', () => {
    const result = results.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === 'fp-org') as Sarif.Result;
    expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).to.equal('sfdx-project.json');
    expect(result.locations?.[0].physicalLocation?.region?.startLine).to.equal(1);
    expect(result.locations?.[0].logicalLocations?.[0]).to.deep.include({
      fullyQualifiedName: 'SharingSet/Org_set/profiles/Standard User',
    });
    const custom = buildSarif(report, { fallbackArtifactUri: 'manifest/package.xml' }).runs[0].results ?? [];
    expect(
      custom.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === 'fp-object')?.locations?.[0].physicalLocation
        ?.artifactLocation?.uri
    ).to.equal('manifest/package.xml');
  });

  it('marks baseline-suppressed findings with an external suppression and its reason', () => {
    const suppressed = results.filter((r) => r.suppressions?.length);
    expect(suppressed).to.have.length(1);
    expect(suppressed[0].suppressions?.[0]).to.deep.include({
      kind: 'external',
      justification: 'Accepted until the Q3 clean-up',
    });
    expect(results.filter((r) => !r.suppressions)).to.have.length(4);
  });

  it('is stable whatever order the findings come in', () => {
    const reversed = { ...report, findings: [...report.findings].reverse(), rules: [...report.rules].reverse() };
    expect(renderSarif(reversed)).to.equal(renderSarif(report));
  });

  describe('the Microsoft SARIF Multitool (SARIF rules and GitHub code scanning rules)', () => {
    let dir: string;
    let problems: Record<string, string[]>;
    const logs: Record<string, unknown> = {};
    const path = (name: string): string => join(dir, `${name}.sarif`);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sarif-validate-'));
      // Known-bad inputs: our log with one defect each, so each differs from a passing log by one thing only.
      const fresh = (): Sarif.Log => JSON.parse(renderSarif(report)) as Sarif.Log;
      const resultOf = (copy: Sarif.Log, index: number): Sarif.Result => (copy.runs[0].results ?? [])[index];

      const ruleIndexOutOfRange = fresh();
      resultOf(ruleIndexOutOfRange, 0).ruleIndex = 99;

      const startLine0 = fresh();
      const region = resultOf(startLine0, 1).locations?.[0].physicalLocation?.region;
      if (region) region.startLine = 0;

      const absoluteFileUri = fresh();
      const artifact = resultOf(absoluteFileUri, 2).locations?.[0].physicalLocation?.artifactLocation;
      if (artifact) {
        artifact.uri = 'file:///home/ci/work/force-app/main/default/sharingSets/Org_set.sharingSet-meta.xml';
        delete artifact.uriBaseId;
      }

      const ruleWithoutHelp = fresh();
      const rule = ruleWithoutHelp.runs[0].tool.driver.rules?.[2];
      delete rule?.help;
      delete rule?.fullDescription;

      const noSchema = fresh();
      delete noSchema.$schema;

      const bogusLevel = fresh();
      (resultOf(bogusLevel, 0) as { level: string }).level = 'bogus';

      Object.assign(logs, {
        audit: fresh(),
        // The command sets informationUri from package.json; the empty fixture has none.
        empty: JSON.parse(renderSarif({ ...emptyReport, tool: report.tool })),
        'rule-index-out-of-range': ruleIndexOutOfRange,
        'start-line-0': startLine0,
        'absolute-file-uri': absoluteFileUri,
        'rule-without-help': ruleWithoutHelp,
        'no-schema': noSchema,
        'bogus-level': bogusLevel,
      });
      await Promise.all(
        Object.entries(logs).map(([name, content]) => writeFile(path(name), JSON.stringify(content, null, 2)))
      );
      // One run for all the logs: the passing ones and the known-bad ones are judged by the same invocation.
      const byFile = await multitoolProblems(Object.keys(logs).map(path));
      problems = Object.fromEntries(Object.keys(logs).map((name) => [name, byFile[path(name)]]));
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reports no error and no warning for our logs, and did analyse them', () => {
      expect(problems.audit).to.deep.equal([]);
      expect(problems.empty).to.deep.equal([]);
    });

    it('reports each defect of a known-bad log, so the check above can fail', async () => {
      const ruleIds = (name: string): string[] => problems[name].map((p) => p.split(' ')[0]);
      expect(ruleIds('rule-index-out-of-range')).to.include('SARIF1009');
      expect(ruleIds('start-line-0')).to.include.members(['JSON1008', 'SARIF1007']);
      expect(ruleIds('absolute-file-uri')).to.include('SARIF2016');
      expect(problems['rule-without-help']).to.include.members([
        "GH2012 error: runs[0].tool.driver.rules[2]: This 'reportingDescriptor' object does not provide a 'fullDescription' value. This property is required by the GitHub Advanced Security service.",
        "GH2012 error: runs[0].tool.driver.rules[2]: This 'reportingDescriptor' object does not provide a 'help' object. This property is required by the GitHub Advanced Security service.",
      ]);
      expect(ruleIds('no-schema')).to.include.members(['GH1013', 'SARIF2008']);
      // The Multitool silently skips a log with an invalid enum value (exit 0, no result, executionSuccessful: true);
      // multitoolProblems flags any log that drew no result at all, and the JSON schema check rejects it too.
      expect(problems['bogus-level']).to.have.length.greaterThan(0);
      expect(await validateWithSchema(logs['bogus-level'])).to.have.length.greaterThan(0);
    });
  });
});

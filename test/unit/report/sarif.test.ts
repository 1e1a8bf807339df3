import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { FINGERPRINT_KEY, buildSarif, renderSarif } from '../../../src/report/sarif.js';
import { emptyReport, report } from './fixtures.js';

const require = createRequire(import.meta.url);
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
      'no-findings-rule',
      'one-set-per-profile-object',
      'profile-not-eligible',
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

  it('passes the Microsoft SARIF Multitool validator with no error-level results', async () => {
    const binary = require('@microsoft/sarif-multitool') as string;
    const dir = await mkdtemp(join(tmpdir(), 'sarif-validate-'));
    try {
      const input = join(dir, 'audit.sarif');
      const output = join(dir, 'validation.sarif');
      await writeFile(input, renderSarif(report));
      // Gh: the GitHub code scanning rules (GH1001 location URI, GH1003 region, GH1005 relative URIs, ...).
      for (const kind of ['Sarif', 'Gh']) {
        // eslint-disable-next-line no-await-in-loop
        await promisify(execFile)(
          binary,
          ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', kind, '--quiet'],
          { timeout: 60_000 }
        );
        // eslint-disable-next-line no-await-in-loop
        const validation = JSON.parse(await readFile(output, 'utf8')) as Sarif.Log;
        const problems = (validation.runs[0].results ?? []).filter((r) => r.level === 'error' || r.level === undefined);
        expect(
          problems.map((r) => `${kind} ${r.ruleId ?? ''} ${JSON.stringify(r.message.arguments ?? r.message.text)}`)
        ).to.deep.equal([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

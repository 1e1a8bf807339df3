/**
 * Issue 14, point 9 ("report content is right") and point 5's verdict line, renderer by renderer: Markdown locations
 * as written, source labels by kind, rules that did not run skipped in JUnit, org-mode SARIF results located
 * logically, and a verdict line that agrees with the exit code.
 */
import { expect } from 'chai';
import type * as Sarif from 'sarif';
import { XMLParser } from 'fast-xml-parser';
import type { Finding } from '../../../src/audit/types.js';
import { DOCS, SECONDARY, sourceKind, sourceLabel } from '../../../src/model/docs.js';
import { gateVerdict, type AuditReport } from '../../../src/report/auditReport.js';
import { renderAuditHuman } from '../../../src/report/human.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderAuditMarkdown } from '../../../src/report/markdown.js';
import { codeSpan } from '../../../src/report/markdownText.js';
import { buildSarif } from '../../../src/report/sarif.js';
import { emptyReport, orgFinding, report, rules } from './fixtures.js';

const underscored: Finding = {
  ruleId: 'profile-license-ineligible',
  severity: 'error',
  confidence: 'high',
  message: 'm',
  target: { sharingSet: 'Case_Sharing', profile: 'Guest' },
  location: { file: 'force-app/main/default/sharingSets/Case_Sharing.sharingSet-meta.xml', line: 2, lineOfTarget: 9 },
  fingerprint: 'fp-u',
};

describe('report content (issue 14, point 9)', () => {
  describe('Markdown', () => {
    it('shows a location as written: no backslash before underscores inside its code span', () => {
      const md = renderAuditMarkdown({ ...emptyReport, findings: [underscored] });
      expect(md).to.contain('| `force-app/main/default/sharingSets/Case_Sharing.sharingSet-meta.xml:9` |');
      expect(md).to.not.contain('Case\\_Sharing.sharingSet');
    });

    it('code spans keep pipes out of the table and backticks inside the span', () => {
      expect(codeSpan('a|b')).to.equal('`a\\|b`');
      expect(codeSpan('x`y')).to.equal('``x`y``');
      expect(codeSpan('`edge')).to.equal('`` `edge ``');
      expect(codeSpan('line\nbreak\u001b')).to.equal('`line break\\x1b`');
    });

    it('labels a rule source by kind: Salesforce documentation or secondary source', () => {
      const md = renderAuditMarkdown(report);
      expect(md).to.contain(`([Salesforce documentation](${rules[0].sourceUrl}))`);
      expect(md).to.contain('([secondary source](https://example.com/blog))');
      expect(md).to.not.contain('[source](');
    });
  });

  describe('source kinds', () => {
    it('every DOCS page is Salesforce documentation, every SECONDARY page a secondary source', () => {
      expect(Object.values(DOCS).map(sourceKind)).to.deep.equal(Object.values(DOCS).map(() => 'salesforce'));
      expect(Object.values(SECONDARY).map(sourceKind)).to.deep.equal(Object.values(SECONDARY).map(() => 'secondary'));
    });

    it('an unknown page is never presented as Salesforce documentation', () => {
      expect(sourceLabel('https://salesforce.com.evil.example/page')).to.equal('secondary source');
      expect(sourceLabel('not a url')).to.equal('secondary source');
      expect(sourceLabel('https://help.salesforce.com/s/articleView?id=x')).to.equal('Salesforce documentation');
    });

    it("SARIF help names the source's kind", () => {
      const descriptors = buildSarif(report).runs[0].tool.driver.rules ?? [];
      const byId = (id: string): Sarif.ReportingDescriptor | undefined => descriptors.find((d) => d.id === id);
      expect(byId('profile-license-ineligible')?.help?.markdown).to.contain('[Salesforce documentation](');
      expect(byId('profile-license-ineligible')?.help?.text).to.contain('Salesforce documentation: https://');
      expect(byId('duplicate-profile-object')?.help?.markdown).to.contain('[secondary source](https://example.com/blog)');
      expect(byId('duplicate-profile-object')?.help?.text).to.contain('Secondary source: https://example.com/blog');
    });
  });

  describe('JUnit', () => {
    it('a rule that did not run is a skipped test saying why, counted in the totals', () => {
      const xml = renderJunit({ ...emptyReport, skipped: [{ id: 'account-data-skew', reason: 'needs --deep' }] });
      const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name: string): boolean => name === 'testsuite' }).parse(xml) as {
        testsuites: {
          '@_skipped': string;
          testsuite: Array<{ '@_name': string; '@_skipped': string; testcase: { skipped: { '@_message': string } } }>;
        };
      };
      const suite = parsed.testsuites.testsuite.find((s) => s['@_name'] === 'account-data-skew');
      expect(suite?.['@_skipped']).to.equal('1');
      expect(suite?.testcase.skipped['@_message']).to.equal('not checked: needs --deep');
      expect(parsed.testsuites['@_skipped']).to.equal('1');
    });
  });

  describe('SARIF', () => {
    it('an org-mode result carries a logical location and no file that may not exist', () => {
      const orgReport: AuditReport = {
        ...emptyReport,
        findings: [orgFinding, { ...orgFinding, target: {}, fingerprint: 'fp-whole-org' }],
      };
      const results = buildSarif(orgReport).runs[0].results ?? [];
      expect(results.map((r) => r.locations?.[0].physicalLocation)).to.deep.equal([undefined, undefined]);
      expect(results.map((r) => r.locations?.[0].logicalLocations?.[0].fullyQualifiedName).sort()).to.deep.equal([
        'Org',
        'SharingSet/Org_set/profiles/Standard User',
      ]);
      expect(results.every((r) => r.properties?.locationIsFallback === undefined)).to.equal(true);
    });

    it('a project audit still points a finding without a file at sfdx-project.json', () => {
      const results = buildSarif({ ...report, origin: { kind: 'source', sourceDir: '.' } }).runs[0].results ?? [];
      const org = results.find((r) => r.partialFingerprints?.['pluginSharingFinding/v1'] === 'fp-org');
      expect(org?.locations?.[0].physicalLocation?.artifactLocation?.uri).to.equal('sfdx-project.json');
      expect(org?.properties?.locationIsFallback).to.equal(true);
    });
  });

  describe('the verdict line agrees with the exit code (point 5)', () => {
    it('an expired baseline entry fails the verdict even when no finding fails the gate', () => {
      const expired: AuditReport = { ...emptyReport, expiredBaseline: 1 };
      expect(gateVerdict(expired).passed).to.equal(false);
      const human = renderAuditHuman(expired);
      expect(human).to.contain('No findings fail the gate (error or worse, high confidence).');
      expect(human).to.contain('1 baseline entry has expired: its finding counts again, and the audit fails (exit 4).');
      const md = renderAuditMarkdown(expired);
      expect(md).to.contain('**✅ No findings fail the gate (error or worse, high confidence).**');
      expect(md).to.contain('**❌ 1 baseline entry has expired');
    });

    it('a run that writes a baseline passes, and says it is not a gate', () => {
      const written: AuditReport = { ...report, baselineWritten: true };
      expect(gateVerdict(written).passed).to.equal(true);
      expect(gateVerdict(report).passed).to.equal(false);
      expect(renderAuditHuman(written)).to.contain(
        'A baseline accepting these findings was written: this run is not a gate (exit 0).'
      );
      expect(renderAuditMarkdown(written)).to.not.contain('❌');
    });
  });
});

import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Finding } from '../../../src/audit/types.js';
import type { AuditReport } from '../../../src/report/auditReport.js';
import { renderJunit } from '../../../src/report/junit.js';
import { xmlWellFormednessErrors } from '../../helpers/xmlCheck.js';
import { emptyReport, report, rules } from './fixtures.js';

type Case = { '@_name': string; '@_classname': string; failure?: unknown; skipped?: unknown; 'system-out'?: string };
type Suite = { '@_name': string; '@_tests': string; '@_failures': string; '@_skipped': string; testcase: Case[] };

function parse(xml: string): { '@_tests': string; '@_failures': string; testsuite: Suite[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return (parser.parse(xml) as { testsuites: ReturnType<typeof parse> }).testsuites;
}

describe('renderJunit', () => {
  const xml = renderJunit(report);

  it('is well-formed XML (libxml2)', async () => {
    expect(await xmlWellFormednessErrors(xml, 'junit.xml')).to.deep.equal([]);
    expect(await xmlWellFormednessErrors(renderJunit(emptyReport), 'empty.xml')).to.deep.equal([]);
    // The bytes a file would hold, so libxml2 also checks them against the declared encoding.
    expect(await xmlWellFormednessErrors(Buffer.from(xml, 'utf8'), 'junit.xml')).to.deep.equal([]);
    expect(xml).to.not.contain('\u0001');
  });

  it('stays well-formed XML whatever the names, messages and reasons contain (libxml2)', async () => {
    const xml10Forbidden = '\u0000\u0001\u0008\u000B\u000C\u001B\u001F\uFFFE\uFFFF\uD800 \uDFFF';
    const nasty = `<a href="x" b='y'> & &amp; &nbsp; &#1; ]]> <![CDATA[ --> <!-- ${xml10Forbidden} \r\n\t 😀 𝔘 \u{10FFFF} \u0085 \u2028`;
    const finding = (n: number, extra: Partial<Finding>): Finding => ({
      ruleId: 'profile-license-ineligible',
      severity: 'error',
      confidence: 'high',
      message: `${n}: ${nasty}`,
      target: { sharingSet: `Set_${n} ${nasty}`, profile: `Profile ${nasty}` },
      fingerprint: `fp-${n}`,
      ...extra,
    });
    const hostile: AuditReport = {
      tool: { name: `plugin-sharing ${nasty}`, version: `0.1.0 ${nasty}` },
      origin: { kind: 'source+org', sourceDir: `dir ${nasty}`, org: `org ${nasty}` },
      rules: [...rules, { ...rules[0], id: `rule ${nasty}`, title: `Title ${nasty}`, remediation: `Fix ${nasty}` }],
      findings: [
        finding(1, { location: { file: `force-app/${nasty}.sharingSet-meta.xml`, line: 3, lineOfTarget: 7 } }),
        finding(2, { ruleId: `rule ${nasty}`, target: { object: `Obj ${nasty}`, mappingIndex: 0 } }),
        finding(3, { severity: 'warning', confidence: 'medium' }),
        finding(4, { ruleId: `unregistered ${nasty}` }),
      ],
      suppressed: [{ finding: finding(5, {}), reason: `Accepted ${nasty}` }],
      threshold: 'info',
    };
    const rendered = renderJunit(hostile);
    expect(await xmlWellFormednessErrors(rendered, 'hostile.xml')).to.deep.equal([]);
    expect(await xmlWellFormednessErrors(Buffer.from(rendered, 'utf8'), 'hostile.xml')).to.deep.equal([]);
    // What XML can carry arrives intact: non-BMP characters, quotes, markup, line breaks in attributes.
    const root = parse(rendered);
    const failure = root.testsuite
      .flatMap((s) => s.testcase)
      .map((c) => c.failure as { '@_message'?: string } | undefined)
      .find((f) => f?.['@_message']?.startsWith('1: '));
    expect(failure?.['@_message']).to.contain('😀 𝔘 \u{10FFFF}').and.contain('<a href="x" b=\'y\'> & &amp; &nbsp;');
    expect(failure?.['@_message']).to.contain(']]> <![CDATA[ -->');
    expect(rendered).to.contain('😀');
  });

  it('the libxml2 check rejects what fast-xml-parser lets through', async () => {
    // Each of these passes fast-xml-parser's XMLValidator; a checker that accepted them would prove nothing.
    const bad: Array<[string, string, RegExp]> = [
      ['control character', '<a>\u0001</a>', /PCDATA invalid Char value 1/],
      ['undefined entity', '<a>&nbsp;</a>', /Entity 'nbsp' not defined/],
      ['raw < in an attribute value', '<a b="<"/>', /Unescaped '<' not allowed in attributes values/],
      ['two root elements', '<a/><b/>', /Extra content at the end of the document/],
      ['character reference to a control character', '<a>&#1;</a>', /invalid xmlChar value 1/],
      [']]> in text', '<a>]]></a>', /Sequence ']]>' not allowed in content/],
      ['lone surrogate', '<a>\uD800</a>', /lone UTF-16 surrogate/],
    ];
    for (const [what, doc, expected] of bad) {
      expect(XMLValidator.validate(doc), `fast-xml-parser accepts: ${what}`).to.equal(true);
      // eslint-disable-next-line no-await-in-loop
      const errors = await xmlWellFormednessErrors(doc, 'bad.xml');
      expect(errors.join('\n'), what).to.match(expected);
    }
    // Invalid UTF-8 bytes in a file.
    const bytes = await xmlWellFormednessErrors(
      Uint8Array.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]),
      'b.xml'
    );
    expect(bytes.join('\n')).to.match(/Invalid bytes in character encoding/);
    // And it accepts a well-formed document with what XML allows.
    expect(await xmlWellFormednessErrors('<a b="&lt;&quot;&#10;">😀 &amp; &#x1F600;</a>')).to.deep.equal([]);
  });

  it('has one suite per rule, failures at or over the threshold, skipped for the baseline', () => {
    const root = parse(xml);
    expect(root.testsuite.map((s) => s['@_name'])).to.deep.equal([
      'child-without-parent-account',
      'duplicate-profile-object',
      'profile-license-ineligible',
      'unknown-rule',
    ]);
    const [passing, warning, eligible, unknown] = root.testsuite;
    expect(passing.testcase).to.have.length(1);
    expect(passing.testcase[0]).to.not.have.property('failure');
    // A medium-confidence warning is advisory: reported in system-out, never a failure.
    expect(warning['@_failures']).to.equal('0');
    expect(warning.testcase[0]['system-out']).to.contain('"quoted"');
    expect(eligible['@_tests']).to.equal('3');
    expect(eligible['@_failures']).to.equal('2');
    expect(eligible['@_skipped']).to.equal('1');
    expect(eligible.testcase.filter((c) => c.skipped !== undefined)).to.have.length(1);
    expect(unknown.testcase[0]).to.not.have.property('failure');
    expect(unknown.testcase[0]['system-out']).to.contain('Object note');
    expect(root['@_tests']).to.equal('6');
    expect(root['@_failures']).to.equal('2');
  });

  it('escapes markup in names, attributes and text', () => {
    expect(xml).to.contain('Guest &lt;site&gt; &amp; co');
    expect(xml).to.contain('message="baseline: Accepted until the Q3 clean-up"');
  });

  it('passes every rule when there are no findings', () => {
    const root = parse(renderJunit(emptyReport));
    expect(root['@_failures']).to.equal('0');
    expect(root.testsuite.every((s) => s.testcase.length === 1 && s.testcase[0].failure === undefined)).to.equal(true);
  });
});

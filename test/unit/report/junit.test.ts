import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit } from '../../../src/report/junit.js';
import { emptyReport, report } from './fixtures.js';

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

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(XMLValidator.validate(renderJunit(emptyReport))).to.equal(true);
    expect(xml).to.not.contain('\u0001');
  });

  it('has one suite per rule, failures at or over the threshold, skipped for the baseline', () => {
    const root = parse(xml);
    expect(root.testsuite.map((s) => s['@_name'])).to.deep.equal([
      'no-findings-rule',
      'one-set-per-profile-object',
      'profile-not-eligible',
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

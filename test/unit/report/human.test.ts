import { expect } from 'chai';
import { renderAuditHuman } from '../../../src/report/human.js';
import { emptyReport, report } from './fixtures.js';

describe('renderAuditHuman', () => {
  const text = renderAuditHuman(report);
  const lines = text.split('\n');

  it('starts with the origin and counts by severity', () => {
    expect(lines[0]).to.equal(
      'Sharing set audit of project . checked against org admin@acme.com (plugin-sharing 0.1.0)'
    );
    expect(lines[1]).to.equal('2 errors, 1 warning, 1 info; 1 suppressed by baseline');
    // The medium-confidence warning is advisory: docs/salesforce-facts.md says such findings never block on their own.
    expect(lines[2]).to.equal('2 findings fail the gate (warning or worse, high confidence).');
  });

  it('groups findings by sharing set, org-level last, with remediation', () => {
    const headings = lines.filter((l) => /^(Sharing set \S+$|Org$|Suppressed)/.test(l));
    expect(headings).to.deep.equal(['Sharing set Org_set', 'Sharing set Share_cases', 'Org', 'Suppressed by baseline']);
    const share = lines.indexOf('Sharing set Share_cases');
    expect(lines[share + 1]).to.equal(
      '  ERROR profile-license-ineligible: Profile "Guest <site> & co" cannot be used in a sharing set.'
    );
    expect(lines[share + 2]).to.equal('    at profile Guest <site> & co');
    expect(lines[share + 3]).to.equal('    in force-app/main/default/sharingSets/Share cases.sharingSet-meta.xml:12');
    expect(lines[share + 4]).to.equal('    fix: Remove the profile from the sharing set.');
    expect(text).to.contain(
      'WARNING (advisory: not high confidence) duplicate-profile-object [confidence: medium]: =HYPERLINK'
    );
    expect(text).to.contain('\n      second line\n');
    expect(text).to.contain('INFO (below threshold) unknown-rule [confidence: low]');
    expect(text).to.contain(
      '  profile-license-ineligible at Legacy_set › profile Standard User: Accepted until the Q3 clean-up'
    );
  });

  it('never passes control characters to the terminal', () => {
    // eslint-disable-next-line no-control-regex
    expect(text).to.not.match(/[\u0000-\u0009\u000B-\u001F]/);
  });

  it('lists the rules that did not run and why, so a quiet report is not taken for a clean one', () => {
    const skipped = renderAuditHuman({
      ...emptyReport,
      skipped: [{ id: 'account-data-skew', reason: 'run with --deep' }],
    });
    expect(skipped.trimEnd().split('\n').slice(-2)).to.deep.equal([
      'Not checked',
      '  account-data-skew: run with --deep',
    ]);
    expect(renderAuditHuman(emptyReport)).to.not.contain('Not checked');
  });

  it('says when nothing fails', () => {
    expect(renderAuditHuman(emptyReport)).to.contain('No findings fail the gate (error or worse, high confidence).');
  });
});

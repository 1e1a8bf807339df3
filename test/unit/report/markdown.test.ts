import { expect } from 'chai';
import { renderAuditMarkdown } from '../../../src/report/markdown.js';
import { emptyReport, report } from './fixtures.js';

describe('renderAuditMarkdown', () => {
  const md = renderAuditMarkdown(report);
  const lines = md.split('\n');

  it('opens with a heading, the context and the verdict', () => {
    expect(lines[0]).to.equal('## Sharing set audit');
    expect(md).to.contain('project . checked against org admin@\u200Dacme.com · threshold: **warning**');
    expect(md).to.contain('**❌ 2 findings fail the gate (warning or worse, high confidence).**');
    expect(renderAuditMarkdown(emptyReport)).to.contain('**✅ No findings fail the gate (error or worse, high confidence).**');
  });

  it('has a summary table of counts by severity', () => {
    expect(lines).to.include.members([
      '| 🔴 error | 2 |',
      '| 🟠 warning | 1 |',
      '| 🔵 info | 1 |',
      '| suppressed by baseline | 1 |',
    ]);
  });

  it('lists findings most severe first with escaped cells, and remediation per rule', () => {
    const rows = lines.filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟠') || l.startsWith('| 🔵')).slice(3);
    expect(rows[0]).to.contain('Org\\_set');
    expect(rows[1]).to.contain('Guest &lt;site&gt; &amp; co');
    expect(rows[2]).to.contain('"quoted" second line').and.contain('Share cases.sharingSet-meta.xml:9');
    expect(rows[3]).to.contain('info (below threshold)').and.contain('Object note \\\\x01 with');
    expect(md).to.contain('Remove the profile from the sharing set.');
    expect(md).to.contain('_(confidence: medium)_');
  });

  it('folds suppressed findings with the baseline reason', () => {
    expect(md).to.match(/<details>\n<summary>1 finding suppressed by the baseline<\/summary>/);
    expect(md).to.contain('| Accepted until the Q3 clean-up |');
  });
});

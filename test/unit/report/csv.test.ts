import { expect } from 'chai';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../../src/report/csv.js';
import { report } from './fixtures.js';

describe('renderCsv', () => {
  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).to.equal('plain');
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    // Line breaks inside a value are shown escaped (src/report/sanitize.ts), so no cell spans records.
    expect(csvCell('two\nlines')).to.equal('two\\x0alines');
    expect(csvCell('two,"lines"')).to.equal('"two,""lines"""');
    expect(csvCell('')).to.equal('');
  });

  it('guards against formula injection', () => {
    for (const lead of ['=', '+', '-', '@']) {
      expect(csvCell(`${lead}1+1`).replace(/^"/, '')).to.match(/^'/);
    }
    // A leading tab or CR is shown escaped: the cell starts with a backslash, which no spreadsheet evaluates.
    for (const lead of ['\t', '\r']) {
      expect(csvCell(`${lead}1+1`)).to.match(/^\\x0[9d]1\+1$/);
    }
    expect(csvCell('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
    expect(csvCell('a=b')).to.equal('a=b');
  });

  it('writes a header and one CRLF-terminated record per finding, suppressed last', () => {
    const csv = renderCsv(report);
    expect(csv.endsWith('\r\n')).to.equal(true);
    const records = csv.split('\r\n');
    expect(records[0]).to.equal(CSV_COLUMNS.join(','));
    expect(records.filter((r) => r.startsWith('error,'))).to.have.length(3);
    expect(records[records.length - 2]).to.contain('Accepted until the Q3 clean-up');
    // The line break of the message is shown escaped (src/report/sanitize.ts): one record per line.
    expect(csv).to.contain('"\'=HYPERLINK(""http://evil"") Case, ""quoted""\\x0asecond line"');
    expect(csv).to.contain(
      'Share_cases › mapping #2,force-app/main/default/sharingSets/Share cases.sharingSet-meta.xml,9,'
    );
  });
});

import { expect } from 'chai';
import { unifiedDiff } from '../../../src/util/unifiedDiff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'a', 'b')).to.equal('');
  });

  it('prints a hunk with three lines of context and line counts as diff -u does', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n') + '\n';
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8'].join('\n') + '\n';
    expect(unifiedDiff(before, after, 'a/f', 'b/f')).to.equal(
      ['--- a/f', '+++ b/f', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n')
    );
  });

  it('splits far-apart changes into separate hunks and ignores CRLF vs LF', () => {
    const lines = Array.from({ length: 20 }, (_, i) => String(i));
    const changed = lines.map((line, i) => (i === 1 || i === 18 ? `x${line}` : line));
    const diff = unifiedDiff(lines.join('\r\n'), changed.join('\n'), 'a', 'b');
    expect(diff.match(/^@@/gm)).to.have.length(2);
    expect(diff).to.contain('-1\n+x1').and.to.contain('-18\n+x18');
  });
});

import { expect } from 'chai';
import {
  markdownInert,
  safeBlock,
  safeError,
  safeJsonText,
  safeReportText,
  safeValue,
  safeXmlText,
} from '../../../src/report/sanitize.js';
import { csvCell } from '../../../src/report/csv.js';
import { markdownCell } from '../../../src/report/markdownText.js';

const HOSTILE_LABEL = 'Cases\x1b]0;pwned\x07\x1b[2J';

describe('sanitize: org and file values on a terminal, a CI log, a report', () => {
  it('shows ESC, OSC/ANSI sequences, BEL, CR and C1 escaped and visible', () => {
    expect(safeValue(HOSTILE_LABEL)).to.equal('Cases\\x1b]0;pwned\\x07\\x1b[2J');
    expect(safeValue('Good\rEvil')).to.equal('Good\\x0dEvil');
    expect(safeValue('a\u009b2Jb\u007f')).to.equal('a\\x9b2Jb\\x7f');
    expect(safeValue('line\nnext\ttab')).to.equal('line\\x0anext\\x09tab');
  });

  it('shows every bidirectional override, isolate and mark escaped', () => {
    for (const code of [0x20_2a, 0x20_2b, 0x20_2c, 0x20_2d, 0x20_2e, 0x20_66, 0x20_67, 0x20_68, 0x20_69, 0x20_0e, 0x20_0f]) {
      const char = String.fromCharCode(code);
      expect(safeValue(`a${char}b`)).to.equal(`a\\u${code.toString(16)}b`);
    }
  });

  it('never lets a line start a workflow command, blanks before it or not', () => {
    expect(safeValue('::error title=x::y')).to.equal('\\x3a:error title=x::y');
    const block = safeBlock('ok\n::error file=README.md::pwned\n  ::warning::x\n##[error]legacy\nA::B');
    expect(block.split('\n')).to.deep.equal([
      'ok',
      '\\x3a:error file=README.md::pwned',
      '  \\x3a:warning::x',
      '\\x23#[error]legacy',
      'A::B',
    ]);
    for (const line of block.split('\n')) expect(line.trimStart()).to.not.match(/^(::|##\[)/);
  });

  it('a value with a newline and a workflow command stays on one line', () => {
    const file = 'X\n::error title=Pwned,file=README.md,line=1::owned\n.sharingSet-meta.xml';
    expect(safeValue(file)).to.not.contain('\n');
    expect(safeBlock(`in ${safeValue(file)}`).split('\n')).to.have.length(1);
  });

  it('keeps ordinary text, accents and non-Latin scripts as they are', () => {
    for (const text of ["O'Brien \\ %_", 'Café Société', 'مرحبا', '日本語', 'a: b', 'https']) {
      expect(safeValue(text)).to.equal(text);
    }
  });

  it('breaks mentions, autolinks, e-mail addresses and issue references in Markdown with a zero-width joiner', () => {
    const zwj = '\u200D';
    expect(markdownInert('@octocat')).to.equal(`@${zwj}octocat`);
    expect(markdownInert('see https://evil.example/x')).to.equal(`see https${zwj}://evil.example/x`);
    expect(markdownInert('www.evil.example')).to.equal(`www${zwj}.evil.example`);
    expect(markdownInert('fixes #1')).to.equal(`fixes #${zwj}1`);
    expect(markdownInert('a@b.com')).to.equal(`a@${zwj}b.com`);
    expect(markdownCell('@octocat #1 https://x.example')).to.not.match(/@[a-z]|#\d|https:\/\//);
    expect(markdownCell(HOSTILE_LABEL)).to.not.contain('\x1b');
  });

  it('CSV cells: escaped first, then the formula guard and RFC 4180 quoting', () => {
    expect(csvCell(HOSTILE_LABEL)).to.equal('Cases\\x1b]0;pwned\\x07\\x1b[2J');
    expect(csvCell('=1+1')).to.equal("'=1+1");
    expect(csvCell('a\r\n::error x')).to.equal('a\\x0d\\x0a::error x');
    expect(csvCell('a,b')).to.equal('"a,b"');
  });

  it('JSON and XML text keep their meaning: escapes and character references', () => {
    const json = JSON.stringify({ label: 'x\u202Ey\u009B' });
    const safe = safeJsonText(json);
    expect(safe).to.not.match(/[\u202E\u009B]/);
    expect(JSON.parse(safe)).to.deep.equal({ label: 'x\u202Ey\u009B' });
    expect(safeXmlText('<a>x\u202Ey</a>\n::error')).to.equal('<a>x&#x202e;y</a>\n&#x3a;:error');
    expect(safeReportText('sarif', json)).to.equal(safe);
    expect(safeReportText('human', '\x1b[2J')).to.equal('\\x1b[2J');
  });

  it("an error's message and actions are made safe in place (class and fields kept)", () => {
    const error = Object.assign(new RangeError('bad file X\n::error x\x1b[2J'), { actions: ['fix \u202Eit'], exitCode: 2 });
    const same = safeError(error);
    expect(same).to.equal(error);
    expect(same.message).to.equal('bad file X\n\\x3a:error x\\x1b[2J');
    expect(same.actions).to.deep.equal(['fix \\u202eit']);
    expect(same.exitCode).to.equal(2);
  });
});

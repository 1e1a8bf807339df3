/**
 * The exposure reports (src/report/exposure.ts, exposureHtml.ts) on hostile org text: a set label holding HTML, quotes,
 * brackets, a Markdown link to javascript:, Mermaid syntax and formula starts renders as text everywhere.
 */
import { expect } from 'chai';
import { exposureTotals } from '../../../src/exposure/count.js';
import type { MappingExposure } from '../../../src/exposure/types.js';
import {
  EXPOSURE_SIGNATURES,
  exposureMermaid,
  exposureRows,
  mermaidText,
  renderExposureCsv,
  renderExposureMarkdown,
  type ExposureView,
  type Words,
} from '../../../src/report/exposure.js';
import { htmlText, renderExposureHtml } from '../../../src/report/exposureHtml.js';
import { HOSTILE_LABEL } from './fixture.js';

const words: Words = (key, tokens = []) => `${key}(${tokens.join(',')})`;

function mapping(overrides: Partial<MappingExposure> = {}): MappingExposure {
  return {
    sharingSet: 'Hostile_Set',
    label: HOSTILE_LABEL,
    mappingIndex: 0,
    object: 'Case',
    accessLevel: 'Edit',
    objectField: 'Account',
    userField: 'Account',
    profiles: ['=cmd|"/c calc"!A1', 'Customer Community User'],
    users: 3,
    records: 4,
    grants: 5,
    keys: 2,
    topKeys: [{ id: '001000000000001AAA', name: '<script>alert(1)</script>', users: 1, records: 4 }],
    cost: { queries: 2, roundTrips: 2 },
    ...overrides,
  };
}

function view(mappings: MappingExposure[]): ExposureView {
  return { org: 'org <b>', mappings, totals: exposureTotals(mappings, [], []) };
}

describe('report/exposure', () => {
  it('writes Mermaid labels as entity codes: no quote, bracket, arrow or directive survives', () => {
    const text = mermaidText(HOSTILE_LABEL);
    expect(text.replace(/#\d+;/g, '')).to.match(/^[A-Za-z0-9 ]*$/);
    expect(text).to.include('#60;img src#61;x onerror#61;alert#40;1#41;#62;');
    const { lines } = exposureMermaid(view([mapping()]), words);
    const body = lines.join('\n');
    expect(body).to.not.include('<img');
    expect(body).to.not.include('javascript:');
    expect(body).to.not.include('%%{init');
    // Whatever the label says, it stays inside its quotes: every line is a node, an edge or the edge style.
    for (const line of lines.slice(1)) {
      expect(line).to.match(
        /^ {2}(\w+(\(\[|\[\(|\[)"[^"]*"(\]\)|\)\]|\])|\w+ (-->|==>)(\|"[^"]*"\|)? \w+|linkStyle [\d,]+ [^"]+)$/
      );
    }
    // Edit edges are drawn thick and red.
    expect(body).to.match(/==>\|/);
    expect(body).to.match(/linkStyle \d+ stroke:#c0392b/);
  });

  it('keeps Markdown inert: no HTML, no link, no mention, the Mermaid block fenced', () => {
    const md = renderExposureMarkdown(view([mapping()]), words);
    expect(md.startsWith(EXPOSURE_SIGNATURES.markdown)).to.equal(true);
    expect(md).to.include('```mermaid');
    expect(md).to.not.match(/<img|<script/);
    // Brackets escaped: no link can form, whatever follows them.
    expect(md).to.not.match(/(^|[^\\])\]\(/m);
    expect(md).to.include('\\[b\\](javascript');
    expect(md).to.include('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).to.include('\\[b\\]');
    expect(md).to.include('@\u200Dhere');
  });

  it('escapes every org value in the HTML page, which loads nothing and allows only its own script', () => {
    const html = renderExposureHtml(view([mapping()]), words);
    expect(html.startsWith(EXPOSURE_SIGNATURES.html)).to.equal(true);
    expect(html).to.not.match(/<img|<script>alert|<[^>]*onerror/);
    expect(html).to.include('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.not.match(/\b(src|href)=["']?(https?:|\/\/)/);
    expect(html).to.match(
      /Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'sha256-[A-Za-z0-9+/=]+'"/
    );
    expect(html.match(/<script>/g)?.length).to.equal(1);
    expect(html).to.include('<svg');
    expect(htmlText('a"b\'c&\u001b')).to.equal('a&quot;b&#39;c&amp;\\x1b');
  });

  it('neutralises CSV cells that would start a formula', () => {
    const csv = renderExposureCsv(view([mapping({ sharingSet: '@SUM(A1)', label: '+1', object: '-2' })]));
    const row = csv.split('\r\n')[1];
    expect(row.startsWith("'@SUM(A1),'+1,0,'-2,Edit,")).to.equal(true);
    expect(csv.startsWith(EXPOSURE_SIGNATURES.csv)).to.equal(true);
    expect(row).to.include('"\'=cmd|""/c calc""!A1; Customer Community User"');
  });

  it('shows terminal values with control characters escaped', () => {
    const [row] = exposureRows(view([mapping({ sharingSet: 'Set\u001b[31mRed', objectField: 'Account\r' })]));
    expect(row.sharingSet).to.equal('Set\\x1b[31mRed');
    expect(String(row.path)).to.include('Account\\x0d');
  });

  it('groups the Mermaid graph, then cuts it, when it would pass Mermaid limits, and says so', () => {
    const many = Array.from({ length: 300 }, (_, n) =>
      mapping({
        sharingSet: `Set_${n}`,
        label: `Set ${n}`,
        profiles: [`Profile ${n % 7}`],
        object: `Object_${n % 5}__c`,
      })
    );
    const grouped = exposureMermaid(view(many), words);
    expect(grouped.note).to.match(/^report\.grouped\(/);
    expect(grouped.lines.filter((line) => line.includes('-->') || line.includes('==>')).length).to.equal(35);
    const huge = Array.from({ length: 600 }, (_, n) =>
      mapping({ sharingSet: `S${n}`, profiles: [`P${n}`], object: `O${n % 300}` })
    );
    const cut = exposureMermaid(view(huge), words);
    expect(cut.note).to.match(/^report\.truncated\(/);
    expect(cut.lines.filter((line) => line.includes('==>')).length).to.be.at.most(400);
  });
});

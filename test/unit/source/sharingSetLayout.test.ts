import { expect } from 'chai';
import { parseSharingSetXml, serializeSharingSet } from '../../../src/source/sharingSetXml.js';
import type { LayoutIssue } from '../../../src/model/types.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const MAPPING =
  '<accessMappings><accessLevel>Read</accessLevel><object>Case</object><objectField>Account</objectField><userField>Account</userField></accessMappings>';

function layoutOf(body: string, lenient = true): LayoutIssue[] | undefined {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="${NS}">\n${body}\n</SharingSet>\n`;
  return parseSharingSetXml(xml, 'Test_Set.sharingSet-meta.xml', 'Test_Set', { lenient }).location?.layout;
}

describe('sharing-set file layout (docs/salesforce-facts.md §6 "Files a deploy rejects")', () => {
  it('records a section split by another element, once, at its re-opening line', () => {
    const layout = layoutOf(['<profiles>A</profiles>', '<name>x</name>', '<profiles>B</profiles>', '<profiles>C</profiles>'].join('\n'));
    expect(layout).to.deep.equal([
      { kind: 'element-order', element: 'name', line: 4, firstLine: 3 },
      { kind: 'split-section', element: 'profiles', line: 5, firstLine: 3 },
    ]);
  });

  it('records an element before one the XSD sequence puts first, at set and at mapping level', () => {
    const mapping = MAPPING.replace('<accessLevel>Read</accessLevel><object>Case</object>', '<object>Case</object><accessLevel>Read</accessLevel>');
    const layout = layoutOf(['<name>x</name>', mapping].join('\n'));
    expect(layout?.map((issue) => [issue.kind, issue.element])).to.deep.equal([
      ['element-order', 'accessMappings'],
      ['element-order', 'accessLevel'],
    ]);
  });

  it('records repeated mappings and profiles when lenient, telling identical copies from variants', () => {
    const layout = layoutOf(
      [MAPPING, MAPPING, MAPPING.replace('Read', 'Edit'), '<name>x</name>', '<profiles>A</profiles>', '<profiles>A</profiles>', '<profiles>a</profiles>'].join('\n')
    );
    expect(layout?.map((issue) => [issue.kind, issue.line, issue.firstLine, issue.exact])).to.deep.equal([
      ['duplicate-mapping', 4, 3, true],
      ['duplicate-mapping', 5, 3, false],
      ['duplicate-profile', 8, 7, true],
      ['duplicate-profile', 9, 7, false],
    ]);
  });

  it('still refuses a repeated profile when strict (a definition about to be written to an org)', () => {
    expect(() => layoutOf('<name>x</name><profiles>A</profiles><profiles>A</profiles>', false)).to.throw(/listed twice/);
  });

  it('records nothing for a file as retrieved files look, and writing regroups a split file', () => {
    expect(layoutOf([MAPPING, '<name>x</name>', '<profiles>A</profiles>'].join('\n'))).to.equal(undefined);
    const split = `<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="${NS}"><profiles>A</profiles><name>x</name>${MAPPING}<profiles>B</profiles></SharingSet>`;
    const written = serializeSharingSet(parseSharingSetXml(split, 'f', 'Test_Set'));
    expect(parseSharingSetXml(written, 'f', 'Test_Set', { lenient: true }).location?.layout).to.equal(undefined);
    expect(written).to.match(/<\/accessMappings>\n {4}<name>x<\/name>\n {4}<profiles>A<\/profiles>\n {4}<profiles>B<\/profiles>/);
  });
});

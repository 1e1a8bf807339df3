import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { validateXML } from 'xmllint-wasm';
import type { SharingSet } from '../../../src/model/types.js';
import {
  escapeXml,
  parseSharingSetXml,
  serializeSharingSet,
  SharingSetFileError,
} from '../../../src/source/sharingSetXml.js';
import { fullNameFromFile } from '../../../src/source/files.js';
import { pluginRoot } from '../../helpers/e2e.js';

const fixtures = join(pluginRoot, 'test', 'fixtures', 'xml');
const xsd = readFileSync(join(fixtures, 'sharingset.xsd'), 'utf8');

async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'set.xml', contents: xml }],
    schema: [{ fileName: 'sharingset.xsd', contents: xsd }],
  });
  return result.errors.map((error) => error.rawMessage);
}

const wrap = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}\n</SharingSet>\n`;

const MAPPING =
  '<accessMappings><accessLevel>Read</accessLevel><object>Case</object><objectField>Account</objectField><userField>Account</userField></accessMappings>';

const parse = (xml: string, fullName = 'Test_Set'): SharingSet => parseSharingSetXml(xml, 'set.xml', fullName);

function failure(xml: string, fullName = 'Test_Set'): InstanceType<typeof SharingSetFileError> {
  try {
    parse(xml, fullName);
  } catch (error) {
    if (error instanceof SharingSetFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

function withoutLocation(set: SharingSet): SharingSet {
  const { location, ...rest } = set;
  expect(location).to.not.equal(undefined);
  return rest;
}

describe('sharing-set XML: documented samples', () => {
  for (const file of [
    'User.sharingSet',
    'Case.sharingSet',
    'Basic.sharingSet',
    'Share_cases_with_users.sharingSet-meta.xml',
  ]) {
    it(`${file} reads, writes valid against the WSDL type, and reads back the same`, async () => {
      const text = readFileSync(join(fixtures, 'docs', file), 'utf8');
      const set = parseSharingSetXml(text, file, fullNameFromFile(file));
      const written = serializeSharingSet(set);
      expect(await xsdErrors(written)).to.deep.equal([]);
      expect(withoutLocation(parseSharingSetXml(written, file, set.fullName))).to.deep.equal(withoutLocation(set));
      // Writing is a fixed point: a written file is written again byte for byte.
      expect(serializeSharingSet(parseSharingSetXml(written, file, set.fullName))).to.equal(written);
    });
  }

  it('the Basic example keeps its four mappings in document order, with their lines', () => {
    const set = parseSharingSetXml(
      readFileSync(join(fixtures, 'docs', 'Basic.sharingSet'), 'utf8'),
      'Basic.sharingSet',
      'Basic'
    );
    expect(set.accessMappings.map((m) => `${m.object}.${m.objectField}=${m.userField}:${m.accessLevel}`)).to.deep.equal(
      [
        'Account.Id=Account:Read',
        'Contact.Account=Account:Edit',
        'Case.Contact=Contact:Edit',
        'HVPUAccessible__c.AccountLookup__c=Account:Read',
      ]
    );
    expect(set.location).to.deep.include({ line: 2, mappingLines: [6, 12, 18, 24], profileLines: [5] });
  });

  it('decodes every escape of the retrieved-style sample once', () => {
    const set = parseSharingSetXml(
      readFileSync(join(fixtures, 'docs', 'Share_cases_with_users.sharingSet-meta.xml'), 'utf8'),
      'x',
      'Share_cases_with_users'
    );
    expect(set.description).to.equal('Cases and invoices of the user\'s account & its "related" accounts <HVP>');
    expect(set.label).to.equal('Share cases with users');
    expect(set.profiles).to.deep.equal(['Customer Community Plus User', 'customer community user']);
  });
});

describe('sharing-set XML: reading what real parsers read', () => {
  it('a broken XML declaration the validator lets through is a malformed-xml error, not a parser exception (fuzz seed 42, #428)', () => {
    const xml = `<?xml versio_"IcQ4Yn="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">${MAPPING}<name>x</name></SharingSet>`;
    const error = failure(xml);
    expect(error.code).to.equal('malformed-xml');
    expect(error.line).to.equal(1);
    expect(error.message).to.contain('set.xml:1');
  });

  it('decodes numeric character references and keeps CDATA raw (once, never twice)', () => {
    const set = parse(wrap('<name>O&#39;Brien &#x26; Co &amp;#39; <![CDATA[a < b &amp;]]></name>'));
    expect(set.label).to.equal("O'Brien & Co &#39; a < b &amp;");
  });

  it('trims XML whitespace around values but keeps inner whitespace and a no-break space', () => {
    const set = parse(wrap('<name>\n   Two  words\t\n</name><profiles>  Customer Community User </profiles>'));
    expect(set.label).to.equal('Two  words');
    expect(set.profiles).to.deep.equal(['Customer Community User']);
    expect(parse(wrap('<name>\u00a0x</name>')).label).to.equal('\u00a0x');
  });

  it('ignores comments, even ones holding look-alike tags, and counts lines from the real elements', () => {
    const set = parse(wrap(`<!-- <accessMappings> <profiles>x</profiles> -->\n<name>a</name>\n${MAPPING}`));
    expect(set.accessMappings).to.have.length(1);
    expect(set.location).to.deep.include({ mappingLines: [5], profileLines: [] });
  });

  it('accepts a byte-order mark, CRLF line ends and a <fullName> that agrees with the file name', () => {
    const set = parse(`\uFEFF${wrap('<fullName>Test_Set</fullName>\r\n<name>a</name>\r\n<profiles>P</profiles>')}`);
    expect(set).to.deep.include({ fullName: 'Test_Set', label: 'a', profiles: ['P'] });
    expect(set.location?.profileLines).to.deep.equal([5]);
  });

  it('accepts an empty description as no description', () => {
    expect(parse(wrap('<description>  </description><name>a</name>'))).to.not.have.property('description');
  });
});

describe('sharing-set XML: the bad-input catalogue', () => {
  const rejected: Array<[string, string, string, number?, string?]> = [
    ['an undefined entity (&nbsp;)', wrap('<name>a&nbsp;b</name>'), 'unknown-entity'],
    ['a control character', wrap('<name>a\u0001b</name>'), 'invalid-character'],
    ['a character reference to a control character', wrap('<name>a&#1;b</name>'), 'invalid-character'],
    ['two <name> elements', wrap('<name>a</name>\n<name>b</name>'), 'duplicate-element', 4],
    [
      'two <description> elements',
      wrap('<description>a</description><description>b</description><name>x</name>'),
      'duplicate-element',
    ],
    [
      'a field twice in one mapping',
      wrap(`<name>a</name>${MAPPING.replace('<object>Case</object>', '<object>Case</object><object>Case</object>')}`),
      'duplicate-element',
    ],
    [
      'an unknown element in a mapping',
      wrap(`<name>a</name>${MAPPING.replace('<object>', '<label>x</label><object>')}`),
      'unknown-element',
    ],
    [
      'an element in another namespace',
      wrap('<name>a</name><profiles xmlns="urn:other">P</profiles>'),
      'unknown-element',
    ],
    ['text beside the elements', wrap('stray <name>a</name>'), 'unexpected-text'],
    ['elements inside <name>', wrap('<name><b>a</b></name>'), 'not-text'],
    ['an empty <profiles>', wrap('<name>a</name><profiles/>'), 'missing-element'],
    ['an empty mapping', wrap('<name>a</name><accessMappings/>'), 'missing-element'],
    ['an empty <name>', wrap('<name>  </name>'), 'missing-element'],
    ['accessLevel in lower case', wrap(`<name>a</name>${MAPPING.replace('Read', 'read')}`), 'invalid-value'],
    [
      'a prefixed root',
      '<md:SharingSet xmlns:md="http://soap.sforce.com/2006/04/metadata"><md:name>a</md:name></md:SharingSet>',
      'wrong-root',
    ],
    [
      'two root elements',
      '<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata"><name>a</name></SharingSet><SharingSet/>',
      'malformed-xml',
    ],
    [
      'a non-UTF-8 encoding declaration',
      '<?xml version="1.0" encoding="ISO-8859-1"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata"><name>a</name></SharingSet>',
      'encoding',
    ],
    ['a <fullName> that contradicts the file name', wrap('<fullName>Other</fullName><name>a</name>'), 'invalid-value'],
    [
      'a 256-character description',
      wrap(`<description>${'é'.repeat(256)}</description><name>a</name>`),
      'description-too-long',
    ],
  ];
  for (const [what, xml, code, line] of rejected) {
    it(`rejects ${what} (${code})`, () => {
      const error = failure(xml);
      expect(error.code).to.equal(code);
      expect(error.fix).to.not.equal('');
      if (line) expect(error.line).to.equal(line);
    });
  }

  it('refuses a file name that is not an API name before reading anything', () => {
    for (const name of ['a__b', '../etc/x', 'Trailing_', '9Lives', 'x'.repeat(81)]) {
      expect(failure(wrap('<name>a</name>'), name).code, name).to.equal('invalid-name');
    }
  });

  it('names the line of a duplicate mapping and of its first occurrence', () => {
    const error = failure(wrap(`<name>a</name>\n${MAPPING}\n\n${MAPPING.replace('Read', 'Edit')}`));
    expect(error.code).to.equal('duplicate-mapping');
    expect(error.line).to.equal(6);
    expect(error.problem).to.match(/first on line 4/);
  });

  it('rejects the billion-laughs fixture on its DOCTYPE line without expanding anything', () => {
    const text = readFileSync(join(fixtures, 'bad', 'billion-laughs.sharingSet-meta.xml'), 'utf8');
    const started = performance.now();
    const error = failure(text);
    expect(performance.now() - started).to.be.below(200);
    expect(error).to.deep.include({ code: 'doctype', line: 2 });
  });

  it('rejects a 10 MB file and 10,000-deep nesting fast, with a clear message', () => {
    let started = performance.now();
    const big = failure(wrap(`<name>a</name><description>${'x'.repeat(10 * 1024 * 1024)}</description>`));
    expect(big.code).to.equal('too-large');
    expect(big.problem).to.match(/larger than 1 MB/);
    expect(performance.now() - started).to.be.below(500);
    started = performance.now();
    const deep = failure(wrap(`<name>a</name>\n${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}`));
    expect(deep).to.deep.include({ code: 'too-deep', line: 4 });
    expect(performance.now() - started).to.be.below(500);
  });

  it('rejects the <profiles><profile> wrapper and <label> fixtures on the offending line', () => {
    const wrapper = failure(readFileSync(join(fixtures, 'bad', 'profile-wrapper.sharingSet-meta.xml'), 'utf8'));
    expect(wrapper).to.deep.include({ code: 'profile-wrapper', line: 4 });
    const label = failure(readFileSync(join(fixtures, 'bad', 'label-element.sharingSet-meta.xml'), 'utf8'));
    expect(label).to.deep.include({ code: 'unknown-element', line: 3 });
    expect(label.fix).to.match(/label goes in <name>/);
  });
});

describe('sharing-set XML: writing', () => {
  it('round-trips a carriage return and a tab inside a description', async () => {
    const set: SharingSet = {
      fullName: 'Whitespace',
      label: 'Tabs\tand CR',
      description: 'line one\r\nline two',
      profiles: [],
      accessMappings: [],
    };
    const xml = serializeSharingSet(set);
    expect(xml).to.contain('line one&#13;\nline two');
    expect(await xsdErrors(xml)).to.deep.equal([]);
    expect(withoutLocation(parseSharingSetXml(xml, 'x', 'Whitespace'))).to.deep.equal(set);
  });

  it('refuses to write a character no XML file can hold', () => {
    expect(() => escapeXml('bell\u0007')).to.throw(/U\+0007/);
  });

  it('writes no empty optional element and nothing undefined', () => {
    const xml = serializeSharingSet({ fullName: 'X', label: 'X', description: '', profiles: [], accessMappings: [] });
    expect(xml).to.not.match(/description|profiles|accessMappings|undefined/);
  });
});

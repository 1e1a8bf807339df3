import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { validateXML } from 'xmllint-wasm';
import type { SharingSet } from '../../../src/model/types.js';
import { validateApiName } from '../../../src/source/apiName.js';
import {
  decodeUtf8,
  parseSharingSetXml,
  serializeSharingSet,
  SharingSetFileError,
} from '../../../src/source/sharingSetXml.js';
import { pluginRoot } from '../../helpers/e2e.js';

const xsd = readFileSync(join(pluginRoot, 'test', 'fixtures', 'xml', 'sharingset.xsd'), 'utf8');

/** Validates with libxml2 (xmllint compiled to WebAssembly) against the WSDL's SharingSet type. */
async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'set.xml', contents: xml }],
    schema: [{ fileName: 'sharingset.xsd', contents: xsd }],
  });
  return result.errors.map((error) => error.rawMessage);
}

function parse(xml: string, fullName = 'Test_Set'): SharingSet {
  return parseSharingSetXml(xml, 'sharingSets/Test_Set.sharingSet-meta.xml', fullName);
}

function failure(xml: string): SharingSetFileError {
  try {
    parse(xml);
  } catch (error) {
    if (error instanceof SharingSetFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

const wrap = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}\n</SharingSet>\n`;

const mapping = (object = 'Case', objectField = 'Account', userField = 'Account', accessLevel = 'Read'): string =>
  `    <accessMappings>\n        <accessLevel>${accessLevel}</accessLevel>\n        <object>${object}</object>\n        <objectField>${objectField}</objectField>\n        <userField>${userField}</userField>\n    </accessMappings>`;

/**
 * Samples: docs/salesforce-facts.md §2 (paths seen in retrieved files) and the Metadata API Developer Guide's SharingSet example
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sharingset.htm): a set with an
 * Account mapping by Id and a Case mapping by Account, for a customer community profile.
 */
const samples: SharingSet[] = [
  {
    fullName: 'Share_cases_with_users',
    label: 'Share cases with users',
    description: 'Sharing set from the Metadata API documentation',
    profiles: ['customer community user', 'Customer Community Plus User'],
    accessMappings: [
      { accessLevel: 'Edit', object: 'Account', objectField: 'Id', userField: 'Account' },
      { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
    ],
  },
  {
    fullName: 'Paths',
    label: 'Every path form in docs/salesforce-facts.md',
    profiles: ['Partner Community User'],
    accessMappings: [
      { accessLevel: 'Read', object: 'Contact', objectField: 'ReportsTo', userField: 'Contact' },
      { accessLevel: 'Read', object: 'Case', objectField: 'Entitlement.Account', userField: 'Contact.RelatedAccount' },
      { accessLevel: 'Read', object: 'Case', objectField: 'Owner.Account', userField: 'Manager.Account' },
      { accessLevel: 'Read', object: 'Invoice__c', objectField: 'AccountLookup__c', userField: 'Account' },
      {
        accessLevel: 'Edit',
        object: 'Invoice__c',
        objectField: 'Original_Deal__c.Account',
        userField: 'Manager.Contact',
      },
      { accessLevel: 'Read', object: 'Contact', objectField: 'Id', userField: 'Contact' },
    ],
  },
  {
    fullName: 'Special_Characters',
    label: 'Quotes "and" \'apostrophes\' <tags> & ampersands',
    description: 'A description with <&> and "quotes" and \'apostrophes\'',
    profiles: ['O\'Brien "VIP" Partners & Co <EU>'],
    accessMappings: [],
  },
  { fullName: 'Minimal', label: 'Only a name', profiles: [], accessMappings: [] },
];

describe('sharing-set XML', () => {
  describe('writing', () => {
    for (const sample of samples) {
      it(`writes ${sample.fullName} in XSD order, valid against the WSDL's SharingSet type, and reads it back`, async () => {
        const xml = serializeSharingSet(sample);
        expect(await xsdErrors(xml)).to.deep.equal([]);
        const { location, ...back } = parse(xml, sample.fullName);
        expect(location?.mappingLines).to.have.length(sample.accessMappings.length);
        expect(back).to.deep.equal(sample);
      });
    }

    it('escapes the XML special characters', () => {
      const xml = serializeSharingSet(samples[2]);
      expect(xml).to.contain(
        '<name>Quotes &quot;and&quot; &apos;apostrophes&apos; &lt;tags&gt; &amp; ampersands</name>'
      );
      expect(xml).to.contain('<profiles>O&apos;Brien &quot;VIP&quot; Partners &amp; Co &lt;EU&gt;</profiles>');
    });

    it('uses the layout of retrieved files', () => {
      expect(serializeSharingSet(samples[3])).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
          '    <name>Only a name</name>\n</SharingSet>\n'
      );
    });

    it('the validator does reject what the XSD forbids (so the checks above can fail)', async () => {
      expect(await xsdErrors(wrap('    <label>x</label>\n    <name>x</name>'))).to.not.deep.equal([]);
      expect(await xsdErrors(wrap('    <name>x</name>\n' + mapping()))).to.not.deep.equal([]);
    });
  });

  describe('reading', () => {
    it('accepts elements in any order and keeps the meaning', () => {
      const set = parse(wrap(`    <profiles>Customer Community User</profiles>\n    <name>Label</name>\n${mapping()}`));
      expect(set).to.deep.include({ label: 'Label', profiles: ['Customer Community User'] });
      expect(set.accessMappings).to.deep.equal([
        { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
      ]);
    });

    it('records the line of the set, of each mapping and of each profile', () => {
      const set = parse(
        wrap(`${mapping()}\n${mapping('Case', 'Contact', 'Contact')}\n    <name>x</name>\n    <profiles>A</profiles>`)
      );
      expect(set.location).to.deep.equal({
        file: 'sharingSets/Test_Set.sharingSet-meta.xml',
        line: 2,
        mappingLines: [3, 9],
        profileLines: [16],
      });
    });

    const rejected: Array<[string, string, RegExp, RegExp]> = [
      ['malformed XML', wrap('    <name>x</nam>'), /malformed/, /Fix the XML syntax/],
      [
        'an unknown <label>',
        wrap('    <label>x</label>\n    <name>x</name>'),
        /<label> is not an element/,
        /goes in <name>/,
      ],
      [
        '<permissionSets>',
        wrap('    <name>x</name>\n    <permissionSets>P</permissionSets>'),
        /<permissionSets>/,
        /profiles only/,
      ],
      [
        'a <profiles><profile> wrapper',
        wrap('    <name>x</name>\n    <profiles><profile>A</profile></profiles>'),
        /holds elements/,
        /one element per profile/,
      ],
      ['a missing name', wrap(mapping()), /no <name>/, /Add <name>/],
      [
        'a mapping without userField',
        wrap(
          '    <name>x</name>\n    <accessMappings><accessLevel>Read</accessLevel><object>Case</object><objectField>Account</objectField></accessMappings>'
        ),
        /no <userField>/,
        /needs accessLevel/,
      ],
      [
        'accessLevel All',
        wrap(`${mapping('Case', 'Account', 'Account', 'All')}\n    <name>x</name>`),
        /accessLevel is "All"/,
        /Read or Edit/,
      ],
      [
        'a 256-character description',
        wrap(`    <description>${'d'.repeat(256)}</description>\n    <name>x</name>`),
        /256 characters/,
        /at most 255/,
      ],
      [
        'duplicate mappings',
        wrap(`${mapping()}\n${mapping('case', 'account', 'account', 'Edit')}\n    <name>x</name>`),
        /appears twice/,
        /Keep one/,
      ],
      [
        'duplicate profiles (case-insensitive)',
        wrap('    <name>x</name>\n    <profiles>A b</profiles>\n    <profiles>a B</profiles>'),
        /listed twice/,
        /Keep one/,
      ],
      [
        'another root element',
        '<?xml version="1.0"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"/>',
        /not <SharingSet>/,
        /one <SharingSet> root/,
      ],
      ['no namespace', '<SharingSet><name>x</name></SharingSet>', /namespace/, /xmlns=/],
    ];
    for (const [what, xml, problem, fix] of rejected) {
      it(`rejects ${what}, naming the line and the fix`, () => {
        const error = failure(xml);
        expect(error.problem).to.match(problem);
        expect(error.fix).to.match(fix);
        expect(error.line).to.be.a('number').and.to.be.at.least(1);
        expect(error.message).to.match(/^sharingSets\/Test_Set\.sharingSet-meta\.xml:\d+: /);
      });
    }

    it('points at the offending line', () => {
      expect(failure(wrap('    <name>x</name>\n\n    <label>y</label>')).line).to.equal(5);
    });

    it('rejects a billion-laughs file quickly, without expanding anything', () => {
      const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
        '\n'
      );
      const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata"><name>&lol10;</name></SharingSet>`;
      const started = process.hrtime.bigint();
      expect(failure(xml).problem).to.match(/declares a DOCTYPE/);
      expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(1000);
    });

    it('rejects a 10 MB file and a 10,000-deep file', () => {
      expect(failure(wrap(`    <name>${'x'.repeat(10 * 1024 * 1024)}</name>`)).problem).to.match(/larger than/);
      const deep = `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`;
      expect(failure(wrap(`    <name>x</name>\n${deep}`)).problem).to.match(/nested more than \d+ levels deep/);
    });

    it('rejects invalid UTF-8 with a clear message', () => {
      expect(() => decodeUtf8(Uint8Array.from([0x3c, 0xff, 0xfe, 0x3e]), 'bad.xml')).to.throw(/not valid UTF-8/);
      expect(decodeUtf8(new TextEncoder().encode('<é/>'), 'good.xml')).to.equal('<é/>');
    });
  });

  describe('API names', () => {
    for (const [name, problem] of [
      ['../etc/x', /start with a letter/],
      ['etc/../x', /only letters, digits and underscores/],
      ['a__b', /two underscores/],
      ['a'.repeat(81), /81 characters/],
      ['Trailing_', /end with an underscore/],
      ['1Leading', /start with a letter/],
      ['', /empty/],
      ['Has Space', /only letters/],
    ] as Array<[string, RegExp]>) {
      it(`refuses ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}… (${name.length})` : name)}`, () => {
        expect(validateApiName(name)).to.match(problem);
      });
    }

    it('accepts valid names up to 80 characters', () => {
      for (const name of ['Case_Sharing', 'a', 'A1_b2_C3', 'x'.repeat(80)])
        expect(validateApiName(name)).to.equal(undefined);
    });
  });
});

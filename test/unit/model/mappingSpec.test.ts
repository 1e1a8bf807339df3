import { expect } from 'chai';
import { parseMappingSpec } from '../../../src/model/mappingSpec.js';

describe('parseMappingSpec', () => {
  it('reads object, multi-segment objectField, userField and access', () => {
    expect(parseMappingSpec('Case.Entitlement.Account=Account:Edit')).to.deep.equal({
      mapping: { accessLevel: 'Edit', object: 'Case', objectField: 'Entitlement.Account', userField: 'Account' },
    });
  });

  it('defaults access to Read and accepts any case for it', () => {
    expect(parseMappingSpec('Case.Account=Account')).to.deep.include({
      mapping: { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
    });
    expect(parseMappingSpec('Case.Contact=Contact:edit')).to.deep.include({
      mapping: { accessLevel: 'Edit', object: 'Case', objectField: 'Contact', userField: 'Contact' },
    });
  });

  it('keeps custom fields and dotted user fields', () => {
    expect(parseMappingSpec('Invoice__c.Original_Deal__c.Account=Contact.RelatedAccount')).to.deep.equal({
      mapping: {
        accessLevel: 'Read',
        object: 'Invoice__c',
        objectField: 'Original_Deal__c.Account',
        userField: 'Contact.RelatedAccount',
      },
    });
  });

  for (const [text, pattern] of [
    ['Case', /exactly one "="/],
    ['Case.Account=Account=Account', /exactly one "="/],
    ['Case=Account', /name the object and its field/],
    ['.Account=Account', /name the object and its field/],
    ['Case.Account=', /name the user field/],
    ['Case.Account=Account:Write', /access must be Read or Edit, not "Write"/],
    ['Case.Account=Account:Read:Edit', /only one ":"/],
    ["Case.Acc'ount=Account", /"Acc'ount" is not an API name/],
    ['Case.Account=../etc', /is not an API name/],
  ] as Array<[string, RegExp]>) {
    it(`explains what is wrong with ${JSON.stringify(text)}`, () => {
      const result = parseMappingSpec(text);
      expect(result).to.have.property('problem').that.matches(pattern);
    });
  }
});

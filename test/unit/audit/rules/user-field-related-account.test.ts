import { expect } from 'chai';
import { mapping } from '../snapshotBuilder.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'user-field-related-account';

describe(RULE, () => {
  it('fires on Contact.RelatedAccount', () => {
    const finding = only(RULE, addMapping(mapping('Case', 'Account', 'Contact.RelatedAccount')));
    expect(finding).to.deep.include({
      messageId: 'relatedAccount',
      target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Case' },
      severity: 'info',
      confidence: 'high',
    });
    expect(finding.data).to.include({ set: 'Customer_Access', object: 'Case' });
  });

  it('fires whatever the case and spacing of Contact.RelatedAccount', () => {
    for (const userField of [' contact.relatedaccount ', 'Contact . RelatedAccount']) {
      expect(only(RULE, addMapping(mapping('Case', 'Account', userField))).messageId).to.equal('relatedAccount');
    }
  });

  for (const userField of ['Contact', 'Contact.Account', 'Account', 'Account.Parent']) {
    it(`is silent on userField ${userField}`, () => {
      expect(reported(RULE, addMapping(mapping('Case', 'Account', userField)))).to.deep.equal([]);
    });
  }
});

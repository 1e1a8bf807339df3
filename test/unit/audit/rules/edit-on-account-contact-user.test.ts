import { expect } from 'chai';
import { mapping } from '../snapshotBuilder.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'edit-on-account-contact-user';

describe(RULE, () => {
  it('fires on Edit on Account or User, whatever the case of the object', () => {
    const findings = reported(
      RULE,
      addMapping(mapping('Account', 'Id', 'Account', 'Edit'), mapping('user', 'Contact', 'Contact', 'Edit'))
    );
    expect(findings.map(({ messageId, target }) => ({ messageId, target }))).to.deep.equal([
      { messageId: 'editSensitive', target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Account' } },
      { messageId: 'editSensitive', target: { sharingSet: 'Customer_Access', mappingIndex: 6, object: 'user' } },
    ]);
    expect(findings[0]).to.deep.include({ severity: 'warning', confidence: 'medium' });
    expect(findings[0].data).to.include({ set: 'Customer_Access', object: 'Account' });
  });

  it('fires on Edit on Contact', () => {
    expect(only(RULE, addMapping(mapping('Contact', 'Account', 'Account', 'Edit'))).target.object).to.equal('Contact');
  });

  it('is silent on Read on Account', () => {
    expect(reported(RULE, addMapping(mapping('Account', 'Id', 'Account', 'Read')))).to.deep.equal([]);
  });

  it('is silent on Edit on Case', () => {
    expect(reported(RULE, addMapping(mapping('Case', 'Account', 'Account', 'Edit')))).to.deep.equal([]);
  });
});

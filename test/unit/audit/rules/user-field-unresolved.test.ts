import { expect } from 'chai';
import { mapping } from '../snapshotBuilder.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'user-field-unresolved';

describe(RULE, () => {
  it('fires on an undocumented userField', () => {
    const finding = only(RULE, addMapping(mapping('Case', 'Account', 'Owner')));
    expect(finding).to.deep.include({
      messageId: 'invalid',
      target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Case' },
      severity: 'error',
      confidence: 'high',
    });
    expect(finding.data.detail).to.be.a('string').and.not.equal('');
  });

  it('fires on Account.<Field> that is not a lookup to Account or Contact', () => {
    const finding = only(RULE, addMapping(mapping('Case', 'Account', 'Account.Name')));
    expect(finding.messageId).to.equal('invalid');
    expect(finding.data.detail).to.contain('Account.Name is a string field');
  });

  it('suggests the Account field a misspelt Account.<Field> most likely meant', () => {
    const finding = only(RULE, addMapping(mapping('Case', 'Account', 'Account.Parnt')));
    expect(finding.messageId).to.equal('invalidDidYouMean');
    expect(finding.data.meant).to.equal('Parent');
  });

  it("without an org, a field missing from the Account's partly known fields is not confirmed, low", () => {
    const snapshot = addMapping(mapping('Case', 'Account', 'Account.Region_Owner__c'));
    snapshot.objects = { ...snapshot.objects, Account: { ...snapshot.objects.Account, fieldsPartial: true } };
    expect(only(RULE, snapshot)).to.deep.include({ messageId: 'notConfirmed', confidence: 'low' });
  });

  it('is silent on a valid Account.<Field> and when Account fields are not known', () => {
    expect(reported(RULE, addMapping(mapping('Case', 'Account', 'Account.Parent')))).to.deep.equal([]);
    const snapshot = addMapping(mapping('Case', 'Account', 'Account.Anything__c'));
    snapshot.objects = { ...snapshot.objects, Account: { name: 'Account' } };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

/* eslint-disable camelcase -- custom object API names are not camelCase */
import { expect } from 'chai';
import { inOrgSpelling } from '../../../src/analysis/spelling.js';
import { goodSnapshot, mapping, sharingSet } from '../audit/snapshotBuilder.js';

describe('inOrgSpelling', () => {
  const snapshot = goodSnapshot();

  it('writes profiles, objects and every path segment as the org spells them when only the case differs', () => {
    const typed = sharingSet(
      'Mine',
      ['customer community USER', 'Standard User'],
      [
        mapping('case', 'entitlement.account', 'account'),
        mapping('invoice__C', 'account_lookup__R', 'CONTACT', 'Edit'),
        mapping('account', 'id', 'Account'),
        mapping('Case', 'accountid', 'contact.account'),
      ]
    );
    const respelled = inOrgSpelling(snapshot, typed);
    expect(respelled.profiles).to.deep.equal(['Customer Community User', 'Standard User']);
    expect(respelled.accessMappings).to.deep.equal([
      mapping('Case', 'Entitlement.Account', 'Account'),
      mapping('Invoice__c', 'Account_Lookup__r', 'Contact', 'Edit'),
      mapping('Account', 'Id', 'Account'),
      mapping('Case', 'AccountId', 'Contact.Account'),
    ]);
    expect(respelled.fullName).to.equal('Mine');
  });

  it('leaves what the org does not know, or knows in another form, as written', () => {
    const typed = sharingSet(
      'Mine',
      ['No Such Profile'],
      [mapping('Nope__c', 'whatever', 'account'), mapping('Case', 'acount', 'Account')]
    );
    const respelled = inOrgSpelling(snapshot, typed);
    expect(respelled.profiles).to.deep.equal(['No Such Profile']);
    expect(respelled.accessMappings).to.deep.equal([
      mapping('Nope__c', 'whatever', 'Account'),
      mapping('Case', 'acount', 'Account'),
    ]);
  });
});

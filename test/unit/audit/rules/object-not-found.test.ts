import { expect } from 'chai';
import { mapping } from '../snapshotBuilder.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'object-not-found';

describe(RULE, () => {
  it('fires on a mapped object the org lacks', () => {
    expect(only(RULE, addMapping(mapping('Invoyce__c', 'Account_Lookup__c', 'Account')))).to.deep.equal({
      messageId: 'notFound',
      data: {
        set: 'Customer_Access',
        mapping: 'Sharing set "Customer_Access", mapping 6 (Invoyce__c.Account_Lookup__c = user\'s Account, Read)',
        object: 'Invoyce__c',
      },
      target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Invoyce__c' },
      severity: 'error',
      confidence: 'high',
    });
  });

  it('is silent when objects were only partly read', () => {
    const snapshot = addMapping(mapping('Invoyce__c', 'Account_Lookup__c', 'Account'));
    expect(reported(RULE, { ...snapshot, coverage: { ...snapshot.coverage, objects: 'partial' } })).to.deep.equal([]);
  });

  it('is silent on a mapped object that exists, with every object read', () => {
    const snapshot = addMapping(mapping('Invoice__c', 'Account_Lookup__c', 'Account'));
    expect(snapshot.coverage.objects).to.equal('complete');
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { mapping } from '../snapshotBuilder.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'object-not-found';

describe(RULE, () => {
  it('fires on a mapped object the org lacks, suggesting the object a typo meant', () => {
    expect(only(RULE, addMapping(mapping('Invoyce__c', 'Account_Lookup__c', 'Account')))).to.deep.equal({
      messageId: 'notFoundDidYouMean',
      data: {
        set: 'Customer_Access',
        mapping: 'Sharing set "Customer_Access", mapping 6 (Invoyce__c.Account_Lookup__c = user\'s Account, Read)',
        object: 'Invoyce__c',
        meant: 'Invoice__c',
      },
      target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Invoyce__c' },
      severity: 'error',
      confidence: 'high',
    });
  });

  it('fires without a suggestion when no object is close', () => {
    expect(only(RULE, addMapping(mapping('Shipment__c', 'Account_Lookup__c', 'Account')))).to.deep.include({
      messageId: 'notFound',
      data: {
        set: 'Customer_Access',
        mapping: 'Sharing set "Customer_Access", mapping 6 (Shipment__c.Account_Lookup__c = user\'s Account, Read)',
        object: 'Shipment__c',
      },
    });
  });

  it('suggests from every object of the org when they were read (objectNames), not only the mapped ones', () => {
    const snapshot = { ...addMapping(mapping('Acount__c', 'Account_Lookup__c', 'Account')), objectNames: ['Account__c'] };
    expect(only(RULE, snapshot)).to.deep.include({ messageId: 'notFoundDidYouMean' });
    expect(only(RULE, snapshot).data.meant).to.equal('Account__c');
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

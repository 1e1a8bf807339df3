import { expect } from 'chai';
import { field, INVOICE, mapping, WIDGET } from '../snapshotBuilder.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'object-not-supported';

describe(RULE, () => {
  it('fires on a custom object without Account or Contact lookup, with medium confidence', () => {
    const finding = only(RULE, addMapping(mapping('widget__c', 'Opportunity__c.Account', 'Account')));
    expect(finding).to.deep.include({
      messageId: 'noLookup',
      target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'widget__c' },
      severity: 'warning',
      confidence: 'medium',
    });
    // The object as the org spells it, next to the mapping's spelling.
    expect(finding.data).to.include({ object: 'widget__c', customObject: 'Widget__c' });
  });

  it('is silent on a standard object without a direct lookup (Salesforce offers some, e.g. Campaign)', () => {
    const snapshot = addMapping(mapping('Campaign', 'Owner.Account', 'Account'));
    snapshot.objects = {
      ...snapshot.objects,
      Campaign: { name: 'Campaign', fields: [field('OwnerId', ['User'], 'Owner')] },
    };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('is silent on a project alone, which may hold an object without the field files of its lookups', () => {
    const snapshot = addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'));
    expect(reported(RULE, { ...snapshot, coverage: { ...snapshot.coverage, objects: 'partial' } })).to.deep.equal([]);
  });

  it('is silent when the fields are not known', () => {
    const snapshot = addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'));
    snapshot.objects = { ...snapshot.objects, [WIDGET]: { name: WIDGET } };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('is silent on a mapped object with a lookup to Account, its fields known', () => {
    const snapshot = addMapping(mapping('Invoice__c', 'Account_Lookup__c', 'Account'));
    expect(snapshot.objects[INVOICE].fields).to.not.equal(undefined);
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('is silent once the same object gets a lookup to Contact', () => {
    const snapshot = addMapping(mapping('Widget__c', 'Contact__c', 'Contact'));
    const widget = snapshot.objects[WIDGET];
    snapshot.objects = {
      ...snapshot.objects,
      [WIDGET]: { ...widget, fields: [...(widget.fields ?? []), field('Contact__c', ['contact'], 'Contact__r')] },
    };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

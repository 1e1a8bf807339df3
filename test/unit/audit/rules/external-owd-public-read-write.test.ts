import { expect } from 'chai';
import { goodSnapshot, INVOICE } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'external-owd-public-read-write';

describe(RULE, () => {
  for (const model of ['ReadWrite', 'ReadWriteTransfer', 'FullAccess', 'readwrite']) {
    it(`fires when the external default is ${model}`, () => {
      const snapshot = goodSnapshot();
      snapshot.objects[INVOICE] = { ...snapshot.objects[INVOICE], externalSharingModel: model };
      const finding = only(RULE, snapshot);
      expect(finding).to.deep.include({
        messageId: 'alreadyEditable',
        target: { sharingSet: 'Customer_Access', mappingIndex: 3, object: 'Invoice__c' },
        severity: 'warning',
        confidence: 'high',
      });
      expect(finding.data).to.include({ object: 'Invoice__c', model });
    });
  }

  it('is silent when the external default is unknown, Private, Read or ControlledByParent', () => {
    const snapshot = goodSnapshot();
    snapshot.objects[INVOICE] = { name: 'Invoice__c', fields: snapshot.objects[INVOICE].fields };
    snapshot.objects.Contact = { ...snapshot.objects.Contact, externalSharingModel: 'ControlledByParent' };
    snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Read' };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

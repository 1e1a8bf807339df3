import { expect } from 'chai';
import { goodSnapshot, withSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'external-owd-public-read-redundant';

describe(RULE, () => {
  it('fires on a Read mapping when the external default is Read', () => {
    const snapshot = goodSnapshot();
    snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Read' };
    const finding = only(RULE, snapshot);
    // The Read mapping on Case, not the Edit one.
    expect(finding).to.deep.include({
      messageId: 'alreadyReadable',
      target: { sharingSet: 'Customer_Access', mappingIndex: 1, object: 'Case' },
      severity: 'info',
      confidence: 'high',
    });
    expect(finding.data).to.include({ set: 'Customer_Access', object: 'Case' });
  });

  it('is silent on an Edit mapping when the external default is Read (Edit adds write access)', () => {
    const snapshot = withSet((set) => ({
      ...set,
      accessMappings: set.accessMappings.map((m) => (m.object === 'Case' ? { ...m, accessLevel: 'Edit' } : m)),
    }));
    snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Read' };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('is silent on a Read mapping when the external default is Private', () => {
    const snapshot = goodSnapshot();
    snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Private' };
    expect(snapshot.sharingSets[0].accessMappings[1]).to.include({ object: 'Case', accessLevel: 'Read' });
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

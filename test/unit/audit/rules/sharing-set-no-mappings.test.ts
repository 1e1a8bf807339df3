import { expect } from 'chai';
import { mapping, withSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'sharing-set-no-mappings';

describe(RULE, () => {
  it('fires on a set without access mappings', () => {
    expect(
      only(
        RULE,
        withSet((set) => ({ ...set, accessMappings: [] }))
      )
    ).to.deep.equal({
      messageId: 'noMappings',
      data: { set: 'Customer_Access' },
      target: { sharingSet: 'Customer_Access' },
      severity: 'warning',
      confidence: 'high',
    });
  });

  it('is silent on a set with one access mapping', () => {
    expect(
      reported(
        RULE,
        withSet((set) => ({ ...set, accessMappings: [mapping('Case', 'Account', 'Account')] }))
      )
    ).to.deep.equal([]);
  });
});

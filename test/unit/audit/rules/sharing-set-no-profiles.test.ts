import { expect } from 'chai';
import { CUSTOMER, withSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'sharing-set-no-profiles';

describe(RULE, () => {
  it('fires on a set without profiles', () => {
    expect(
      only(
        RULE,
        withSet((set) => ({ ...set, profiles: [] }))
      )
    ).to.deep.equal({
      messageId: 'noProfiles',
      data: { set: 'Customer_Access' },
      target: { sharingSet: 'Customer_Access' },
      severity: 'warning',
      confidence: 'high',
    });
  });

  it('fires on a set whose only profile entries are blank (a blank name is no profile)', () => {
    for (const profiles of [[''], ['', '  ']]) {
      expect(
        only(
          RULE,
          withSet((set) => ({ ...set, profiles }))
        ).messageId
      ).to.equal('noProfiles');
    }
  });

  it('is silent on a set with one profile, even next to a blank entry', () => {
    for (const profiles of [[CUSTOMER.name], ['', CUSTOMER.name]]) {
      expect(
        reported(
          RULE,
          withSet((set) => ({ ...set, profiles }))
        )
      ).to.deep.equal([]);
    }
  });
});

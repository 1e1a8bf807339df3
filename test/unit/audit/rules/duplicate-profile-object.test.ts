import { expect } from 'chai';
import { mapping, sharingSet, withExtraSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'duplicate-profile-object';

describe(RULE, () => {
  it('fires when the same profile and object are in two sets, as a medium-confidence warning', () => {
    const snapshot = withExtraSet(
      sharingSet('Another_Set', ['CUSTOMER COMMUNITY USER'], [mapping('Case', 'Contact', 'Contact')])
    );
    // Reported on every set but the first in code-unit order ("Another_Set" < "Customer_Access").
    expect(only(RULE, snapshot)).to.deep.equal({
      messageId: 'duplicate',
      data: {
        profile: 'Customer Community User',
        object: 'Case',
        set: 'Customer_Access',
        others: '"Another_Set"',
      },
      target: { sharingSet: 'Customer_Access', profile: 'Customer Community User', object: 'Case' },
      severity: 'warning',
      confidence: 'medium',
    });
  });

  it('matches objects case-insensitively and lists every other set', () => {
    const snapshot = withExtraSet(
      sharingSet('Third_Set', ['Customer Community User'], [mapping('CASE', 'Contact', 'Contact')]),
      withExtraSet(sharingSet('Another_Set', ['Customer Community User'], [mapping('case', 'Contact', 'Contact')]))
    );
    expect(reported(RULE, snapshot).map(({ target, data }) => [target.sharingSet, data.others])).to.deep.equal([
      ['Customer_Access', '"Another_Set", "Third_Set"'],
      ['Third_Set', '"Another_Set", "Customer_Access"'],
    ]);
  });

  it('is silent for different profiles or objects', () => {
    const snapshot = withExtraSet(
      sharingSet('Another_Set', ['Customer Community User'], [mapping('Opportunity', 'Account', 'Account')])
    );
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { CUSTOMER, goodSnapshot } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'profile-no-active-users';

describe(RULE, () => {
  it('fires on a profile with zero active users', () => {
    const snapshot = goodSnapshot();
    snapshot.profiles = snapshot.profiles.map((p) => (p.name === CUSTOMER.name ? { ...p, activeUsers: 0 } : p));
    expect(only(RULE, snapshot)).to.deep.equal({
      messageId: 'noActiveUsers',
      data: { set: 'Customer_Access', profile: 'Customer Community User' },
      target: { sharingSet: 'Customer_Access', profile: 'Customer Community User' },
      severity: 'info',
      confidence: 'high',
    });
  });

  it('is silent when active users were not counted', () => {
    const snapshot = goodSnapshot();
    snapshot.profiles = snapshot.profiles.map((p) => ({ ...p, activeUsers: 0 }));
    snapshot.coverage = { ...snapshot.coverage, activeUsers: false };
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('is silent on a profile with one active user when active users were counted', () => {
    const snapshot = goodSnapshot();
    snapshot.profiles = snapshot.profiles.map((p) => (p.name === CUSTOMER.name ? { ...p, activeUsers: 1 } : p));
    expect(snapshot.coverage.activeUsers).to.equal(true);
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

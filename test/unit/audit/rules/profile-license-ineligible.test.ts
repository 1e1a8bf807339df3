import { expect } from 'chai';
import { withSet } from '../snapshotBuilder.js';
import { addProfile, reported } from '../ruleHarness.js';

const RULE = 'profile-license-ineligible';

describe(RULE, () => {
  it('fires on internal and guest profiles, with the classification as the reason', () => {
    const findings = reported(
      RULE,
      withSet((set) => ({ ...set, profiles: [...set.profiles, 'Standard User', 'Site Guest User'] }))
    );
    expect(findings.map(({ messageId, target }) => ({ messageId, target }))).to.deep.equal([
      { messageId: 'ineligible', target: { sharingSet: 'Customer_Access', profile: 'Site Guest User' } },
      { messageId: 'ineligible', target: { sharingSet: 'Customer_Access', profile: 'Standard User' } },
    ]);
    expect(findings[0].data).to.include({ set: 'Customer_Access', profile: 'Site Guest User' });
    expect(findings[0].data.reason).to.contain('Profile "Site Guest User" is a guest user profile');
    expect(findings[1].data.reason).to.contain('internal users');
    expect(findings.map((finding) => [finding.severity, finding.confidence])).to.deep.equal([
      ['error', 'high'],
      ['error', 'high'],
    ]);
  });

  it('is silent on eligible, unknown and missing profiles', () => {
    expect(reported(RULE, addProfile('Exotic User'))).to.deep.equal([]);
    expect(reported(RULE, addProfile('Not There'))).to.deep.equal([]);
  });
});

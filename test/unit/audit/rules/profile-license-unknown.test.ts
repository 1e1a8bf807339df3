import { expect } from 'chai';
import { EXOTIC } from '../snapshotBuilder.js';
import { addProfile, only, reported } from '../ruleHarness.js';

const RULE = 'profile-license-unknown';

describe(RULE, () => {
  it('fires on an unrecognised license with low confidence', () => {
    const finding = only(RULE, addProfile(EXOTIC.name));
    expect(finding).to.deep.include({
      messageId: 'unknownLicense',
      target: { sharingSet: 'Customer_Access', profile: 'Exotic User' },
      severity: 'warning',
      confidence: 'low',
    });
    expect(finding.data).to.include({ set: 'Customer_Access', profile: 'Exotic User' });
    expect(finding.data.reason).to.contain('"Galactic Portal" license');
  });

  it('is silent when the profile has no license data at all (merely unknown)', () => {
    const snapshot = addProfile('Bare Profile');
    snapshot.profiles = [...snapshot.profiles, { name: 'Bare Profile' }];
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

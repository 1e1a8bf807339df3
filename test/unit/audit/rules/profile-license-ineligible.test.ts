import { expect } from 'chai';
import type { Snapshot } from '../../../../src/model/types.js';
import { goodSnapshot, withSet } from '../snapshotBuilder.js';
import { addProfile, only, reported } from '../ruleHarness.js';

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

  /** A project read without an org: no profile files at all (coverage none) or some (partial). */
  const offline = (names: string[], coverage: 'none' | 'partial'): Snapshot =>
    withSet((set) => ({ ...set, profiles: names }), {
      ...goodSnapshot(),
      origin: { kind: 'source', sourceDir: '/project' },
      profiles: coverage === 'none' ? [] : goodSnapshot().profiles.filter((p) => p.name !== 'Standard User'),
      coverage: { profiles: coverage, objects: 'partial', activeUsers: false },
    });

  it('fires offline on a standard internal profile named but not held, by name, with medium confidence', () => {
    for (const coverage of ['none', 'partial'] as const) {
      const finding = only(RULE, offline(['Customer Community User', 'system administrator'], coverage));
      expect(finding).to.deep.include({
        messageId: 'standardInternal',
        target: { sharingSet: 'Customer_Access', profile: 'system administrator' },
        severity: 'error',
        confidence: 'medium',
      });
    }
  });

  it('is silent on a standard profile name when every profile of the org was read (its own data decides)', () => {
    const org = goodSnapshot();
    const renamed = withSet((set) => ({ ...set, profiles: ['Read Only'] }), org);
    expect(reported(RULE, renamed)).to.deep.equal([]);
  });

  it('is silent offline on names that are not standard internal profiles (guest profiles are per site)', () => {
    expect(reported(RULE, offline(['Site Guest', 'Customer Portal Manager'], 'none'))).to.deep.equal([]);
  });
});

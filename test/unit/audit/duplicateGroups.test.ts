import { expect } from 'chai';
import { OTHERS_SHOWN } from '../../../src/audit/rules/duplicate-profile-object.js';
import { goodSnapshot, mapping, sharingSet } from './snapshotBuilder.js';
import { reported } from './ruleHarness.js';

const RULE = 'duplicate-profile-object';

/** `count` copies of one set: same profile, same object. */
function copies(count: number): ReturnType<typeof goodSnapshot> {
  const base = goodSnapshot();
  const sets = Array.from({ length: count }, (_, index) =>
    sharingSet(`Copy_${String(index).padStart(5, '0')}`, ['Customer Community User'], [mapping('Case', 'Contact', 'Contact')])
  );
  return { ...base, sharingSets: [...base.sharingSets, ...sets] };
}

describe(`${RULE}: a group of duplicate sets gives output linear in its size`, () => {
  it(`names at most ${OTHERS_SHOWN} other sets per finding and counts the rest`, () => {
    const findings = reported(RULE, copies(40));
    expect(findings.length).to.be.greaterThan(30);
    for (const { data } of findings) {
      expect(String(data.others).match(/"/g)?.length ?? 0).to.be.at.most(OTHERS_SHOWN * 2);
      expect(String(data.others)).to.match(/ and \d+ more sets$/);
    }
  });

  it('a small group still lists every other set', () => {
    const findings = reported(RULE, copies(3));
    for (const { data } of findings) expect(String(data.others)).to.not.contain('more');
  });

  it('2,000 copies: the messages together stay linear (under 300 characters a finding)', () => {
    const findings = reported(RULE, copies(2000));
    const total = findings.reduce((sum, { data }) => sum + String(data.others).length, 0);
    expect(total / findings.length).to.be.below(300);
  });
});

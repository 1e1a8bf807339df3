import { expect } from 'chai';
import { runAudit } from '../../../../src/audit/engine.js';
import { applyBaseline } from '../../../../src/audit/baseline.js';
import { mapping, sharingSet, withExtraSet } from '../snapshotBuilder.js';
import { reported } from '../ruleHarness.js';

const RULE = 'duplicate-profile-object';

describe(RULE, () => {
  it('fires on each set of the pair, as a medium-confidence warning naming the other set', () => {
    const snapshot = withExtraSet(
      sharingSet('Another_Set', ['CUSTOMER COMMUNITY USER'], [mapping('Case', 'Contact', 'Contact')])
    );
    const findings = reported(RULE, snapshot);
    expect(
      findings.map(({ messageId, data, target, severity, confidence }) => ({
        messageId,
        data,
        target,
        severity,
        confidence,
      }))
    ).to.deep.equal([
      {
        messageId: 'duplicate',
        data: { profile: 'CUSTOMER COMMUNITY USER', object: 'Case', set: 'Another_Set', others: '"Customer_Access"' },
        target: { sharingSet: 'Another_Set', profile: 'CUSTOMER COMMUNITY USER', object: 'Case' },
        severity: 'warning',
        confidence: 'medium',
      },
      {
        messageId: 'duplicate',
        data: { profile: 'Customer Community User', object: 'Case', set: 'Customer_Access', others: '"Another_Set"' },
        target: { sharingSet: 'Customer_Access', profile: 'Customer Community User', object: 'Case' },
        severity: 'warning',
        confidence: 'medium',
      },
    ]);
  });

  it("does not depend on the sets' names: renaming the pair reports the same findings on the same sets", () => {
    const named = (other: string): string[] =>
      reported(
        RULE,
        withExtraSet(sharingSet(other, ['Customer Community User'], [mapping('Case', 'Contact', 'Contact')]))
      ).map(({ target }) => target.sharingSet ?? '');
    expect(named('AAA_First')).to.deep.equal(['AAA_First', 'Customer_Access']);
    expect(named('ZZZ_Last')).to.deep.equal(['Customer_Access', 'ZZZ_Last']);
  });

  it('matches objects case-insensitively and lists every other set', () => {
    const snapshot = withExtraSet(
      sharingSet('Third_Set', ['Customer Community User'], [mapping('CASE', 'Contact', 'Contact')]),
      withExtraSet(sharingSet('Another_Set', ['Customer Community User'], [mapping('case', 'Contact', 'Contact')]))
    );
    expect(reported(RULE, snapshot).map(({ target, data }) => [target.sharingSet, data.others])).to.deep.equal([
      ['Another_Set', '"Customer_Access", "Third_Set"'],
      ['Customer_Access', '"Another_Set", "Third_Set"'],
      ['Third_Set', '"Another_Set", "Customer_Access"'],
    ]);
  });

  it('gives each set its own fingerprint; a baseline accepting one side accepts the other', () => {
    const snapshot = withExtraSet(
      sharingSet('Another_Set', ['Customer Community User'], [mapping('Case', 'Contact', 'Contact')])
    );
    const findings = runAudit(snapshot, { rules: [RULE] }).findings;
    expect(new Set(findings.map((f) => f.fingerprint)).size).to.equal(2);
    // What versions before issue 14 reported: the finding on every set but the alphabetically first.
    const old = findings.find((f) => f.target.sharingSet === 'Customer_Access');
    const baseline = {
      version: 1,
      entries: [{ fingerprint: old?.fingerprint ?? '', ruleId: RULE, target: '', reason: 'accepted' }],
    };
    const outcome = applyBaseline(findings, baseline, '2026-01-01');
    expect(outcome.active).to.deep.equal([]);
    expect(outcome.suppressed.map((s) => s.finding.target.sharingSet)).to.deep.equal([
      'Another_Set',
      'Customer_Access',
    ]);
    expect(outcome.unused).to.deep.equal([]);
  });

  it('keeps a set added to an accepted group reported: the old baseline accepts only the pair it knew', () => {
    const pair = withExtraSet(
      sharingSet('Another_Set', ['Customer Community User'], [mapping('Case', 'Contact', 'Contact')])
    );
    const before = runAudit(pair, { rules: [RULE] }).findings;
    const old = before.find((f) => f.target.sharingSet === 'Customer_Access');
    const baseline = {
      version: 1,
      entries: [{ fingerprint: old?.fingerprint ?? '', ruleId: RULE, target: '', reason: 'accepted' }],
    };
    const grown = withExtraSet(
      sharingSet('Third_Set', ['Customer Community User'], [mapping('Case', 'Contact', 'Contact')]),
      pair
    );
    const outcome = applyBaseline(runAudit(grown, { rules: [RULE] }).findings, baseline, '2026-01-01');
    expect(outcome.active.map((f) => f.target.sharingSet)).to.deep.equal(['Third_Set']);
  });

  it('is silent for different profiles or objects', () => {
    const snapshot = withExtraSet(
      sharingSet('Another_Set', ['Customer Community User'], [mapping('Opportunity', 'Account', 'Account')])
    );
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });
});

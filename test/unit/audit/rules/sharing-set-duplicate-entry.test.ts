import { expect } from 'chai';
import { withSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';
import type { LayoutIssue } from '../../../../src/model/types.js';

const RULE = 'sharing-set-duplicate-entry';

function withLayout(...layout: LayoutIssue[]): ReturnType<typeof withSet> {
  return withSet((set) => ({ ...set, location: { file: 'a.sharingSet-meta.xml', line: 2, layout } }));
}

describe(RULE, () => {
  it('fires on an identical mapping written twice', () => {
    const issue: LayoutIssue = { kind: 'duplicate-mapping', element: 'accessMappings', line: 9, firstLine: 3, exact: true };
    expect(only(RULE, withLayout(issue))).to.deep.equal({
      messageId: 'exactMapping',
      data: { set: 'Customer_Access', line: 9, firstLine: 3 },
      target: { sharingSet: 'Customer_Access' },
      severity: 'warning',
      confidence: 'high',
    });
  });

  it('fires with its own message on a mapping repeated with another access level, and on profiles', () => {
    const ids = (issue: LayoutIssue): string => only(RULE, withLayout(issue)).messageId;
    expect(ids({ kind: 'duplicate-mapping', element: 'accessMappings', line: 9, firstLine: 3, exact: false })).to.equal(
      'conflictingMapping'
    );
    expect(ids({ kind: 'duplicate-profile', element: 'profiles', line: 9, firstLine: 8, exact: true })).to.equal('exactProfile');
    expect(ids({ kind: 'duplicate-profile', element: 'profiles', line: 9, firstLine: 8, exact: false })).to.equal('caseProfile');
  });

  it('is silent on a set without repeated entries', () => {
    expect(reported(RULE, withLayout({ kind: 'element-order', element: 'name', line: 3, firstLine: 2 }))).to.deep.equal([]);
  });
});

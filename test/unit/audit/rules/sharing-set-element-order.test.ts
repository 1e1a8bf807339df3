import { expect } from 'chai';
import { withSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';
import type { LayoutIssue } from '../../../../src/model/types.js';

const RULE = 'sharing-set-element-order';

function withLayout(...layout: LayoutIssue[]): ReturnType<typeof withSet> {
  return withSet((set) => ({ ...set, location: { file: 'a.sharingSet-meta.xml', line: 2, layout } }));
}

describe(RULE, () => {
  it('fires on an element out of XSD order, as a low-confidence warning (no source says a deploy rejects it)', () => {
    expect(only(RULE, withLayout({ kind: 'element-order', element: 'name', line: 3, firstLine: 2 }))).to.deep.equal({
      messageId: 'order',
      data: { set: 'Customer_Access', element: 'name', line: 3, firstLine: 2 },
      target: { sharingSet: 'Customer_Access' },
      severity: 'warning',
      confidence: 'low',
    });
  });

  it('is silent on a split section (its own rule) and on a set in order', () => {
    expect(reported(RULE, withLayout({ kind: 'split-section', element: 'profiles', line: 9, firstLine: 4 }))).to.deep.equal([]);
    expect(reported(RULE, withSet((set) => set))).to.deep.equal([]);
  });
});

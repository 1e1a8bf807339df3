import { expect } from 'chai';
import { withSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';
import type { LayoutIssue } from '../../../../src/model/types.js';

const RULE = 'sharing-set-split-section';

function withLayout(...layout: LayoutIssue[]): ReturnType<typeof withSet> {
  return withSet((set) => ({ ...set, location: { file: 'a.sharingSet-meta.xml', line: 2, layout } }));
}

describe(RULE, () => {
  it('fires on a split section, high confidence (Salesforce knowledge article 000383335)', () => {
    expect(only(RULE, withLayout({ kind: 'split-section', element: 'profiles', line: 12, firstLine: 9 }))).to.deep.equal({
      messageId: 'split',
      data: { set: 'Customer_Access', element: 'profiles', line: 12, firstLine: 9 },
      target: { sharingSet: 'Customer_Access' },
      severity: 'error',
      confidence: 'high',
    });
  });

  it('is silent on other layout issues and on sets without layout', () => {
    expect(reported(RULE, withLayout({ kind: 'element-order', element: 'name', line: 3, firstLine: 2 }))).to.deep.equal([]);
    expect(reported(RULE, withSet((set) => set))).to.deep.equal([]);
  });
});

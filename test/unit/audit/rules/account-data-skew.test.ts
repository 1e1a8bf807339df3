import { expect } from 'chai';
import { runAudit } from '../../../../src/audit/engine.js';
import { goodSnapshot } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'account-data-skew';

describe(RULE, () => {
  it('fires on more than 10,000 children under one parent, naming the sets that map the object', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 12_345 }];
    expect(only(RULE, snapshot)).to.deep.equal({
      messageId: 'skewMapped',
      data: {
        count: '12,345',
        object: 'Case',
        field: 'AccountId',
        parent: '001A',
        threshold: '10,000',
        sets: '"Customer_Access"',
      },
      target: { object: 'Case' },
      severity: 'warning',
      confidence: 'high',
    });
  });

  it('fires at 10,001 children of an object no set maps, naming no set', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [{ object: 'Opportunity', field: 'AccountId', parentId: '001A', childCount: 10_001 }];
    expect(only(RULE, snapshot)).to.deep.include({
      messageId: 'skew',
      data: { count: '10,001', object: 'Opportunity', field: 'AccountId', parent: '001A', threshold: '10,000' },
    });
  });

  it('names the parent record by its Name as well as its Id, when the Name was read', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [
      { object: 'Case', field: 'AccountId', parentId: '001A', parentName: 'Burlington Textiles', childCount: 12_345 },
    ];
    const [finding] = runAudit(snapshot, { rules: [RULE], deep: true }).findings;
    expect(finding.message).to.contain('AccountId = 001A (Burlington Textiles),');
  });

  it('does not run without a deep read, and is silent without skew data', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 12_345 }];
    const shallow = runAudit(snapshot, { rules: [RULE] });
    expect(shallow.findings).to.deep.equal([]);
    expect(shallow.rulesSkipped).to.deep.equal([{ id: RULE, reason: 'needs-deep' }]);
    delete snapshot.skew;
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  for (const childCount of [10_000, 9000]) {
    it(`is silent at ${childCount.toLocaleString('en-US')} children (not more than 10,000)`, () => {
      const snapshot = goodSnapshot();
      snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount }];
      expect(reported(RULE, snapshot)).to.deep.equal([]);
    });
  }

  it('says what it could not count in a low-confidence note, next to the skew that was found', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 10_001 }];
    snapshot.skewNotChecked = [{ object: 'Contact', field: 'AccountId', reason: 'QUERY_TIMEOUT' }];
    const findings = reported(RULE, snapshot);
    expect(
      findings.map((f) => `${f.messageId} ${f.severity} ${f.confidence} ${f.target.object ?? ''}`)
    ).to.have.members(['skewMapped warning high Case', 'notChecked info low Contact']);
    expect(findings.find((f) => f.messageId === 'notChecked')?.data).to.deep.equal({
      object: 'Contact',
      field: 'AccountId',
      reason: 'QUERY_TIMEOUT',
    });
  });

  it('says a timed-out count as such, with the advice code for the CLI to word', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [];
    snapshot.skewNotChecked = [
      { object: 'Case', field: 'AccountId', reason: 'QUERY_TIMEOUT: too long', code: 'query-timeout' },
    ];
    expect(only(RULE, snapshot)).to.deep.include({
      messageId: 'notCheckedTimeout',
      data: { object: 'Case', field: 'AccountId', reason: 'QUERY_TIMEOUT: too long' },
      severity: 'info',
      confidence: 'low',
    });
    const advised = runAudit(snapshot, { deep: true, rules: [RULE], advise: (code) => ` <${code}>` }).findings;
    expect(advised[0].message).to.match(/cancelled the query for running too long .* <skew-query-timeout>$/);
  });

  it('says a lookup describe marks as not groupable, without advice', () => {
    const snapshot = goodSnapshot();
    snapshot.skew = [];
    snapshot.skewNotChecked = [{ object: 'Case', field: 'AccountId', reason: 'groupable: false', code: 'not-groupable' }];
    expect(only(RULE, snapshot)).to.deep.include({ messageId: 'notGroupable', severity: 'info', confidence: 'low' });
    const advised = runAudit(snapshot, { deep: true, rules: [RULE], advise: (code) => ` <${code}>` }).findings;
    expect(advised[0].message).to.include('cannot be grouped').and.not.include('<');
  });
});

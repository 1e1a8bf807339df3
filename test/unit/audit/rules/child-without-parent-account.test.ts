import { expect } from 'chai';
import type { Snapshot } from '../../../../src/model/types.js';
import { EXOTIC, mapping, sharingSet, STANDARD, withExtraSet } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';

const RULE = 'child-without-parent-account';

/** goodSnapshot() plus a set `Cases_Only` for `profiles` with `mappings`. */
function casesOnly(profiles: string[], ...mappings: Array<ReturnType<typeof mapping>>): Snapshot {
  return withExtraSet(sharingSet('Cases_Only', profiles, mappings));
}

describe(RULE, () => {
  it("fires when a profile gets Case through another account than the user's own, with no Account mapping", () => {
    const finding = only(RULE, casesOnly([EXOTIC.name], mapping('Case', 'Account', 'Manager.Account')));
    expect(finding).to.deep.include({
      messageId: 'oneProfile',
      target: { sharingSet: 'Cases_Only', mappingIndex: 0, object: 'Case' },
      severity: 'info',
      confidence: 'medium',
    });
    expect(finding.data).to.include({ userField: 'Manager.Account', profiles: '"Exotic User"', object: 'Case' });
  });

  it("is silent when records are matched on the user's own account (read by default)", () => {
    expect(reported(RULE, casesOnly([EXOTIC.name], mapping('Case', 'Account', ' account ')))).to.deep.equal([]);
  });

  it("is silent when the path reaches an account that is not the record's parent (Entitlement.Account)", () => {
    const snapshot = casesOnly([EXOTIC.name], mapping('Case', 'Entitlement.Account', 'Manager.Account'));
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('names every profile without Account access in one finding per mapping', () => {
    const snapshot = casesOnly(['Exotic User', 'Exotic User 2'], mapping('Case', 'Account', 'Contact.RelatedAccount'));
    snapshot.profiles = [...snapshot.profiles, { ...EXOTIC, name: 'Exotic User 2' }];
    expect(only(RULE, snapshot)).to.deep.include({ messageId: 'severalProfiles' });
    expect(only(RULE, snapshot).data).to.include({ profiles: '"Exotic User", "Exotic User 2"' });
  });

  it('is silent for profiles that already have their own errors (missing from the org, or ineligible)', () => {
    const snapshot = casesOnly([STANDARD.name, 'No Such Profile'], mapping('Case', 'Account', 'Manager.Account'));
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it("is not silenced by an Account mapping on another user field (the user's own account)", () => {
    const snapshot = casesOnly(
      [EXOTIC.name],
      mapping('Case', 'Account', 'Manager.Account'),
      mapping('Account', 'Id', 'Account')
    );
    expect(reported(RULE, snapshot).map((f) => f.target.mappingIndex)).to.deep.equal([0]);
  });

  it('is silent when the user field names a contact, not an account', () => {
    expect(reported(RULE, casesOnly([EXOTIC.name], mapping('Case', 'Account', 'Manager.Contact')))).to.deep.equal([]);
  });

  it('is silent once the same profile has an Account mapping on the same user field, in any case', () => {
    const snapshot = casesOnly(
      ['EXOTIC USER'],
      mapping('Case', 'Account', 'Manager.Account'),
      mapping('account', 'Id', 'manager.account')
    );
    expect(reported(RULE, snapshot)).to.deep.equal([]);
  });

  it('uses the plain Account form when fields are unknown, and is silent on other unknown paths', () => {
    const base = casesOnly(
      [EXOTIC.name],
      mapping('Case', 'Account', 'Manager.Account'),
      mapping('Case', 'Weird__c', 'Manager.Account')
    );
    const snapshot: Snapshot = { ...base, objects: { ...base.objects, Case: { name: 'Case' } } };
    expect(reported(RULE, snapshot).map((finding) => finding.target.mappingIndex)).to.deep.equal([0]);
  });

  it('is silent for mappings that end at Contact', () => {
    expect(reported(RULE, casesOnly([EXOTIC.name], mapping('Case', 'Contact', 'Manager.Contact')))).to.deep.equal([]);
  });
});

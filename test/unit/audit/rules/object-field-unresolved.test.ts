import { expect } from 'chai';
import { goodSnapshot, mapping } from '../snapshotBuilder.js';
import { runAudit } from '../../../../src/audit/engine.js';
import { addMapping, only, reported } from '../ruleHarness.js';

const RULE = 'object-field-unresolved';

describe(RULE, () => {
  it('fires on a non-lookup objectField, with high confidence (a schema fact read from describe)', () => {
    const finding = only(RULE, addMapping(mapping('Case', 'Subject', 'Account')));
    expect(finding).to.deep.include({
      messageId: 'invalid',
      target: { sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Case' },
      severity: 'error',
      confidence: 'high',
    });
    expect(finding.data.detail).to.contain('Case.Subject is a string field, not a lookup');
  });

  it('suggests the field a misspelt segment most likely meant', () => {
    const finding = only(RULE, addMapping(mapping('Case', 'Acount', 'Account')));
    expect(finding).to.deep.include({ messageId: 'invalidDidYouMean', severity: 'error', confidence: 'high' });
    expect(finding.data.meant).to.equal('Account');
    expect(finding.data.detail).to.contain('"Acount"');
  });

  it('reports path-syntax problems, known from samples only, with medium confidence', () => {
    expect(only(RULE, addMapping(mapping('Case', 'Id', 'Account')))).to.deep.include({
      messageId: 'invalid',
      confidence: 'medium',
    });
  });

  it('without an org, a field missing from a standard object (only partly known) is not confirmed, low', () => {
    const snapshot = goodSnapshot();
    const caseInfo = snapshot.objects.Case;
    const withoutContactId = caseInfo.fields?.filter((f) => f.name !== 'ContactId');
    snapshot.objects = { ...snapshot.objects, Case: { ...caseInfo, fields: withoutContactId, fieldsPartial: true } };
    const partly = reported(RULE, snapshot);
    expect(partly).to.have.length.greaterThan(0);
    for (const finding of partly) {
      expect(finding).to.deep.include({ messageId: 'notConfirmed', confidence: 'low' });
      expect(finding.data.detail).to.contain('could not be confirmed');
    }
    // The same schema read from an org (complete fields) is a certain, blocking error.
    snapshot.objects = { ...snapshot.objects, Case: { ...caseInfo, fields: withoutContactId } };
    const certain = reported(RULE, snapshot);
    expect(certain.map((finding) => [finding.messageId, finding.confidence])).to.deep.equal(
      partly.map(() => ['invalid', 'high'])
    );
  });

  it('reports the documented Entitlement.Case form as not confirmed (low), never as a blocking error', () => {
    expect(only(RULE, addMapping(mapping('Case', 'Entitlement.Case', 'Account')))).to.deep.include({
      messageId: 'notConfirmed',
      confidence: 'low',
    });
  });

  it('is silent on unknown fields and leaves a missing object to object-not-found', () => {
    const unknownFields = addMapping(mapping('Case', 'Whatever__c', 'Account'));
    unknownFields.objects = { ...unknownFields.objects, Case: { name: 'Case' } };
    expect(reported(RULE, unknownFields)).to.deep.equal([]);
    expect(reported(RULE, addMapping(mapping('Nope__c', 'Account', 'Account')))).to.deep.equal([]);
  });

  it('a field describe left out but FieldDefinition lists is not confirmed, medium, a warning; listed as field-hidden', () => {
    const snapshot = addMapping(mapping('Case', 'Entitlement.Account', 'Account'));
    const caseInfo = snapshot.objects.Case;
    snapshot.objects = {
      ...snapshot.objects,
      Case: {
        ...caseInfo,
        fields: caseInfo.fields?.filter((f) => f.name !== 'EntitlementId'),
        hiddenFields: [{ name: 'EntitlementId', relationshipName: 'Entitlement' }],
      },
    };
    const findings = reported(RULE, snapshot).filter((f) => f.target.mappingIndex === 5);
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({ messageId: 'notConfirmed', severity: 'warning', confidence: 'medium' });
    expect(findings[0].data.detail).to.contain('field-level security');
    const unverified = runAudit(snapshot, { rules: [RULE] }).unverified;
    expect(unverified.map((entry) => `${entry.kind} ${entry.name}: ${entry.reason}`)).to.include(
      'objectField Case.Entitlement.Account: field-hidden'
    );
  });
});

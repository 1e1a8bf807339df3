import { expect } from 'chai';
import type { Snapshot } from '../../../src/model/types.js';
import type { Finding } from '../../../src/audit/types.js';
import { runAudit } from '../../../src/audit/engine.js';
import { RULES } from '../../../src/audit/rules/index.js';
import {
  CUSTOMER,
  EXOTIC,
  INVOICE,
  WIDGET,
  goodSnapshot,
  mapping,
  sharingSet,
  withExtraSet,
  withSet,
} from './snapshotBuilder.js';

function findingsOf(ruleId: string, snapshot: Snapshot): Finding[] {
  return runAudit(snapshot, { rules: [ruleId], deep: true }).findings;
}

function only(ruleId: string, snapshot: Snapshot): Finding {
  const findings = findingsOf(ruleId, snapshot);
  expect(findings, JSON.stringify(findings, null, 2)).to.have.length(1);
  return findings[0];
}

function addMapping(...extra: Array<ReturnType<typeof mapping>>): Snapshot {
  return withSet((set) => ({ ...set, accessMappings: [...set.accessMappings, ...extra] }));
}

function addProfile(name: string): Snapshot {
  return withSet((set) => ({ ...set, profiles: [...set.profiles, name] }));
}

describe('audit rules', () => {
  it('are all silent on a correct configuration', () => {
    const result = runAudit(goodSnapshot(), { deep: true });
    expect(result.findings).to.deep.equal([]);
    expect(result.rulesRun).to.have.length(RULES.length);
  });

  describe('profile-not-found', () => {
    it('fires on a profile the org lacks', () => {
      const finding = only('profile-not-found', addProfile('Customr Community User'));
      expect(finding.severity).to.equal('error');
      expect(finding.message).to.equal(
        'Sharing set "Customer_Access" names profile "Customr Community User", which does not exist in the org.'
      );
      expect(finding.target).to.deep.equal({ sharingSet: 'Customer_Access', profile: 'Customr Community User' });
    });

    it('is a note, not an error, when only the project profiles were read', () => {
      const snapshot = addProfile('Org Only Profile');
      const finding = only('profile-not-found', {
        ...snapshot,
        coverage: { ...snapshot.coverage, profiles: 'partial' },
      });
      expect(finding.severity).to.equal('info');
      expect(finding.message).to.include('not in the project');
    });

    it('is silent when profiles were not read, and matches names case-insensitively', () => {
      const snapshot = addProfile('Missing');
      expect(
        findingsOf('profile-not-found', { ...snapshot, coverage: { ...snapshot.coverage, profiles: 'none' } })
      ).to.deep.equal([]);
      expect(findingsOf('profile-not-found', addProfile('CUSTOMER COMMUNITY USER'))).to.deep.equal([]);
    });
  });

  describe('profile-license-ineligible', () => {
    it('fires on internal and guest profiles', () => {
      const findings = findingsOf(
        'profile-license-ineligible',
        withSet((set) => ({ ...set, profiles: [...set.profiles, 'Standard User', 'Site Guest User'] }))
      );
      expect(findings.map((finding) => finding.target.profile)).to.deep.equal(['Site Guest User', 'Standard User']);
      expect(findings[0].message).to.include(
        'Sharing set "Customer_Access": Profile "Site Guest User" is a guest user profile'
      );
      expect(findings[1].message).to.include('internal users');
      expect(findings[1].severity).to.equal('error');
    });

    it('is silent on eligible, unknown and missing profiles', () => {
      expect(findingsOf('profile-license-ineligible', addProfile('Exotic User'))).to.deep.equal([]);
      expect(findingsOf('profile-license-ineligible', addProfile('Not There'))).to.deep.equal([]);
    });
  });

  describe('profile-license-unknown', () => {
    it('fires on an unrecognised license with low confidence', () => {
      const finding = only('profile-license-unknown', addProfile(EXOTIC.name));
      expect(finding.severity).to.equal('warning');
      expect(finding.confidence).to.equal('low');
      expect(finding.message).to.include('"Galactic Portal" license');
    });

    it('is silent when the profile has no license data at all (merely unknown)', () => {
      const snapshot = addProfile('Bare Profile');
      snapshot.profiles = [...snapshot.profiles, { name: 'Bare Profile' }];
      expect(findingsOf('profile-license-unknown', snapshot)).to.deep.equal([]);
    });
  });

  describe('profile-no-active-users', () => {
    it('fires on a profile with zero active users', () => {
      const snapshot = goodSnapshot();
      snapshot.profiles = snapshot.profiles.map((p) => (p.name === CUSTOMER.name ? { ...p, activeUsers: 0 } : p));
      expect(only('profile-no-active-users', snapshot).message).to.equal(
        'Sharing set "Customer_Access" names profile "Customer Community User", which has no active users.'
      );
    });

    it('is silent when active users were not counted', () => {
      const snapshot = goodSnapshot();
      snapshot.profiles = snapshot.profiles.map((p) => ({ ...p, activeUsers: 0 }));
      snapshot.coverage = { ...snapshot.coverage, activeUsers: false };
      expect(findingsOf('profile-no-active-users', snapshot)).to.deep.equal([]);
    });
  });

  describe('object-not-found', () => {
    it('fires on a mapped object the org lacks', () => {
      const finding = only('object-not-found', addMapping(mapping('Invoyce__c', 'Account_Lookup__c', 'Account')));
      expect(finding.target).to.deep.equal({ sharingSet: 'Customer_Access', mappingIndex: 5, object: 'Invoyce__c' });
      expect(finding.message).to.equal(
        'Sharing set "Customer_Access", mapping 6 (Invoyce__c.Account_Lookup__c = user\'s Account, Read): the object ' +
          'Invoyce__c does not exist in the org.'
      );
    });

    it('is silent when objects were only partly read', () => {
      const snapshot = addMapping(mapping('Invoyce__c', 'Account_Lookup__c', 'Account'));
      expect(
        findingsOf('object-not-found', { ...snapshot, coverage: { ...snapshot.coverage, objects: 'partial' } })
      ).to.deep.equal([]);
    });
  });

  describe('object-not-supported', () => {
    it('fires on an object without Account or Contact lookup, with medium confidence', () => {
      const finding = only(
        'object-not-supported',
        addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'))
      );
      expect(finding.confidence).to.equal('medium');
      expect(finding.message).to.include('Widget__c has no lookup to Account or Contact');
    });

    it('is silent when the fields are not known', () => {
      const snapshot = addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'));
      snapshot.objects = { ...snapshot.objects, [WIDGET]: { name: WIDGET } };
      expect(findingsOf('object-not-supported', snapshot)).to.deep.equal([]);
    });
  });

  describe('object-field-unresolved', () => {
    it('fires on a non-lookup objectField', () => {
      const finding = only('object-field-unresolved', addMapping(mapping('Case', 'Subject', 'Account')));
      expect(finding.message).to.include('invalid objectField');
      expect(finding.message).to.include('Case.Subject is a string field, not a lookup');
      // A schema fact read from describe, not a question of path syntax: high confidence.
      expect(finding.confidence).to.equal('high');
    });

    it('reports path-syntax problems, known from samples only, with medium confidence', () => {
      const finding = only('object-field-unresolved', addMapping(mapping('Case', 'Id', 'Account')));
      expect(finding.confidence).to.equal('medium');
    });

    it('without an org, a field missing from a standard object (only partly known) is reported with low confidence', () => {
      const snapshot = goodSnapshot();
      const caseInfo = snapshot.objects.Case;
      const withoutContactId = caseInfo.fields?.filter((f) => f.name !== 'ContactId');
      snapshot.objects = { ...snapshot.objects, Case: { ...caseInfo, fields: withoutContactId, fieldsPartial: true } };
      const partly = findingsOf('object-field-unresolved', snapshot);
      expect(partly.map((finding) => finding.message)).to.have.length.greaterThan(0);
      for (const finding of partly) {
        expect(finding.confidence).to.equal('low');
        expect(finding.message).to.contain('could not be confirmed').and.contain('--target-org');
      }
      // The same schema read from an org (complete fields) is a certain, blocking error.
      snapshot.objects = { ...snapshot.objects, Case: { ...caseInfo, fields: withoutContactId } };
      const certain = findingsOf('object-field-unresolved', snapshot);
      expect(certain.map((finding) => finding.confidence)).to.deep.equal(partly.map(() => 'high'));
    });

    it('is silent on unknown fields and leaves a missing object to object-not-found', () => {
      const unknownFields = addMapping(mapping('Case', 'Whatever__c', 'Account'));
      unknownFields.objects = { ...unknownFields.objects, Case: { name: 'Case' } };
      expect(findingsOf('object-field-unresolved', unknownFields)).to.deep.equal([]);
      expect(findingsOf('object-field-unresolved', addMapping(mapping('Nope__c', 'Account', 'Account')))).to.deep.equal(
        []
      );
    });
  });

  describe('user-field-unresolved', () => {
    it('fires on an undocumented userField', () => {
      const finding = only('user-field-unresolved', addMapping(mapping('Case', 'Account', 'Owner')));
      expect(finding.message).to.include('invalid userField');
    });

    it('fires on Account.<Field> that is not a lookup to Account or Contact', () => {
      expect(only('user-field-unresolved', addMapping(mapping('Case', 'Account', 'Account.Name'))).message).to.include(
        'Account.Name is a string field'
      );
    });

    it('is silent on a valid Account.<Field> and when Account fields are not known', () => {
      expect(
        findingsOf('user-field-unresolved', addMapping(mapping('Case', 'Account', 'Account.Parent')))
      ).to.deep.equal([]);
      const snapshot = addMapping(mapping('Case', 'Account', 'Account.Anything__c'));
      snapshot.objects = { ...snapshot.objects, Account: { name: 'Account' } };
      expect(findingsOf('user-field-unresolved', snapshot)).to.deep.equal([]);
    });
  });

  describe('user-field-related-account', () => {
    it('fires on Contact.RelatedAccount', () => {
      const finding = only(
        'user-field-related-account',
        addMapping(mapping('Case', 'Account', 'Contact.RelatedAccount'))
      );
      expect(finding.severity).to.equal('info');
      expect(finding.message).to.include('Contacts to Multiple Accounts');
    });
  });

  describe('sharing-set-no-profiles', () => {
    it('fires on a set without profiles', () => {
      expect(
        only(
          'sharing-set-no-profiles',
          withSet((set) => ({ ...set, profiles: [] }))
        ).message
      ).to.equal('Sharing set "Customer_Access" has no profiles, so it gives nobody access.');
    });
  });

  describe('sharing-set-no-mappings', () => {
    it('fires on a set without access mappings', () => {
      expect(
        only(
          'sharing-set-no-mappings',
          withSet((set) => ({ ...set, accessMappings: [] }))
        ).message
      ).to.equal('Sharing set "Customer_Access" has no access mappings, so it grants nothing.');
    });
  });

  describe('duplicate-profile-object', () => {
    it('fires when the same profile and object are in two sets, as a medium-confidence warning', () => {
      const snapshot = withExtraSet(
        sharingSet('Another_Set', ['CUSTOMER COMMUNITY USER'], [mapping('Case', 'Contact', 'Contact')])
      );
      const finding = only('duplicate-profile-object', snapshot);
      expect(finding).to.include({ severity: 'warning', confidence: 'medium' });
      expect(finding.target).to.deep.equal({
        sharingSet: 'Customer_Access',
        profile: 'Customer Community User',
        object: 'Case',
      });
      expect(finding.message).to.include('also in "Another_Set"');
      expect(finding.message).to.include('not confirmed by Salesforce documentation');
    });

    it('is silent for different profiles or objects', () => {
      const snapshot = withExtraSet(
        sharingSet('Another_Set', ['Customer Community User'], [mapping('Opportunity', 'Account', 'Account')])
      );
      expect(findingsOf('duplicate-profile-object', snapshot)).to.deep.equal([]);
    });
  });

  describe('external-owd-public-read-write', () => {
    for (const model of ['ReadWrite', 'ReadWriteTransfer', 'FullAccess']) {
      it(`fires when the external default is ${model}`, () => {
        const snapshot = goodSnapshot();
        snapshot.objects[INVOICE] = { ...snapshot.objects[INVOICE], externalSharingModel: model };
        expect(only('external-owd-public-read-write', snapshot).message).to.include(
          `external org-wide default of Invoice__c is ${model}`
        );
      });
    }

    it('is silent when the external default is unknown or ControlledByParent', () => {
      const snapshot = goodSnapshot();
      snapshot.objects[INVOICE] = { name: 'Invoice__c', fields: snapshot.objects[INVOICE].fields };
      snapshot.objects.Contact = { ...snapshot.objects.Contact, externalSharingModel: 'ControlledByParent' };
      expect(findingsOf('external-owd-public-read-write', snapshot)).to.deep.equal([]);
    });
  });

  describe('external-owd-public-read-redundant', () => {
    it('fires on a Read mapping when the external default is Read', () => {
      const snapshot = goodSnapshot();
      snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Read' };
      const finding = only('external-owd-public-read-redundant', snapshot);
      expect(finding.target.mappingIndex).to.equal(1); // the Read mapping on Case, not the Edit one
    });
  });

  describe('edit-on-account-contact-user', () => {
    it('fires on Edit on Account, Contact or User', () => {
      const snapshot = addMapping(
        mapping('Account', 'Id', 'Account', 'Edit'),
        mapping('User', 'Contact', 'Contact', 'Edit')
      );
      const findings = findingsOf('edit-on-account-contact-user', snapshot);
      expect(findings.map((finding) => finding.target.object)).to.deep.equal(['Account', 'User']);
      expect(findings[0].message).to.include('grants Edit on Account');
    });
  });

  describe('account-data-skew', () => {
    it('fires on more than 10,000 children under one parent, naming the sets', () => {
      const snapshot = goodSnapshot();
      snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 12_345 }];
      const finding = only('account-data-skew', snapshot);
      expect(finding.message).to.equal(
        '12,345 Case records have AccountId = 001A, more than 10,000 under one parent (Case is mapped by sharing set "Customer_Access").'
      );
    });

    it('does not run without a deep read, and is silent without skew data', () => {
      const snapshot = goodSnapshot();
      snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 12_345 }];
      const shallow = runAudit(snapshot, { rules: ['account-data-skew'] });
      expect(shallow.findings).to.deep.equal([]);
      expect(shallow.rulesSkipped.map((skipped) => skipped.id)).to.deep.equal(['account-data-skew']);
      delete snapshot.skew;
      expect(findingsOf('account-data-skew', snapshot)).to.deep.equal([]);
    });
  });

  describe('child-without-parent-account', () => {
    it('fires when a profile gets Case through its account but no Account mapping', () => {
      const snapshot = withExtraSet(
        sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Entitlement.Account', 'Account')])
      );
      const finding = only('child-without-parent-account', snapshot);
      expect(finding).to.include({ severity: 'info', confidence: 'medium' });
      expect(finding.target).to.deep.equal({
        sharingSet: 'Cases_Only',
        mappingIndex: 0,
        profile: 'Exotic User',
        object: 'Case',
      });
    });

    it('uses the plain Account form when fields are unknown, and is silent on other unknown paths', () => {
      const base = withExtraSet(
        sharingSet(
          'Cases_Only',
          ['Exotic User'],
          [mapping('Case', 'Account', 'Account'), mapping('Case', 'Weird__c', 'Account')]
        )
      );
      const snapshot: Snapshot = { ...base, objects: { ...base.objects, Case: { name: 'Case' } } };
      expect(
        findingsOf('child-without-parent-account', snapshot).map((finding) => finding.target.mappingIndex)
      ).to.deep.equal([0]);
    });

    it('is silent for mappings that end at Contact', () => {
      const snapshot = withExtraSet(sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Contact', 'Contact')]));
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });
  });

  it('has a firing test for every registered rule', () => {
    // Keeps this file honest when a rule is added: each rule id must appear in a describe() above.
    const tested = [
      'profile-not-found',
      'profile-license-ineligible',
      'profile-license-unknown',
      'profile-no-active-users',
      'object-not-found',
      'object-not-supported',
      'object-field-unresolved',
      'user-field-unresolved',
      'user-field-related-account',
      'sharing-set-no-profiles',
      'sharing-set-no-mappings',
      'duplicate-profile-object',
      'external-owd-public-read-write',
      'external-owd-public-read-redundant',
      'edit-on-account-contact-user',
      'account-data-skew',
      'child-without-parent-account',
    ];
    expect(RULES.map((rule) => rule.meta.id)).to.have.members(tested);
  });
});

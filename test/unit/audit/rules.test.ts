import { expect } from 'chai';
import type { Snapshot } from '../../../src/model/types.js';
import type { Finding } from '../../../src/audit/types.js';
import { runAudit } from '../../../src/audit/engine.js';
import { RULES } from '../../../src/audit/rules/index.js';
import {
  CUSTOMER,
  EXOTIC,
  STANDARD,
  field,
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
        'Sharing set "Customer_Access" names profile "Customr Community User", which does not exist in the org. ' +
          'Did you mean "Customer Community User"?'
      );
      // Nothing close: no guess.
      expect(only('profile-not-found', addProfile('Gold Partner User')).message).to.not.contain('Did you mean');
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

    it('is silent on a profile with one active user when active users were counted', () => {
      const snapshot = goodSnapshot();
      snapshot.profiles = snapshot.profiles.map((p) => (p.name === CUSTOMER.name ? { ...p, activeUsers: 1 } : p));
      expect(snapshot.coverage.activeUsers).to.equal(true);
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

    it('is silent on a mapped object that exists, with every object read', () => {
      const snapshot = addMapping(mapping('Invoice__c', 'Account_Lookup__c', 'Account'));
      expect(snapshot.coverage.objects).to.equal('complete');
      expect(findingsOf('object-not-found', snapshot)).to.deep.equal([]);
    });
  });

  describe('object-not-supported', () => {
    it('fires on an object without Account or Contact lookup, with medium confidence', () => {
      const finding = only(
        'object-not-supported',
        addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'))
      );
      expect(finding.confidence).to.equal('medium');
      expect(finding.message).to.include('custom object Widget__c has no lookup to Account or Contact');
    });

    it('is silent on a standard object without a direct lookup (Salesforce offers some, e.g. Campaign)', () => {
      const snapshot = addMapping(mapping('Campaign', 'Owner.Account', 'Account'));
      snapshot.objects = {
        ...snapshot.objects,
        Campaign: { name: 'Campaign', fields: [field('OwnerId', ['User'], 'Owner')] },
      };
      expect(findingsOf('object-not-supported', snapshot)).to.deep.equal([]);
    });

    it('is silent on a project alone, which may hold an object without the field files of its lookups', () => {
      const snapshot = addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'));
      expect(
        findingsOf('object-not-supported', { ...snapshot, coverage: { ...snapshot.coverage, objects: 'partial' } })
      ).to.deep.equal([]);
    });

    it('is silent when the fields are not known', () => {
      const snapshot = addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account'));
      snapshot.objects = { ...snapshot.objects, [WIDGET]: { name: WIDGET } };
      expect(findingsOf('object-not-supported', snapshot)).to.deep.equal([]);
    });

    it('is silent on a mapped object with a lookup to Account, its fields known', () => {
      const snapshot = addMapping(mapping('Invoice__c', 'Account_Lookup__c', 'Account'));
      expect(snapshot.objects[INVOICE].fields).to.not.equal(undefined);
      expect(findingsOf('object-not-supported', snapshot)).to.deep.equal([]);
    });

    it('is silent once the same object gets a lookup to Contact', () => {
      const snapshot = addMapping(mapping('Widget__c', 'Contact__c', 'Contact'));
      const widget = snapshot.objects[WIDGET];
      snapshot.objects = {
        ...snapshot.objects,
        [WIDGET]: { ...widget, fields: [...(widget.fields ?? []), field('Contact__c', ['Contact'], 'Contact__r')] },
      };
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

    it('reports the documented Entitlement.Case form as not confirmed (low), never as a blocking error', () => {
      const finding = only('object-field-unresolved', addMapping(mapping('Case', 'Entitlement.Case', 'Account')));
      expect(finding.confidence).to.equal('low');
      expect(finding.message).to.contain('objectField not confirmed').and.not.contain('invalid objectField');
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

    it('fires whatever the case and spacing of Contact.RelatedAccount', () => {
      only('user-field-related-account', addMapping(mapping('Case', 'Account', ' contact.relatedaccount ')));
    });

    for (const userField of ['Contact', 'Contact.Account', 'Account', 'Account.Parent']) {
      it(`is silent on userField ${userField}`, () => {
        expect(
          findingsOf('user-field-related-account', addMapping(mapping('Case', 'Account', userField)))
        ).to.deep.equal([]);
      });
    }
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

    it('fires on a set whose only profile entries are blank (a blank name is no profile)', () => {
      only(
        'sharing-set-no-profiles',
        withSet((set) => ({ ...set, profiles: [''] }))
      );
      only(
        'sharing-set-no-profiles',
        withSet((set) => ({ ...set, profiles: ['', '  '] }))
      );
    });

    it('is silent on a set with one profile, even next to a blank entry', () => {
      expect(
        findingsOf(
          'sharing-set-no-profiles',
          withSet((set) => ({ ...set, profiles: [CUSTOMER.name] }))
        )
      ).to.deep.equal([]);
      expect(
        findingsOf(
          'sharing-set-no-profiles',
          withSet((set) => ({ ...set, profiles: ['', CUSTOMER.name] }))
        )
      ).to.deep.equal([]);
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

    it('is silent on a set with one access mapping', () => {
      expect(
        findingsOf(
          'sharing-set-no-mappings',
          withSet((set) => ({ ...set, accessMappings: [mapping('Case', 'Account', 'Account')] }))
        )
      ).to.deep.equal([]);
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

    it('is silent on an Edit mapping when the external default is Read (Edit adds write access)', () => {
      const snapshot = withSet((set) => ({
        ...set,
        accessMappings: set.accessMappings.map((m) => (m.object === 'Case' ? { ...m, accessLevel: 'Edit' } : m)),
      }));
      snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Read' };
      expect(findingsOf('external-owd-public-read-redundant', snapshot)).to.deep.equal([]);
    });

    it('is silent on a Read mapping when the external default is Private', () => {
      const snapshot = goodSnapshot();
      snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Private' };
      expect(snapshot.sharingSets[0].accessMappings[1]).to.include({ object: 'Case', accessLevel: 'Read' });
      expect(findingsOf('external-owd-public-read-redundant', snapshot)).to.deep.equal([]);
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

    it('fires on Edit on Contact', () => {
      const finding = only(
        'edit-on-account-contact-user',
        addMapping(mapping('Contact', 'Account', 'Account', 'Edit'))
      );
      expect(finding.target.object).to.equal('Contact');
    });

    it('is silent on Read on Account', () => {
      expect(
        findingsOf('edit-on-account-contact-user', addMapping(mapping('Account', 'Id', 'Account', 'Read')))
      ).to.deep.equal([]);
    });

    it('is silent on Edit on Case', () => {
      expect(
        findingsOf('edit-on-account-contact-user', addMapping(mapping('Case', 'Account', 'Account', 'Edit')))
      ).to.deep.equal([]);
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

    for (const childCount of [10_000, 9000]) {
      it(`is silent at ${childCount.toLocaleString('en-US')} children (not more than 10,000)`, () => {
        const snapshot = goodSnapshot();
        snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount }];
        expect(findingsOf('account-data-skew', snapshot)).to.deep.equal([]);
      });
    }

    it('fires at 10,001 children', () => {
      const snapshot = goodSnapshot();
      snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 10_001 }];
      expect(only('account-data-skew', snapshot).message).to.include('10,001 Case records have AccountId = 001A');
    });
  });

  describe('account-data-skew: lookups that could not be counted', () => {
    it('says so in a low-confidence note, next to the skew that was found', () => {
      const snapshot = goodSnapshot();
      snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 10_001 }];
      snapshot.skewNotChecked = [{ object: 'Contact', field: 'AccountId', reason: 'QUERY_TIMEOUT' }];
      const findings = findingsOf('account-data-skew', snapshot);
      expect(findings.map((f) => `${f.severity} ${f.confidence} ${f.target.object ?? ''}`)).to.have.members([
        'warning high Case',
        'info low Contact',
      ]);
      expect(findings.find((f) => f.severity === 'info')?.message).to.equal(
        'Could not count Contact records per AccountId (QUERY_TIMEOUT): account data skew was not checked there.'
      );
    });
  });

  describe('child-without-parent-account', () => {
    it("fires when a profile gets Case through another account than the user's own, with no Account mapping", () => {
      const snapshot = withExtraSet(
        sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Account', 'Manager.Account')])
      );
      const finding = only('child-without-parent-account', snapshot);
      expect(finding).to.include({ severity: 'info', confidence: 'medium' });
      expect(finding.target).to.deep.equal({ sharingSet: 'Cases_Only', mappingIndex: 0, object: 'Case' });
      expect(finding.message)
        .to.contain('profile "Exotic User"')
        .and.contain("matched on the user's Manager.Account (an account other than the user's own)");
    });

    it("is silent when records are matched on the user's own account (read by default)", () => {
      const snapshot = withExtraSet(sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Account', 'Account')]));
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });

    it("is silent when the path reaches an account that is not the record's parent (Entitlement.Account)", () => {
      const snapshot = withExtraSet(
        sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Entitlement.Account', 'Manager.Account')])
      );
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });

    it('names every profile without Account access in one finding per mapping', () => {
      const snapshot = withExtraSet(
        sharingSet(
          'Cases_Only',
          ['Exotic User', 'Exotic User 2'],
          [mapping('Case', 'Account', 'Contact.RelatedAccount')]
        )
      );
      snapshot.profiles = [...snapshot.profiles, { ...EXOTIC, name: 'Exotic User 2' }];
      expect(only('child-without-parent-account', snapshot).message).to.contain(
        'profiles "Exotic User", "Exotic User 2"'
      );
    });

    it('is silent for profiles that already have their own errors (missing from the org, or ineligible)', () => {
      const snapshot = withExtraSet(
        sharingSet('Cases_Only', [STANDARD.name, 'No Such Profile'], [mapping('Case', 'Account', 'Manager.Account')])
      );
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });

    it("is not silenced by an Account mapping on another user field (the user's own account)", () => {
      const snapshot = withExtraSet(
        sharingSet(
          'Cases_Only',
          ['Exotic User'],
          [mapping('Case', 'Account', 'Manager.Account'), mapping('Account', 'Id', 'Account')]
        )
      );
      expect(findingsOf('child-without-parent-account', snapshot).map((f) => f.target.mappingIndex)).to.deep.equal([0]);
    });

    it('is silent when the user field names a contact, not an account', () => {
      const snapshot = withExtraSet(
        sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Account', 'Manager.Contact')])
      );
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });

    it('is silent once the same profile has an Account mapping on the same user field', () => {
      const snapshot = withExtraSet(
        sharingSet(
          'Cases_Only',
          ['Exotic User'],
          [mapping('Case', 'Account', 'Manager.Account'), mapping('Account', 'Id', 'Manager.Account')]
        )
      );
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });

    it('uses the plain Account form when fields are unknown, and is silent on other unknown paths', () => {
      const base = withExtraSet(
        sharingSet(
          'Cases_Only',
          ['Exotic User'],
          [mapping('Case', 'Account', 'Manager.Account'), mapping('Case', 'Weird__c', 'Manager.Account')]
        )
      );
      const snapshot: Snapshot = { ...base, objects: { ...base.objects, Case: { name: 'Case' } } };
      expect(
        findingsOf('child-without-parent-account', snapshot).map((finding) => finding.target.mappingIndex)
      ).to.deep.equal([0]);
    });

    it('is silent for mappings that end at Contact', () => {
      const snapshot = withExtraSet(
        sharingSet('Cases_Only', ['Exotic User'], [mapping('Case', 'Contact', 'Manager.Contact')])
      );
      expect(findingsOf('child-without-parent-account', snapshot)).to.deep.equal([]);
    });
  });

  describe('every registered rule', () => {
    // One firing snapshot per rule id. A rule added to RULES without an entry here fails below.
    const firing: Record<string, () => Snapshot> = {
      'profile-not-found': () => addProfile('Customr Community User'),
      'profile-license-ineligible': () => addProfile('Standard User'),
      'profile-license-unknown': () => addProfile(EXOTIC.name),
      'profile-no-active-users': () => {
        const snapshot = goodSnapshot();
        snapshot.profiles = snapshot.profiles.map((p) => (p.name === CUSTOMER.name ? { ...p, activeUsers: 0 } : p));
        return snapshot;
      },
      'object-not-found': () => addMapping(mapping('Invoyce__c', 'Account_Lookup__c', 'Account')),
      'object-not-supported': () => addMapping(mapping('Widget__c', 'Opportunity__c.Account', 'Account')),
      'object-field-unresolved': () => addMapping(mapping('Case', 'Subject', 'Account')),
      'user-field-unresolved': () => addMapping(mapping('Case', 'Account', 'Owner')),
      'user-field-related-account': () => addMapping(mapping('Case', 'Account', 'Contact.RelatedAccount')),
      'sharing-set-no-profiles': () => withSet((set) => ({ ...set, profiles: [] })),
      'sharing-set-no-mappings': () => withSet((set) => ({ ...set, accessMappings: [] })),
      'duplicate-profile-object': () =>
        withExtraSet(sharingSet('Another_Set', [CUSTOMER.name], [mapping('Case', 'Contact', 'Contact')])),
      'external-owd-public-read-write': () => {
        const snapshot = goodSnapshot();
        snapshot.objects[INVOICE] = { ...snapshot.objects[INVOICE], externalSharingModel: 'ReadWrite' };
        return snapshot;
      },
      'external-owd-public-read-redundant': () => {
        const snapshot = goodSnapshot();
        snapshot.objects.Case = { ...snapshot.objects.Case, externalSharingModel: 'Read' };
        return snapshot;
      },
      'edit-on-account-contact-user': () => addMapping(mapping('Account', 'Id', 'Account', 'Edit')),
      'account-data-skew': () => {
        const snapshot = goodSnapshot();
        snapshot.skew = [{ object: 'Case', field: 'AccountId', parentId: '001A', childCount: 10_001 }];
        return snapshot;
      },
      'child-without-parent-account': () =>
        withExtraSet(sharingSet('Cases_Only', [EXOTIC.name], [mapping('Case', 'Account', 'Manager.Account')])),
    };

    for (const rule of RULES) {
      const id = rule.meta.id;
      it(`${id}: fires on its firing snapshot and is silent on goodSnapshot()`, () => {
        const factory = firing[id];
        expect(factory, `no firing snapshot for rule ${id}: add one to the table above`).to.be.a('function');
        const findings = findingsOf(id, factory());
        expect(findings, `${id} did not fire on its firing snapshot`).to.not.deep.equal([]);
        expect(findings.map((finding) => finding.ruleId)).to.deep.equal(findings.map(() => id));
        expect(findingsOf(id, goodSnapshot()), `${id} fired on goodSnapshot()`).to.deep.equal([]);
      });
    }

    it('has no firing snapshot for a rule the registry lacks', () => {
      expect(Object.keys(firing)).to.have.members(RULES.map((rule) => rule.meta.id));
    });
  });
});

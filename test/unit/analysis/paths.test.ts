/* eslint-disable camelcase -- custom object API names are not camelCase */
import { expect } from 'chai';
import type { PathContext, PathResolution } from '../../../src/analysis/paths.js';
import { documentedObjectField, resolveObjectField, resolveUserField } from '../../../src/analysis/paths.js';
import { field, standardObjects } from '../audit/snapshotBuilder.js';

function context(objects = standardObjects(), coverage: 'complete' | 'partial' | 'none' = 'complete'): PathContext {
  return { objects, coverage: { profiles: 'complete', objects: coverage, activeUsers: false } };
}

function expectOk(result: PathResolution, target: 'Account' | 'Contact'): Extract<PathResolution, { ok: true }> {
  if (!result.ok) expect.fail(`expected ${target}, got ${result.problem}: ${result.message}`);
  expect(result.target).to.equal(target);
  return result;
}

function expectProblem(result: PathResolution, problem: string, at: string, certain = true): string {
  if (result.ok) expect.fail(`expected ${problem}, resolved to ${result.target}`);
  expect(result.problem).to.equal(problem);
  expect(result.at).to.equal(at);
  expect(result.certain).to.equal(certain);
  return result.message;
}

describe('resolveObjectField', () => {
  const ctx = context();

  it('resolves a standard relationship name (Case.Account → AccountId)', () => {
    const result = expectOk(resolveObjectField(ctx, 'Case', 'Account'), 'Account');
    expect(result.steps).to.have.length(1);
    expect(result.steps[0]).to.include({ object: 'Case', field: 'AccountId', next: 'Account', polymorphic: false });
  });

  it('resolves Contact.ReportsTo to Contact (the Metadata API sample)', () => {
    expectOk(resolveObjectField(ctx, 'Contact', 'ReportsTo'), 'Contact');
  });

  it('resolves a custom field by its __c name and by its __r relationship name', () => {
    expectOk(resolveObjectField(ctx, 'Invoice__c', 'Account_Lookup__c'), 'Account');
    expectOk(resolveObjectField(ctx, 'Invoice__c', 'Account_Lookup__r'), 'Account');
  });

  it('matches object and segment names case-insensitively', () => {
    expectOk(resolveObjectField(ctx, 'case', 'account'), 'Account');
  });

  it('follows several hops (Case Entitlement.Account, Invoice__c Original_Deal__c.Account)', () => {
    const entitlement = expectOk(resolveObjectField(ctx, 'Case', 'Entitlement.Account'), 'Account');
    expect(entitlement.steps.map((step) => `${step.object}.${step.field}`)).to.deep.equal([
      'Case.EntitlementId',
      'Entitlement.AccountId',
    ]);
    expectOk(resolveObjectField(ctx, 'Invoice__c', 'Original_Deal__c.Account'), 'Account');
  });

  it('takes Id as the record itself on Account and Contact only', () => {
    expectOk(resolveObjectField(ctx, 'Account', 'Id'), 'Account');
    expectOk(resolveObjectField(ctx, 'Contact', 'Id'), 'Contact');
    expect(expectProblem(resolveObjectField(ctx, 'Case', 'Id'), 'id-misplaced', 'Id')).to.include('Case record itself');
    expectProblem(resolveObjectField(ctx, 'Case', 'Account.Id'), 'id-misplaced', 'Id');
  });

  it('walks a polymorphic lookup through the target where the rest resolves, and reports it', () => {
    const result = expectOk(resolveObjectField(ctx, 'Case', 'Owner.Account'), 'Account');
    expect(result.polymorphic).to.deep.equal(['Case.OwnerId → Group, User']);
    expect(result.steps[0]).to.include({ field: 'OwnerId', next: 'User', polymorphic: true });
  });

  it('rejects a polymorphic lookup as the last segment when none of its targets is Account or Contact', () => {
    expect(expectProblem(resolveObjectField(ctx, 'Case', 'Owner'), 'wrong-target', 'Owner')).to.include(
      'Group or User'
    );
  });

  it('reports a field that is not a lookup', () => {
    const message = expectProblem(resolveObjectField(ctx, 'Case', 'Subject'), 'not-a-lookup', 'Subject');
    expect(message).to.equal('Case.Subject is a string field, not a lookup, so "Subject" cannot follow it.');
  });

  it('reports a path ending at another object', () => {
    const message = expectProblem(
      resolveObjectField(ctx, 'Invoice__c', 'Original_Deal__c'),
      'wrong-target',
      'Original_Deal__c'
    );
    expect(message).to.include('ends at Opportunity');
  });

  it('reports an unknown field', () => {
    const message = expectProblem(resolveObjectField(ctx, 'Case', 'Acount'), 'unknown-field', 'Acount');
    expect(message).to.equal('Case has no field or relationship named "Acount" (in "Acount").');
    expectProblem(resolveObjectField(ctx, 'Case', 'Entitlement.Nope'), 'unknown-field', 'Nope');
  });

  it('reports an unknown object only when every mapped object was read', () => {
    expectProblem(resolveObjectField(ctx, 'Nope__c', 'Account'), 'unknown-object', 'Nope__c');
    expectProblem(
      resolveObjectField(context(standardObjects(), 'partial'), 'Nope__c', 'Account'),
      'fields-unknown',
      'Nope__c',
      false
    );
  });

  it('says "unknown", never "wrong", when fields are not loaded', () => {
    const objects = standardObjects();
    objects.Case = { name: 'Case' };
    expectProblem(resolveObjectField(context(objects), 'Case', 'Anything'), 'fields-unknown', 'Anything', false);
    // An intermediate object missing from the snapshot is unknown too.
    const noEntitlement = standardObjects();
    delete noEntitlement.Entitlement;
    expectProblem(
      resolveObjectField(context(noEntitlement), 'Case', 'Entitlement.Account'),
      'fields-unknown',
      'Account',
      false
    );
  });

  it('prefers an unknown outcome over a certain failure across polymorphic targets', () => {
    const objects = standardObjects();
    objects.User = { name: 'User' };
    expectProblem(resolveObjectField(context(objects), 'Case', 'Owner.Account'), 'fields-unknown', 'Account', false);
  });

  it('calls the documented Entitlement.Case form "not confirmed", never invalid, when the schema does not show it', () => {
    // The SharingSet page lists "Entitlement.Account or Entitlement.Case"; Entitlement has no Case lookup here.
    const result = resolveObjectField(ctx, 'Case', 'Entitlement.Case');
    expectProblem(result, 'unknown-field', 'Case');
    if (result.ok) return;
    expect(result.partial).to.equal(true);
    expect(result.message).to.contain('Salesforce\'s SharingSet documentation lists "Entitlement.Case"');
    // An undocumented path failing the same way stays a certain, blocking failure.
    const other = resolveObjectField(ctx, 'Case', 'Entitlement.Contract');
    expectProblem(other, 'unknown-field', 'Contract');
    expect(other.ok === false && other.partial).to.not.equal(true);
    // So does the documented form on an object the documentation does not name.
    const elsewhere = resolveObjectField(ctx, 'Invoice__c', 'Entitlement.Case');
    expect(elsewhere.ok === false && elsewhere.certain && elsewhere.partial).to.not.equal(true);
  });

  it('calls a failure through an unconfirmed standard-object lookup "could not be confirmed"', () => {
    const objects = standardObjects();
    const withLookup = (unconfirmed: boolean): PathContext => {
      const lookup = { ...field('ServiceContractId', ['ServiceContract'], 'ServiceContract'), unconfirmed };
      return context({
        ...objects,
        Case: { ...objects.Case, fields: [...(objects.Case.fields ?? []), lookup] },
        ServiceContract: { name: 'ServiceContract', fields: [field('Name')] },
      });
    };
    // Fails at ServiceContract.Name (not a lookup) after passing through the table's unconfirmed Case.ServiceContractId.
    const doubtful = resolveObjectField(withLookup(true), 'Case', 'ServiceContract.Name');
    expectProblem(doubtful, 'not-a-lookup', 'Name');
    if (doubtful.ok) return;
    expect(doubtful.partial).to.equal(true);
    expect(doubtful.message).to.contain('Case.ServiceContractId').and.contain('could not be confirmed');
    // Ending at the unconfirmed lookup itself (ServiceContract is not Account or Contact) is doubtful too.
    const ending = resolveObjectField(withLookup(true), 'Case', 'ServiceContract');
    expectProblem(ending, 'wrong-target', 'ServiceContract');
    expect(ending.ok === false && ending.partial).to.equal(true);
    // The same lookup read from an org's describe (no unconfirmed mark) is a certain failure.
    const certain = resolveObjectField(withLookup(false), 'Case', 'ServiceContract');
    expectProblem(certain, 'wrong-target', 'ServiceContract');
    expect(certain.ok === false && certain.partial).to.not.equal(true);
  });

  it('rejects empty segments', () => {
    expectProblem(resolveObjectField(ctx, 'Case', 'Entitlement..Account'), 'empty-path', 'Entitlement..Account');
    expectProblem(resolveObjectField(ctx, 'Case', ''), 'empty-path', '');
  });
});

describe('paths through fields the running user cannot see (field-level security)', () => {
  const hiding = (hidden: {
    hiddenFields?: Array<{ name: string; relationshipName?: string }>;
    hiddenFieldsUnchecked?: boolean;
  }): PathContext => {
    const objects = standardObjects();
    const invoice = objects.Invoice__c;
    objects.Invoice__c = {
      ...invoice,
      fields: invoice.fields?.filter((candidate) => candidate.name !== 'Account_Lookup__c'),
      ...hidden,
    };
    return context(objects);
  };

  it('is a sure error when describe and FieldDefinition both lack the field', () => {
    const result = resolveObjectField(hiding({}), 'Invoice__c', 'Account_Lookup__c');
    expectProblem(result, 'unknown-field', 'Account_Lookup__c');
    expect(result.ok === false && result.partial).to.not.equal(true);
    expect(result.ok === false && result.hidden).to.equal(undefined);
  });

  it('could not be confirmed when FieldDefinition lists the field describe left out, by name or relationship name', () => {
    for (const segment of ['Account_Lookup__c', 'Account_Lookup__r']) {
      const result = resolveObjectField(
        hiding({ hiddenFields: [{ name: 'Account_Lookup__c', relationshipName: 'Account_Lookup__r' }] }),
        'Invoice__c',
        segment
      );
      const message = expectProblem(result, 'unknown-field', segment);
      expect(
        result.ok === false && { partial: result.partial, hidden: result.hidden, advice: result.advice }
      ).to.deep.equal({
        partial: true,
        hidden: 'listed',
        advice: 'check-field-access',
      });
      expect(message)
        .to.include('FieldDefinition lists Invoice__c.Account_Lookup__c')
        .and.include('field-level security');
      expect(message).to.include('does not document');
    }
  });

  it('could not be confirmed when FieldDefinition could not be read', () => {
    const result = resolveObjectField(hiding({ hiddenFieldsUnchecked: true }), 'Invoice__c', 'Account_Lookup__c');
    expect(result.ok === false && result.hidden).to.equal('unchecked');
    expect(result.ok === false && result.message).to.include('could not be read');
  });

  it('applies to Account.<Field> userFields too', () => {
    const objects = standardObjects();
    objects.Account = {
      ...objects.Account,
      hiddenFields: [{ name: 'Partner_Contact__c', relationshipName: 'Partner_Contact__r' }],
    };
    const result = resolveUserField(context(objects), 'Account.Partner_Contact__c');
    expect(result.ok === false && result.hidden).to.equal('listed');
  });
});

describe('resolveUserField', () => {
  const ctx = context();

  for (const [path, target] of [
    ['Account', 'Account'],
    ['Contact', 'Contact'],
    ['Manager.Account', 'Account'],
    ['Manager.Contact', 'Contact'],
    ['manager.contact', 'Contact'],
  ] as const) {
    it(`resolves the documented form ${path}`, () => {
      expectOk(resolveUserField(ctx, path), target);
    });
  }

  it('resolves Contact.RelatedAccount and flags Contacts to Multiple Accounts', () => {
    expect(
      expectOk(resolveUserField(ctx, 'Contact.RelatedAccount'), 'Account').needsContactsToMultipleAccounts
    ).to.equal(true);
  });

  it('resolves Account.<Field> and Contact.<Field> through lookups to Account/Contact', () => {
    expectOk(resolveUserField(ctx, 'Account.Parent'), 'Account');
    expectOk(resolveUserField(ctx, 'Contact.Partner_Account__c'), 'Account');
    expectOk(resolveUserField(ctx, 'Contact.ReportsTo'), 'Contact');
  });

  it('rejects Account.<Field> when the field is not a lookup to Account or Contact', () => {
    expectProblem(resolveUserField(ctx, 'Account.Name'), 'not-a-lookup', 'Name');
    expectProblem(resolveUserField(ctx, 'Account.Owner'), 'wrong-target', 'Owner');
    expectProblem(resolveUserField(ctx, 'Account.Missing__c'), 'unknown-field', 'Missing__c');
  });

  it('is unknown, not wrong, for Account.<Field> when Account fields are not loaded', () => {
    const objects = standardObjects();
    objects.Account = { name: 'Account' };
    expectProblem(resolveUserField(context(objects), 'Account.Anything__c'), 'fields-unknown', 'Anything__c', false);
  });

  it('rejects forms outside the documented list', () => {
    for (const path of ['Owner', 'Manager', 'Manager.Account.Parent', 'Profile.Account', 'Id']) {
      const result = resolveUserField(ctx, path);
      expect(result.ok, path).to.equal(false);
      if (!result.ok) expect(result.problem, path).to.equal('unsupported-user-field');
    }
  });

  it('handles an object with an unusual field set without throwing', () => {
    const objects = { Account: { name: 'Account', fields: [field('Weird', [])] } };
    expectProblem(resolveUserField(context(objects), 'Account.Weird'), 'not-a-lookup', 'Weird');
  });
});

describe('documentedObjectField', () => {
  const ctx = context();

  it('writes a standard lookup by its relationship name and a custom one by its field name', () => {
    expect(documentedObjectField(ctx, 'Case', 'AccountId')).to.equal('Account');
    expect(documentedObjectField(ctx, 'Case', 'EntitlementId.AccountId')).to.equal('Entitlement.Account');
    expect(documentedObjectField(ctx, 'Invoice__c', 'Account_Lookup__r')).to.equal('Account_Lookup__c');
  });

  it('leaves the documented forms, Id, a case difference and anything unresolved as they are', () => {
    for (const [object, path] of [
      ['Case', 'Account'],
      ['Case', 'Entitlement.Account'],
      ['Invoice__c', 'Account_Lookup__c'],
      ['Account', 'Id'],
      ['Contact', 'Id'],
      ['Case', 'account'],
      ['Case', 'NoSuchId'],
    ]) {
      expect(documentedObjectField(ctx, object, path), `${object}.${path}`).to.equal(undefined);
    }
  });
});

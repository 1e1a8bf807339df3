import { expect } from 'chai';
import {
  closestName,
  compareNames,
  hasName,
  indexByName,
  lookupByName,
  nameKey,
  sameName,
  uniqueNames,
} from '../../../src/model/names.js';

describe('closestName', () => {
  const profiles = [
    'Customer Community User',
    'Customer Community Login User',
    'Partner Community User',
    'Standard User',
  ];

  it('names the one close candidate, whatever the case', () => {
    expect(closestName('Customer Comunity User', profiles)).to.equal('Customer Community User');
    expect(closestName('customer community logn user', profiles)).to.equal('Customer Community Login User');
  });

  it('guesses nothing when no candidate is close, or two are equally close', () => {
    expect(closestName('Gold Partner User', profiles)).to.equal(undefined);
    expect(closestName('Profile B', ['Profile A', 'Profile C'])).to.equal(undefined);
    // A name that exists (in another case) is not a misspelling.
    expect(closestName('standard user', profiles)).to.equal(undefined);
  });

  it('allows at most a fifth of the length in edits (at least 2)', () => {
    expect(closestName('Stndrd User', ['Standard User'])).to.equal('Standard User');
    expect(closestName('Stnd Usr', ['Standard User'])).to.equal(undefined);
    // A short name never "matches" whatever else has its length.
    expect(closestName('ab', ['xy'])).to.equal(undefined);
  });
});

describe('names', () => {
  it('compares names as Salesforce does: case-insensitive, surrounding spaces ignored', () => {
    expect(nameKey('  Customer Community User ')).to.equal('customer community user');
    expect(sameName('Account', 'ACCOUNT')).to.equal(true);
    expect(sameName('Account', 'Accounts')).to.equal(false);
    expect(sameName(undefined, 'Account')).to.equal(false);
    expect(hasName(['Case', 'Account'], 'case')).to.equal(true);
    expect(uniqueNames(['Case', 'CASE', 'Account', 'case'])).to.deep.equal(['Case', 'Account']);
  });

  it('sorts case-insensitively, then by code unit, whatever the locale', () => {
    const names = ['b_set', 'A_set', 'a_set', 'AnotherSet', 'B'];
    expect([...names].sort(compareNames)).to.deep.equal(['A_set', 'a_set', 'AnotherSet', 'B', 'b_set']);
  });

  it('looks up a record and an index by name in any case, and sees keys added after the first look-up', () => {
    const objects: Record<string, number> = { Case: 1, 'Account__c': 2 };
    expect(lookupByName(objects, 'case')).to.equal(1);
    expect(lookupByName(objects, 'ACCOUNT__C')).to.equal(2);
    objects.Contact = 3;
    expect(lookupByName(objects, 'contact')).to.equal(3);
    expect(lookupByName(objects, 'Lead')).to.equal(undefined);
    const index = indexByName(['Case', 'CASE', 'Account'], (name) => name);
    expect(index.get('case')).to.equal('Case');
    expect(index.has('account')).to.equal(true);
  });
});

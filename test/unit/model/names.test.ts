import { expect } from 'chai';
import { closestName } from '../../../src/model/names.js';

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

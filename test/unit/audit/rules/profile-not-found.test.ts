import { expect } from 'chai';
import { addProfile, only, reported } from '../ruleHarness.js';

const RULE = 'profile-not-found';

describe(RULE, () => {
  it('fires on a profile the org lacks, suggesting the profile it most likely meant', () => {
    expect(only(RULE, addProfile('Customr Community User'))).to.deep.equal({
      messageId: 'notInOrgDidYouMean',
      data: { set: 'Customer_Access', profile: 'Customr Community User', meant: 'Customer Community User' },
      target: { sharingSet: 'Customer_Access', profile: 'Customr Community User' },
      severity: 'error',
      confidence: 'high',
    });
  });

  it('suggests nothing when no profile is close', () => {
    expect(only(RULE, addProfile('Gold Partner User'))).to.deep.include({
      messageId: 'notInOrg',
      data: { set: 'Customer_Access', profile: 'Gold Partner User' },
    });
  });

  it('is a note, not an error, when only the project profiles were read', () => {
    const snapshot = addProfile('Org Only Profile');
    const finding = only(RULE, { ...snapshot, coverage: { ...snapshot.coverage, profiles: 'partial' } });
    expect(finding).to.deep.include({
      messageId: 'notInProject',
      data: { set: 'Customer_Access', profile: 'Org Only Profile' },
      severity: 'info',
      confidence: 'high',
    });
  });

  it('is silent when profiles were not read, and matches names case-insensitively', () => {
    const snapshot = addProfile('Missing');
    expect(reported(RULE, { ...snapshot, coverage: { ...snapshot.coverage, profiles: 'none' } })).to.deep.equal([]);
    expect(reported(RULE, addProfile('CUSTOMER COMMUNITY USER'))).to.deep.equal([]);
  });

  it('is a low-confidence warning explaining translation when the running user does not work in English', () => {
    const snapshot = { ...addProfile('Gold Partner User'), runningUser: { language: 'de' } };
    expect(only(RULE, snapshot)).to.deep.include({
      messageId: 'notInOrgTranslated',
      data: { set: 'Customer_Access', profile: 'Gold Partner User', language: 'de' },
      severity: 'warning',
      confidence: 'low',
    });
  });

  it('keeps a misspelling a high-confidence did-you-mean in any language (a translation changes the whole name)', () => {
    const snapshot = { ...addProfile('Customer Comunity User'), runningUser: { language: 'de' } };
    expect(only(RULE, snapshot)).to.deep.include({
      messageId: 'notInOrgDidYouMean',
      severity: 'error',
      confidence: 'high',
    });
  });

  it('stays a high-confidence error for a user working in English (en_US, en_GB)', () => {
    for (const language of ['en_US', 'en_GB']) {
      const snapshot = { ...addProfile('Gold Partner User'), runningUser: { language } };
      expect(only(RULE, snapshot)).to.deep.include({ messageId: 'notInOrg', severity: 'error', confidence: 'high' });
    }
  });
});

import { expect } from 'chai';
import type { ProfileInfo } from '../../../src/model/types.js';
import type { Eligibility } from '../../../src/eligibility/classify.js';
import { classifyProfile } from '../../../src/eligibility/classify.js';
import { LICENSES, findLicenseByKey, findLicenseByName } from '../../../src/eligibility/licenses.js';

type Case = {
  profile: ProfileInfo;
  eligibility: Eligibility;
  confidence: 'high' | 'medium' | 'low';
  row?: string;
  /** Fragments the reason must contain. */
  says: string[];
};

function p(name: string, licenseName?: string, licenseKey?: string, userType?: string): ProfileInfo {
  return {
    name,
    ...(licenseName ? { licenseName } : {}),
    ...(licenseKey ? { licenseKey } : {}),
    ...(userType ? { userType } : {}),
  };
}

/** One profile per row of docs/salesforce-facts.md §3 as an org reports it (name, key, user type), plus the exclusions. */
const ORG_CASES: Case[] = [
  {
    profile: p('Customer Community User', 'Customer Community', 'PID_Customer_Community', 'CspLitePortal'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Customer Community',
    says: ['Profile "Customer Community User"', '"Customer Community" license', 'can use sharing sets'],
  },
  {
    profile: p(
      'Customer Community Login User',
      'Customer Community Login',
      'PID_Customer_Community_Login',
      'CspLitePortal'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Customer Community Login',
    says: ['can use sharing sets'],
  },
  {
    profile: p(
      'Customer Community Plus User',
      'Customer Community Plus',
      'PID_Customer_Community_Plus',
      'PowerCustomerSuccess'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Customer Community Plus',
    says: ['"Customer Community Plus" license', 'can use sharing sets'],
  },
  {
    profile: p(
      'Customer Community Plus Login User',
      'Customer Community Plus Login',
      'PID_Customer_Community_Plus_Login',
      'PowerCustomerSuccess'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Customer Community Plus Login',
    says: ['can use sharing sets'],
  },
  {
    profile: p('Partner Community User', 'Partner Community', 'PID_Partner_Community', 'PowerPartner'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Partner Community',
    // Legacy Customer Community Plus licenses sold before November 2014 show as Partner Community.
    says: ['can use sharing sets', 'before November 2014', 'Customer Community Plus'],
  },
  {
    profile: p(
      'Partner Community Login User',
      'Partner Community Login',
      'PID_Partner_Community_Login',
      'PowerPartner'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Partner Community Login',
    says: ['can use sharing sets'],
  },
  {
    profile: p('Authenticated Website', 'Authenticated Website', 'Platform_Portal_User', 'CspLitePortal'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Authenticated Website',
    says: ['can use sharing sets'],
  },
  {
    profile: p(
      'Overage Authenticated Website User',
      'Overage Authenticated Website',
      'Overage_Platform_Portal_User',
      'CspLitePortal'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Overage Authenticated Website',
    says: ['can use sharing sets'],
  },
  {
    // The definition key of this license is unknown (docs/salesforce-facts.md §3): the name decides.
    profile: p('High Volume Customer Portal User', 'High Volume Customer Portal', 'Some_Unlisted_Key', 'CspLitePortal'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'High Volume Customer Portal',
    says: ['can use sharing sets'],
  },
  {
    profile: p(
      'Overage High Volume Customer Portal User',
      'Overage High Volume Customer Portal',
      'PID_Overage_High Volume Customer Portal',
      'CspLitePortal'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Overage High Volume Customer Portal',
    says: ['can use sharing sets'],
  },
  {
    profile: p('HVP User', 'High Volume Portal', undefined, 'CspLitePortal'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'High Volume Portal',
    says: ['can use sharing sets'],
  },
  {
    // Named by Help's high-volume page, but the license name in orgs is [UNC]: eligible, never with high confidence.
    profile: p('External Apps Member', 'External Apps', undefined, 'PowerPartner'),
    eligibility: 'eligible',
    confidence: 'low',
    row: 'External Apps',
    says: ['can use sharing sets'],
  },
  {
    profile: p('External Apps Login Member', 'External Apps Login', undefined, 'PowerPartner'),
    eligibility: 'eligible',
    confidence: 'low',
    row: 'External Apps Login',
    says: ['can use sharing sets'],
  },
  {
    profile: p('External Apps User', 'Lightning External Apps', undefined, 'CspLitePortal'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Lightning External Apps',
    says: ['can use sharing sets'],
  },
  {
    profile: p('External Apps Login User', 'Lightning External Apps Login', undefined, 'CspLitePortal'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Lightning External Apps Login',
    says: ['can use sharing sets'],
  },
  {
    profile: p('External Apps Plus User', 'Lightning External Apps Plus', undefined, 'PowerCustomerSuccess'),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Lightning External Apps Plus',
    says: ['can use sharing sets'],
  },
  {
    profile: p(
      'External Apps Plus Login User',
      'Lightning External Apps Plus Login',
      undefined,
      'PowerCustomerSuccess'
    ),
    eligibility: 'eligible',
    confidence: 'high',
    row: 'Lightning External Apps Plus Login',
    says: ['can use sharing sets'],
  },
  {
    profile: p('System Administrator', 'Salesforce', 'SFDC', 'Standard'),
    eligibility: 'ineligible',
    confidence: 'high',
    row: 'Salesforce',
    says: ['internal users', 'user type Standard', 'external site and portal users'],
  },
  {
    profile: p('Platform User', 'Salesforce Platform', 'AUL', 'Standard'),
    eligibility: 'ineligible',
    confidence: 'high',
    row: 'Salesforce Platform',
    says: ['internal users'],
  },
  {
    profile: p('Site Guest User', 'Guest User License', 'PID_Guest_User', 'Guest'),
    eligibility: 'ineligible',
    confidence: 'high',
    row: 'Guest User License',
    says: ['guest user profile', 'never'],
  },
  {
    profile: p('Portal Guest', 'Guest', undefined, 'Guest'),
    eligibility: 'ineligible',
    confidence: 'high',
    row: 'Guest',
    says: ['guest user profile', 'never'],
  },
  {
    // A project's profile file gives the license name only: no user type, no key.
    // The name "Guest User License" is known from a secondary source only: medium, so it never blocks alone.
    profile: { name: 'Project Guest', licenseName: 'Guest User License' },
    eligibility: 'ineligible',
    confidence: 'medium',
    row: 'Guest User License',
    says: ['"Guest User License" license', 'cannot use sharing sets', 'the user type is not known'],
  },
  {
    profile: p('Identity User', 'External Identity', 'PID_External_Identity', 'CspLitePortal'),
    eligibility: 'unknown',
    confidence: 'low',
    row: 'External Identity',
    says: ['External Identity', 'does not list the license', 'not eligible until Salesforce confirms'],
  },
  {
    profile: p('Exotic User', 'Galactic Portal', 'PID_Galactic', 'CspLitePortal'),
    eligibility: 'unknown',
    confidence: 'low',
    says: ['"Galactic Portal" license (PID_Galactic)', 'not one the plugin knows', 'is external'],
  },
];

describe('classifyProfile', () => {
  for (const testCase of ORG_CASES) {
    it(`${testCase.profile.name}: ${testCase.profile.licenseName ?? '?'} → ${testCase.eligibility}`, () => {
      const result = classifyProfile(testCase.profile);
      expect(result.eligibility).to.equal(testCase.eligibility);
      expect(result.confidence).to.equal(testCase.confidence);
      expect(result.licenseRow?.name).to.equal(testCase.row);
      for (const fragment of testCase.says) expect(result.reason).to.include(fragment);
    });
  }

  it('covers every license row of the table with an org case', () => {
    const covered = new Set(ORG_CASES.map((testCase) => testCase.row));
    expect(LICENSES.map((row) => row.name).filter((name) => !covered.has(name))).to.deep.equal([]);
  });

  it('never calls an unrecognised license eligible, whatever its user type', () => {
    for (const userType of ['CspLitePortal', 'PowerPartner', 'PowerCustomerSuccess', undefined]) {
      expect(classifyProfile(p('X', 'Mystery License', undefined, userType)).eligibility).to.equal('unknown');
    }
  });

  it('lets user type Standard win over an eligible-looking license name', () => {
    const result = classifyProfile(p('Odd', 'Customer Community', undefined, 'Standard'));
    expect(result.eligibility).to.equal('ineligible');
    expect(result.licenseRow).to.equal(undefined);
  });

  it('is ineligible on user type Standard alone, and says so plainly', () => {
    const result = classifyProfile(p('Internal', undefined, undefined, 'Standard'));
    expect(result.eligibility).to.equal('ineligible');
    expect(result.reason).to.equal(
      'Profile "Internal" has user type Standard, which is for internal users; sharing sets only give access to ' +
        'external site and portal users.'
    );
  });

  it('is ineligible on the Guest license name alone (source mode)', () => {
    const result = classifyProfile(p('Site Guest', 'Guest'));
    expect(result.eligibility).to.equal('ineligible');
    expect(result.licenseRow?.name).to.equal('Guest');
  });

  it('lets user type Guest win over any license', () => {
    expect(classifyProfile(p('Odd', 'Customer Community', 'PID_Customer_Community', 'Guest')).eligibility).to.equal(
      'ineligible'
    );
  });

  it('says when only the license name is known (source mode)', () => {
    const result = classifyProfile(p('Customer Community User', 'Customer Community'));
    expect(result.eligibility).to.equal('eligible');
    expect(result.reason).to.include('Decided from the license alone');
    expect(result.evidence).to.deep.equal({ licenseName: true, licenseKey: false, userType: false });
  });

  it('says when only the license name is known for an internal license', () => {
    const result = classifyProfile(p('Platform User', 'Salesforce Platform'));
    expect(result.eligibility).to.equal('ineligible');
    expect(result.reason).to.include('internal license');
    expect(result.reason).to.include('user type is not known');
  });

  it('matches license names and keys case-insensitively', () => {
    expect(classifyProfile(p('a', 'customer community ', undefined, 'CspLitePortal')).eligibility).to.equal('eligible');
    expect(classifyProfile(p('b', undefined, 'pid_customer_community', 'CspLitePortal')).licenseRow?.name).to.equal(
      'Customer Community'
    );
  });

  it('lowers confidence when only a secondary-source key identifies the license', () => {
    const result = classifyProfile(p('CCP', undefined, 'PID_Customer_Community_Plus', 'PowerCustomerSuccess'));
    expect(result.eligibility).to.equal('eligible');
    expect(result.confidence).to.equal('medium');
  });

  it('is unknown when the name and key point at different licenses', () => {
    const result = classifyProfile(p('Mixed', 'Customer Community', 'AUL', 'CspLitePortal'));
    expect(result.eligibility).to.equal('unknown');
    expect(result.reason).to.include('"Salesforce Platform"');
  });

  it('flags an eligible license on an unexpected user type', () => {
    const odd = classifyProfile(p('Odd', 'Customer Community', 'PID_Customer_Community', 'PowerPartner'));
    expect(odd.eligibility).to.equal('eligible');
    expect(odd.confidence).to.equal('medium');
    expect(odd.reason).to.include('where CspLitePortal was expected');
    // An eligible license on a user type that is not external is a conflict: unknown, never silently eligible.
    const weird = classifyProfile(p('Weird', 'Customer Community', undefined, 'CsnOnly'));
    expect(weird.eligibility).to.equal('unknown');
    expect(weird.confidence).to.equal('low');
    expect(weird.reason).to.include('not an external user type');
  });

  describe('partial data', () => {
    it('is unknown when nothing about the license is known', () => {
      const result = classifyProfile(p('Bare'));
      expect(result.eligibility).to.equal('unknown');
      expect(result.reason).to.equal(
        'Profile "Bare" has no known license, so whether it may be in a sharing set cannot be decided.'
      );
    });

    it('is unknown, and says so, when only an external user type is known', () => {
      const result = classifyProfile(p('TypeOnly', undefined, undefined, 'CspLitePortal'));
      expect(result.eligibility).to.equal('unknown');
      expect(result.reason).to.include('Only its user type (CspLitePortal) is known');
      expect(result.reason).to.include('not proof of an eligible license');
    });

    it('treats blank strings as missing', () => {
      expect(classifyProfile(p('Blank', '  ', ' ', ' ')).evidence).to.deep.equal({
        licenseName: false,
        licenseKey: false,
        userType: false,
      });
    });
  });
});

describe('license table', () => {
  it('has a source URL on Salesforce documentation for every row', () => {
    for (const row of LICENSES) {
      expect(row.sourceUrl, row.name).to.match(/^https:\/\/(developer|help|releasenotes\.docs)\.salesforce\.com\//);
    }
  });

  it('finds rows by name and by key', () => {
    expect(findLicenseByName('PARTNER COMMUNITY')?.key).to.equal('PID_Partner_Community');
    expect(findLicenseByKey('PID_Overage_High Volume Customer Portal')?.name).to.equal(
      'Overage High Volume Customer Portal'
    );
    expect(findLicenseByKey('nope')).to.equal(undefined);
  });

  it('has unique names and keys', () => {
    const names = LICENSES.map((row) => row.name.toLowerCase());
    const keys = LICENSES.flatMap((row) => (row.key ? [row.key.toLowerCase()] : []));
    expect(new Set(names).size).to.equal(names.length);
    expect(new Set(keys).size).to.equal(keys.length);
  });
});

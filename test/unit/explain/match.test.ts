import { expect } from 'chai';
import {
  compareWithSalesforce,
  explainRecord,
  judgeUser,
  owdAccess,
  reach,
  userSide,
} from '../../../src/explain/match.js';
import type { ExplainUser, ObjectFacts, RecordFacts } from '../../../src/explain/types.js';
import type { SharingSet } from '../../../src/model/types.js';

const COMMUNITY = {
  name: 'Customer Community User',
  userType: 'CspLitePortal',
  licenseName: 'Customer Community',
  licenseKey: 'PID_Customer_Community',
};
const EDGE = { id: '001000000000002AAA', name: 'Edge Communications' };
const BURLINGTON = { id: '001000000000001AAA', name: 'Burlington Textiles' };
const GRAND = { id: '001000000000003AAA', name: 'Grand Hotels' };
const ROSE = { id: '003000000000002AAA', name: 'Rose Gonzalez' };
const BOSS_CONTACT = { id: '003000000000009AAA', name: 'Boss' };

function user(extra: Partial<ExplainUser> = {}): ExplainUser {
  return {
    id: '005000000000010AAA',
    username: 'rgonzalez@edge.example',
    isActive: true,
    profile: COMMUNITY,
    account: EDGE,
    contact: ROSE,
    ...extra,
  };
}

function set(mappings: Array<[string, string, string, ('Read' | 'Edit')?]>, profiles = [COMMUNITY.name]): SharingSet {
  return {
    fullName: 'Set_A',
    label: 'Set A',
    profiles,
    accessMappings: mappings.map(([object, objectField, userField, accessLevel]) => ({
      object,
      objectField,
      userField,
      accessLevel: accessLevel ?? 'Read',
    })),
  };
}

const READ_EDIT = { read: true, edit: true, readFrom: ['profile'], editFrom: ['profile'] };
const caseObject: ObjectFacts = { name: 'Case', externalSharingModel: 'Private', permission: READ_EDIT };

function record(values: RecordFacts['values'], object = 'Case'): RecordFacts {
  return { id: '500000000000001AAA', object, name: '00001001', values };
}

describe('explain matcher: userField forms', () => {
  it('Account matches the user account', () => {
    const out = explainRecord(user(), [set([['Case', 'Account', 'Account']])], caseObject, record({ account: EDGE }));
    expect(out.access).to.equal('Read');
    expect(out.grantedBy).to.deep.equal([{ sharingSet: 'Set_A', mappingIndex: 0 }]);
    expect(out.mappings[0]).to.include({ matched: true });
  });

  it('Account names both sides when they differ, and the miss is the nearest', () => {
    const out = explainRecord(
      user(),
      [set([['Case', 'Account', 'Account']])],
      caseObject,
      record({ account: BURLINGTON })
    );
    expect(out.access).to.equal('None');
    expect(out.nearestMiss).to.deep.equal({ sharingSet: 'Set_A', mappingIndex: 0 });
    expect(out.mappings[0].reason).to.contain('Burlington Textiles').and.contain('Edge Communications');
  });

  it('Contact matches the user contact', () => {
    const out = explainRecord(
      user(),
      [set([['Case', 'Contact', 'Contact', 'Edit']])],
      caseObject,
      record({ contact: ROSE })
    );
    expect(out.access).to.equal('Edit');
  });

  it('Account.<Field> and Contact.<Field> read the loaded path values', () => {
    const u = user({ pathValues: { 'account.parentid': GRAND, 'contact.reportstoid': BOSS_CONTACT } });
    expect(userSide(u, 'Account.ParentId').values).to.deep.equal([GRAND]);
    const out = explainRecord(
      u,
      [
        set([
          ['Case', 'Account', 'Account.ParentId'],
          ['Case', 'Contact', 'Contact.ReportsToId'],
        ]),
      ],
      caseObject,
      record({ account: GRAND, contact: ROSE })
    );
    expect(out.grantedBy).to.deep.equal([{ sharingSet: 'Set_A', mappingIndex: 0 }]);
    expect(out.mappings[1].matched).to.equal(false);
  });

  it('Account.<Field> that is empty on the user is a miss that says so', () => {
    const u = user({ pathValues: { 'account.parentid': null } });
    const out = explainRecord(
      u,
      [set([['Case', 'Account', 'Account.ParentId']])],
      caseObject,
      record({ account: GRAND })
    );
    expect(out.access).to.equal('None');
    expect(out.mappings[0].reason).to.contain('is empty');
  });

  it('Contact.RelatedAccount matches an active relationship', () => {
    const u = user({
      relations: [
        { ...EDGE, isActive: true, isDirect: true },
        { ...GRAND, isActive: true, isDirect: false },
      ],
    });
    const out = explainRecord(
      u,
      [set([['Case', 'Account', 'Contact.RelatedAccount']])],
      caseObject,
      record({ account: GRAND })
    );
    expect(out.access).to.equal('Read');
  });

  it('Contact.RelatedAccount through an inactive relationship does not match and says it is undocumented', () => {
    const u = user({ relations: [{ ...GRAND, isActive: false, isDirect: false }] });
    const out = explainRecord(
      u,
      [set([['Case', 'Account', 'Contact.RelatedAccount']])],
      caseObject,
      record({ account: GRAND })
    );
    expect(out.access).to.equal('None');
    expect(out.mappings[0].undocumented).to.contain('not documented');
    expect(out.reason).to.contain('inactive');
  });

  it('Manager.Account and Manager.Contact go through the manager', () => {
    const u = user({ manager: { id: '005000000000011AAA', account: GRAND, contact: BOSS_CONTACT } });
    const out = explainRecord(
      u,
      [
        set([
          ['Case', 'Account', 'Manager.Account'],
          ['Case', 'Contact', 'Manager.Contact', 'Edit'],
        ]),
      ],
      caseObject,
      record({ account: GRAND, contact: BOSS_CONTACT })
    );
    expect(out.access).to.equal('Edit');
    expect(out.grantedBy).to.have.length(2);
    expect(userSide(user(), 'Manager.Account').missing).to.contain('no manager');
  });
});

describe('explain matcher: objectField forms', () => {
  it('a two-level path (Entitlement.Account)', () => {
    const out = explainRecord(
      user(),
      [set([['Case', 'Entitlement.Account', 'Account']])],
      caseObject,
      record({ 'entitlement.account': EDGE })
    );
    expect(out.access).to.equal('Read');
  });

  it('a custom lookup (Installer__c)', () => {
    const panel: ObjectFacts = { name: 'Panel__c', externalSharingModel: 'Private', permission: READ_EDIT };
    const out = explainRecord(
      user(),
      [set([['Panel__c', 'Installer__c', 'Contact']])],
      panel,
      record({ ['installer__c']: ROSE }, 'Panel__c')
    );
    expect(out.access).to.equal('Read');
  });

  it('Id on Account and on Contact', () => {
    const account: ObjectFacts = { name: 'Account', externalSharingModel: 'Private', permission: READ_EDIT };
    const acc = explainRecord(user(), [set([['Account', 'Id', 'Account', 'Edit']])], account, {
      id: EDGE.id,
      object: 'Account',
      values: { id: EDGE },
    });
    expect(acc.access).to.equal('Edit');
    const contact: ObjectFacts = { name: 'Contact', externalSharingModel: 'Private', permission: READ_EDIT };
    const con = explainRecord(user(), [set([['Contact', 'Id', 'Contact']])], contact, {
      id: ROSE.id,
      object: 'Contact',
      values: { id: ROSE },
    });
    expect(con.access).to.equal('Read');
  });

  it('an empty lookup on the record is a miss, ranked after a miss with both values', () => {
    const out = explainRecord(
      user(),
      [
        set([
          ['Case', 'Contact', 'Contact'],
          ['Case', 'Account', 'Account'],
        ]),
      ],
      caseObject,
      record({ contact: null, account: BURLINGTON })
    );
    expect(out.nearestMiss).to.deep.equal({ sharingSet: 'Set_A', mappingIndex: 1 });
    expect(out.mappings[1].reason).to.contain('is empty');
  });
});

describe('explain matcher: permissions, defaults, profiles', () => {
  it('no Read on the object means no access whatever the sets say', () => {
    const facts = { ...caseObject, permission: { read: false, edit: false, readFrom: [], editFrom: [] } };
    const out = explainRecord(user(), [set([['Case', 'Account', 'Account']])], facts, record({ account: EDGE }));
    expect(out.access).to.equal('None');
    expect(out.grantedBy).to.deep.equal([]);
    expect(out.reason).to.contain('do not grant Read');
  });

  it('Read without Edit caps an Edit mapping at Read', () => {
    const facts = { ...caseObject, permission: { read: true, edit: false, readFrom: ['profile'], editFrom: [] } };
    const out = explainRecord(
      user(),
      [set([['Case', 'Account', 'Account', 'Edit']])],
      facts,
      record({ account: EDGE })
    );
    expect(out.access).to.equal('Read');
    expect(out.reason).to.contain('capped');
  });

  it('a Public Read Only external default gives Read without any set', () => {
    expect(owdAccess('Read')).to.equal('Read');
    expect(owdAccess('ReadWrite')).to.equal('Edit');
    const out = explainRecord(user(), [], { ...caseObject, externalSharingModel: 'Read' }, record({}));
    expect(out.access).to.equal('Read');
    expect(out.reason).to.contain('org-wide default');
  });

  it('ignores sets that do not name the profile (names compare case-insensitively)', () => {
    const other = set([['Case', 'Account', 'Account']], ['Partner Community User']);
    expect(explainRecord(user(), [other], caseObject, record({ account: EDGE })).mappings).to.deep.equal([]);
    const lower = set([['Case', 'Account', 'Account']], ['customer community user']);
    expect(explainRecord(user(), [lower], caseObject, record({ account: EDGE })).access).to.equal('Read');
  });

  it('judges users: inactive, internal, eligible', () => {
    expect(judgeUser(user({ isActive: false })).code).to.equal('inactive');
    const internal = judgeUser(
      user({ profile: { name: 'Standard User', userType: 'Standard', licenseName: 'Salesforce', licenseKey: 'SFDC' } })
    );
    expect(internal).to.include({ applies: false, code: 'ineligible' });
    expect(internal.reason).to.contain('Sharing sets do not apply');
    expect(judgeUser(user()).applies).to.equal(true);
  });

  it('lists the mappings that apply with their key values (without records)', () => {
    const entries = reach(user(), [
      set([
        ['Case', 'Account', 'Account'],
        ['Case', 'Contact', 'Manager.Contact'],
      ]),
    ]);
    expect(entries[0].userValues).to.deep.equal([EDGE]);
    expect(entries[1].missing).to.contain('no manager');
  });
});

describe("explain matcher: Salesforce's answer", () => {
  it('agrees', () => {
    expect(
      compareWithSalesforce('Read', { maxAccessLevel: 'Read', hasReadAccess: true, hasEditAccess: false }).agrees
    ).to.equal(true);
  });

  it('reports more (ownership, share groups, …) without contradicting it', () => {
    const out = compareWithSalesforce('None', { maxAccessLevel: 'All', hasReadAccess: true, hasEditAccess: true });
    expect(out.agrees).to.equal(false);
    expect(out.note).to.contain("Salesforce's answer stands");
    expect(out.mayExplain.join(' ')).to.contain('ownership').and.contain('share groups').and.contain('View All');
  });

  it('reports less (muting, undocumented) and says restriction rules cannot explain it', () => {
    const out = compareWithSalesforce('Edit', { maxAccessLevel: 'Read', hasReadAccess: true, hasEditAccess: false });
    expect(out.note).to.contain('restriction rules');
    expect(out.mayExplain.join(' ')).to.contain('muting');
  });
});

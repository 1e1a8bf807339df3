import { expect } from 'chai';
import type { SharingExplainResult } from '../../src/commands/sharing/explain.js';
import { errorOf, succeeded, useOrgEnv, type OrgEnv } from '../helpers/e2e.js';
import { assertMatchesSchema } from './schema.js';

const ROSE = 'rose@edge.example';
const CASES = {
  account: '500000000000001AAA',
  related: '500000000000002AAA',
  inactiveRelation: '500000000000003AAA',
  managerAccount: '500000000000004AAA',
  managerContact: '500000000000005AAA',
  contact: '500000000000006AAA',
  accountParent: '500000000000007AAA',
  contactReportsTo: '500000000000008AAA',
  entitlement: '500000000000009AAA',
  owned: '500000000000010AAA',
  nothing: '500000000000011AAA',
};
const EDGE = '001000000000001AAA';
const ROSE_CONTACT = '003000000000001AAA';
const PANEL = 'a01000000000001AAA';
const INVOICE = 'a02000000000001AAA';
const ASSET = '02i000000000001AAA';

describe('e2e: sf sharing explain', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: 'explain' }, (ready) => {
    env = ready;
  });

  async function explain(records: string[], extra: string[] = []): Promise<SharingExplainResult> {
    const args = ['sharing', 'explain', '-o', env.alias, '--user', ROSE, '--json', ...extra];
    for (const record of records) args.push('--record', record);
    const { code, json, stderr } = succeeded(await env.run<SharingExplainResult>(args));
    expect(code, stderr).to.equal(0);
    assertMatchesSchema('sharing-explain', json.result);
    return json.result;
  }

  it('decides every userField and objectField form, and agrees with Salesforce except where ownership explains it', async () => {
    const all = [...Object.values(CASES), EDGE, ROSE_CONTACT, PANEL, INVOICE, ASSET];
    const result = await explain(all);
    const by = new Map(result.records.map((record) => [record.id, record]));
    const granted = (id: string): string[] =>
      (by.get(id)?.grantedBy ?? []).map((g) => `${g.sharingSet}#${g.mappingIndex}`).sort();
    expect(granted(CASES.account)).to.deep.equal(['Case_Account#0', 'Case_Related_Accounts#0']);
    expect(granted(CASES.related)).to.deep.equal(['Case_Related_Accounts#0']);
    expect(granted(CASES.managerAccount)).to.deep.equal(['Case_Manager#0']);
    expect(granted(CASES.managerContact)).to.deep.equal(['Case_Manager#1']);
    expect(granted(CASES.contact)).to.deep.equal(['Case_Contact#0']);
    expect(by.get(CASES.contact)?.access).to.equal('Edit');
    expect(granted(CASES.accountParent)).to.deep.equal(['Case_Parent_Account#0']);
    expect(granted(CASES.contactReportsTo)).to.deep.equal(['Case_Reports_To#0']);
    expect(granted(CASES.entitlement)).to.deep.equal(['Case_Entitlement#0']);
    expect(granted(PANEL)).to.deep.equal(['Panels#0']);
    // Id on Account and Contact; Edit on Contact is capped at Read by the object permission.
    expect(by.get(EDGE)).to.include({ access: 'Edit' });
    expect(by.get(ROSE_CONTACT)).to.include({ access: 'Read' });
    // The external default alone.
    expect(by.get(ASSET)).to.include({ access: 'Read', owdAccess: 'Read' });
    // A mapping matches, but no object permission: no access.
    expect(by.get(INVOICE)?.access).to.equal('None');
    expect(by.get(INVOICE)?.reason).to.contain('do not grant Read');

    const inactive = by.get(CASES.inactiveRelation);
    expect(inactive?.access).to.equal('None');
    expect(inactive?.mappings[0]).to.include({ sharingSet: 'Case_Related_Accounts', matched: false });
    expect(inactive?.mappings[0].undocumented).to.contain('not documented');
    expect(by.get(CASES.nothing)?.nearestMiss).to.deep.equal({ sharingSet: 'Case_Account', mappingIndex: 0 });

    for (const record of result.records) {
      const answer = record.salesforceAnswer;
      expect(answer, record.id).to.not.equal(undefined);
      if (record.id === CASES.owned) {
        expect(answer).to.include({ agrees: false, maxAccessLevel: 'All' });
        expect(answer?.mayExplain.join(' ')).to.contain('ownership');
      } else {
        expect(answer?.agrees, `${record.id}: ${answer?.note ?? ''}`).to.equal(true);
      }
    }
    expect(result.roundTrips).to.be.at.most(4);
  });

  it('reads one record and 200 in the same number of dependent round trips', async () => {
    const one = await explain([CASES.account]);
    const many = Array.from({ length: 200 }, (_, i) => (i < 11 ? Object.values(CASES)[i] : CASES.account));
    const two = await explain(many);
    expect(one.roundTrips).to.equal(3);
    expect(two.roundTrips).to.equal(3);
    expect(two.apiCalls.query).to.equal(one.apiCalls.query);
  });

  it('without --record: each applying mapping, its key value and the records it reaches', async () => {
    const result = await explain([]);
    const account = result.reach?.find((entry) => entry.sharingSet === 'Case_Account');
    expect(account?.userValues[0].id).to.equal(EDGE);
    expect(account?.count).to.equal(1);
    const related = result.reach?.find((entry) => entry.sharingSet === 'Case_Related_Accounts');
    expect(related?.count).to.equal(2);
  });

  it('Markdown with --redact leaves out names and usernames', async () => {
    const run = await env.run([
      'sharing',
      'explain',
      '-o',
      env.alias,
      '--user',
      ROSE,
      '--record',
      CASES.related,
      '--result-format',
      'markdown',
      '--redact',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('### Case').and.contain(CASES.related).and.contain('Case_Related_Accounts');
    for (const name of ['Rose Gonzalez', ROSE, 'Burlington Textiles', 'Edge Communications']) {
      expect(run.stdout).to.not.contain(name);
    }
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['an Id too short', ['--user', ROSE, '--record', '500000000000'], /15 or 18 characters/],
    ['an Id with other characters', ['--user', ROSE, '--record', '50000000000000-'], /only letters and digits/],
    ['an 18-character Id whose checksum is wrong', ['--user', ROSE, '--record', '500000000000001AAB'], /last three/],
    ['a user that does not exist', ['--user', 'nobody@edge.example'], /No user nobody@edge.example/],
    ['an inactive user', ['--user', 'gone@edge.example'], /inactive/],
    ['an internal user', ['--user', 'sam@explain.demo'], /Sharing sets do not apply/],
    ['a record that does not exist', ['--user', ROSE, '--record', '500000000000099AAA'], /not visible to you/],
    ['an object that does not exist', ['--user', ROSE, '--record', 'zzz000000000099AAA'], /not visible to you/],
  ];
  for (const [what, args, says] of bad) {
    it(`bad input, ${what}: one line, exit 2`, async () => {
      const run = await env.run(['sharing', 'explain', '-o', env.alias, ...args, '--json']);
      const error = errorOf(run);
      expect(run.code, run.stdout).to.equal(2);
      expect(error.message).to.match(says);
      expect(error.message).to.not.contain('\n');
    });
  }
});

import { expect } from 'chai';
import { loadFixture } from '../../emulator/index.js';
import { OrgData } from '../../emulator/orgdata.js';
import { parseSoql, SoqlError, soqlString } from '../../emulator/soql.js';

const fails = (soql: string): SoqlError => {
  try {
    parseSoql(soql);
  } catch (e) {
    expect(e).to.be.instanceOf(SoqlError);
    return e as SoqlError;
  }
  throw new Error(`parsed: ${soql}`);
};

describe('emulator SOQL parser', () => {
  it('parses fields, relationship paths, aggregates with and without aliases', () => {
    const q = parseSoql('SELECT Id, UserLicense.Name, COUNT(Id), COUNT(Id) cnt FROM Profile');
    expect(q.from).to.equal('Profile');
    expect(q.select.map((s) => s.expr)).to.deep.equal([
      { kind: 'field', path: ['Id'] },
      { kind: 'field', path: ['UserLicense', 'Name'] },
      { kind: 'agg', fn: 'COUNT', arg: ['Id'] },
      { kind: 'agg', fn: 'COUNT', arg: ['Id'] },
    ]);
    expect(q.select[3].alias).to.equal('cnt');
  });

  it('parses WHERE with AND/OR/NOT, parentheses, IN, NOT IN, LIKE and literals', () => {
    const q = parseSoql(
      "SELECT Id FROM User WHERE (IsActive = true OR ProfileId IN ('a','b')) AND NOT Username LIKE '%x\\_y%' AND ContactId != null AND AccountId NOT IN ('c')"
    );
    expect(q.where?.kind).to.equal('and');
    const like = JSON.stringify(q.where, (k, v: unknown) => (v instanceof RegExp ? v.source : v));
    expect(like).to.contain('^.*x_y.*$');
  });

  it('parses GROUP BY, HAVING, ORDER BY with direction and nulls, LIMIT and OFFSET', () => {
    const q = parseSoql(
      'SELECT AccountId, COUNT(Id) cnt FROM Case WHERE AccountId != null GROUP BY AccountId HAVING COUNT(Id) > 10000 ORDER BY AccountId DESC NULLS LAST LIMIT 5 OFFSET 2'
    );
    expect(q.groupBy).to.deep.equal([['AccountId']]);
    expect(q.having).to.deep.include({ kind: 'cmp', op: '>', value: 10_000 });
    expect(q.orderBy).to.deep.equal([{ expr: { kind: 'field', path: ['AccountId'] }, desc: true, nullsLast: true }]);
    expect(q.limit).to.equal(5);
    expect(q.offset).to.equal(2);
  });

  it('unescapes SOQL string escapes', () => {
    const q = parseSoql("SELECT Id FROM Profile WHERE Name = 'O\\'Brien \\\\ \\\" \\n'");
    expect(q.where).to.deep.include({ value: 'O\'Brien \\ " \n' });
  });

  it('round-trips soqlString', () => {
    const nasty = "a'b\\c\nd";
    const q = parseSoql(`SELECT Id FROM Profile WHERE Name = ${soqlString(nasty)}`);
    expect(q.where).to.deep.include({ value: nasty });
  });

  it('rejects malformed queries with MALFORMED_QUERY', () => {
    for (const bad of [
      'SELECT FROM Profile',
      'SELECT Id Profile',
      'SELECT Id FROM Profile WHERE',
      "SELECT Id FROM Profile WHERE Name = 'open",
      "SELECT Id FROM Profile WHERE Name = 'bad \\q escape'",
      'SELECT Id FROM Profile LIMIT -1',
      'SELECT Id FROM Profile extra',
      'SELECT Id FROM Profile WHERE Name IN ()',
      'SELECT Id FROM Profile WHERE Name ~ 1',
    ]) {
      expect(fails(bad).errorCode, bad).to.equal('MALFORMED_QUERY');
    }
  });

  describe('semi-joins and anti-joins (docs/salesforce-facts.md §11)', () => {
    it('parses a semi-join and an anti-join into their sub-selects', () => {
      const q = parseSoql(
        "SELECT AccountId, COUNT(Id) n FROM Case WHERE AccountId IN (SELECT AccountId FROM User WHERE IsActive = true AND ProfileId IN ('a')) AND ContactId NOT IN (SELECT ContactId FROM User) GROUP BY AccountId"
      );
      expect(q.where?.kind).to.equal('and');
      const [semi, anti] = q.where?.kind === 'and' ? [q.where.left, q.where.right] : [];
      expect(semi).to.include({ kind: 'semi', negated: false });
      expect(anti).to.include({ kind: 'semi', negated: true });
      expect(semi?.kind === 'semi' ? semi.query.from : '').to.equal('User');
    });

    const refusals: Array<[string, string, RegExp]> = [
      [
        'three semi-joins',
        'SELECT Id FROM Case WHERE AccountId IN (SELECT AccountId FROM User) AND ContactId IN (SELECT ContactId FROM User) AND OwnerId IN (SELECT Id FROM User)',
        /two/,
      ],
      [
        'a semi-join under OR',
        "SELECT Id FROM Case WHERE Subject = 'x' OR AccountId IN (SELECT AccountId FROM User)",
        /'OR'/,
      ],
      ['a semi-join under NOT', 'SELECT Id FROM Case WHERE NOT AccountId IN (SELECT AccountId FROM User)', /top level/],
      [
        'a left operand with a relationship',
        'SELECT Id FROM Case WHERE Account.Id IN (SELECT AccountId FROM User)',
        /relationships/,
      ],
      [
        'a sub-select traversing a relationship',
        'SELECT Id FROM Case WHERE AccountId IN (SELECT Contact.AccountId FROM User)',
        /traverse/,
      ],
      [
        'COUNT in a sub-select',
        'SELECT Id FROM Case WHERE AccountId IN (SELECT COUNT(AccountId) FROM User)',
        /aggregate/,
      ],
      [
        'ORDER BY in a sub-select',
        'SELECT Id FROM Case WHERE AccountId IN (SELECT AccountId FROM User ORDER BY AccountId)',
        /ORDER/,
      ],
      ['LIMIT in a sub-select', 'SELECT Id FROM Case WHERE AccountId IN (SELECT AccountId FROM User LIMIT 5)', /LIMIT/],
      [
        'a nested semi-join',
        'SELECT Id FROM Case WHERE AccountId IN (SELECT AccountId FROM User WHERE ContactId IN (SELECT Id FROM Contact))',
        /nested/,
      ],
      [
        'the main object in the sub-select',
        'SELECT Id FROM Account WHERE Id IN (SELECT ParentId FROM Account)',
        /main query/,
      ],
      [
        'an excluded object in the sub-select',
        'SELECT Id FROM Contact WHERE Id IN (SELECT WhoId FROM Task)',
        /not supported/,
      ],
    ];
    for (const [what, soql, says] of refusals) {
      it(`refuses ${what}`, () => {
        expect(fails(soql).message).to.match(says);
      });
    }

    it('runs a semi-join and an anti-join against the fixture, and checks the types on each side', () => {
      const fixture = loadFixture('explain');
      const data = new OrgData(fixture);
      const accountsOfUsers = new Set(fixture.users.flatMap((u) => (u.isActive && u.accountId ? [u.accountId] : [])));
      const cases = fixture.records?.Case ?? [];
      const semi = data.query(
        'SELECT Id FROM Case WHERE AccountId IN (SELECT AccountId FROM User WHERE IsActive = true)'
      ).records;
      const expected = cases.filter((c) => accountsOfUsers.has(c.AccountId as string)).map((c) => c.Id);
      expect(expected.length).to.be.greaterThan(0);
      expect(semi.map((r) => r.Id)).to.have.members(expected);
      const anti = data.query(
        'SELECT Id FROM Case WHERE AccountId NOT IN (SELECT AccountId FROM User WHERE IsActive = true)'
      ).records;
      expect(anti.length).to.equal(cases.length - expected.length);
      const grouped = data.query(
        'SELECT AccountId, COUNT(Id) n FROM Case WHERE AccountId IN (SELECT AccountId FROM User WHERE IsActive = true) GROUP BY AccountId'
      ).records;
      expect(grouped.reduce((n, row) => n + Number(row.n), 0)).to.equal(expected.length);
      const bad = (soql: string): string => {
        try {
          data.query(soql);
        } catch (error) {
          return (error as SoqlError).errorCode;
        }
        return 'answered';
      };
      // A Contact lookup compared with Account Ids, and a text field as the sub-select's column.
      expect(bad('SELECT Id FROM Case WHERE ContactId IN (SELECT AccountId FROM User)')).to.equal('INVALID_FIELD');
      expect(bad('SELECT Id FROM Case WHERE AccountId IN (SELECT Username FROM User)')).to.equal('INVALID_FIELD');
    });
  });
});

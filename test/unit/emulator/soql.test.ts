import { expect } from 'chai';
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
});

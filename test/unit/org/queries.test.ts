import { expect } from 'chai';
import { entityDefinitionQuery, escapeSoqlString, skewQuery, soqlInList } from '../../../src/org/queries.js';

describe('queries', () => {
  it('escapes quotes, backslashes and control characters, in that precedence', () => {
    expect(escapeSoqlString("O'Brien")).to.equal("O\\'Brien");
    expect(escapeSoqlString('back\\slash')).to.equal('back\\\\slash');
    expect(escapeSoqlString('a"b')).to.equal('a\\"b');
    expect(escapeSoqlString('line\nbreak\ttab')).to.equal('line\\nbreak\\ttab');
    // An attempt to close the literal and append a clause stays inside the literal.
    expect(escapeSoqlString("x' OR Name != '")).to.equal("x\\' OR Name != \\'");
    // A trailing backslash must not escape the closing quote.
    expect(escapeSoqlString('ends with \\')).to.equal('ends with \\\\');
  });

  it('leaves LIKE wildcards alone: no query uses LIKE with user input', () => {
    expect(escapeSoqlString('100%_done')).to.equal('100%_done');
  });

  it('builds IN lists with every value escaped', () => {
    expect(soqlInList(['Case', "Bad'Name"])).to.equal("('Case', 'Bad\\'Name')");
    expect(entityDefinitionQuery(['Case'])).to.match(/WHERE QualifiedApiName IN \('Case'\)$/);
  });

  it('refuses to build a skew query from names that are not API names', () => {
    expect(skewQuery('Case', 'AccountId')).to.contain('GROUP BY AccountId HAVING COUNT(Id) > 10000');
    expect(() => skewQuery('Case; DELETE', 'AccountId')).to.throw(/Refusing/);
    expect(() => skewQuery('Case', "AccountId'")).to.throw(/Refusing/);
  });
});

import { expect } from 'chai';
import {
  MAX_QUERY_CHARS,
  entityDefinitionQueries,
  entityDefinitionQuery,
  escapeSoqlString,
  fieldDefinitionQueries,
  skewQuery,
  soqlInList,
} from '../../../src/org/queries.js';

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

describe('entityDefinitionQueries', () => {
  it('puts every name in exactly one query, each within the URL budget', () => {
    const names = Array.from({ length: 1500 }, (_, i) => `Custom_Object_${String(i).padStart(4, '0')}__c`);
    const queries = entityDefinitionQueries(names);
    expect(queries.length).to.be.greaterThan(1);
    for (const soql of queries) expect(soql.length).to.be.at.most(MAX_QUERY_CHARS);
    const found = queries.flatMap((soql) => [...soql.matchAll(/'([^']+)'/g)].map((match) => match[1]));
    expect(found).to.deep.equal(names);
  });

  it('uses one query for a handful of names and none for none', () => {
    expect(entityDefinitionQueries(['Case', 'Account'])).to.have.length(1);
    expect(entityDefinitionQueries([])).to.deep.equal([]);
  });

  it('asks FieldDefinition for the field names on the objects with IN filters only (no OR), split by URL length', () => {
    const [one] = fieldDefinitionQueries(['Case', "O'Brien__c"], ['Deal__c', 'DealId']);
    expect(one).to.equal(
      'SELECT EntityDefinition.QualifiedApiName, QualifiedApiName, RelationshipName FROM FieldDefinition ' +
        "WHERE EntityDefinition.QualifiedApiName IN ('Case', 'O\\'Brien__c') AND QualifiedApiName IN ('Deal__c', 'DealId')"
    );
    expect(one).to.not.match(/\bOR\b/);
    const many = Array.from({ length: 600 }, (_, i) => `Object_${i}__c`);
    const split = fieldDefinitionQueries(many, ['Deal__c']);
    expect(split.length).to.be.greaterThan(1);
    expect(split.every((query) => query.length <= MAX_QUERY_CHARS)).to.equal(true);
    expect(split.join(' ').match(/Object_\d+__c/g)).to.have.length(600);
  });
});

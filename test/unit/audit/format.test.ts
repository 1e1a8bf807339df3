import { expect } from 'chai';
import { formatMessage } from '../../../src/audit/format.js';

const meta = {
  id: 'test-rule',
  messages: {
    plain: 'Nothing to fill.',
    named: 'Sharing set "{{set}}" names profile "{{ profile }}" ({{count}} users, {{set}} again).',
    dollars: 'Kept as written: {{text}}',
  },
};

describe('formatMessage', () => {
  it('fills every placeholder, spaces inside the braces allowed, numbers as written', () => {
    expect(formatMessage(meta, 'named', { set: 'Customer_Access', profile: 'Customer User', count: 3 })).to.equal(
      'Sharing set "Customer_Access" names profile "Customer User" (3 users, Customer_Access again).'
    );
    expect(formatMessage(meta, 'plain', {})).to.equal('Nothing to fill.');
  });

  it('inserts data literally (no replacement patterns, no placeholders inside data)', () => {
    expect(formatMessage(meta, 'dollars', { text: "$& $1 $' {{text}}" })).to.equal(
      "Kept as written: $& $1 $' {{text}}"
    );
  });

  it('ignores data no placeholder asks for', () => {
    expect(formatMessage(meta, 'plain', { unused: 'x' })).to.equal('Nothing to fill.');
  });

  it('throws on a message id the rule lacks', () => {
    expect(() => formatMessage(meta, 'missing', {})).to.throw('Rule test-rule has no message "missing".');
    expect(() => formatMessage(meta, 'toString', {})).to.throw('has no message "toString"');
  });

  it('throws on a placeholder without data', () => {
    expect(() => formatMessage(meta, 'named', { set: 'S', count: 1 })).to.throw(
      'Rule test-rule, message "named": no data for placeholder {{profile}}.'
    );
  });
});

import { SfError } from '@salesforce/core';
import { expect } from 'chai';
import { explainOrgError } from '../../../src/org/errors.js';

const context = { org: 'prod', instanceUrl: 'https://acme.my.salesforce.com' };

function fault(props: Record<string, unknown>, message = 'fault'): Error {
  return Object.assign(new Error(message), props);
}

describe('explainOrgError', () => {
  it('turns an expired session into a login action naming the org', () => {
    const error = explainOrgError(fault({ errorCode: 'INVALID_SESSION_ID' }, 'Session expired or invalid'), context);
    expect(error?.name).to.equal('SessionExpiredError');
    expect(error?.message).to.equal('The session for prod has expired or is no longer valid.');
    expect(error?.actions?.[0]).to.equal('Log in again: sf org login web --alias prod');
  });

  it('names the instance URL and network code when the org cannot be reached', () => {
    const cause = fault({ code: 'ECONNREFUSED' }, 'connect ECONNREFUSED 127.0.0.1:1');
    const error = explainOrgError(fault({ cause }, 'fetch failed'), context);
    expect(error?.name).to.equal('OrgUnreachableError');
    expect(error?.message).to.contain('https://acme.my.salesforce.com (ECONNREFUSED)');
  });

  it('recognises the request limit, server errors and access errors', () => {
    expect(explainOrgError(fault({ errorCode: 'REQUEST_LIMIT_EXCEEDED' }), context)?.name).to.equal(
      'RequestLimitExceededError'
    );
    expect(explainOrgError(fault({ errorCode: 'ERROR_HTTP_503' }), context)?.name).to.equal('ServerError');
    expect(explainOrgError(fault({ errorCode: 'INSUFFICIENT_ACCESS' }), context)?.name).to.equal(
      'InsufficientAccessError'
    );
  });

  it('keeps every message on one line', () => {
    const error = explainOrgError(fault({ errorCode: 'ERROR_HTTP_500' }, 'line one\nline two\nstack'), context);
    expect(error?.message).to.not.contain('\n');
  });

  it('leaves errors it does not recognise, and errors that already carry actions, alone', () => {
    expect(explainOrgError(new Error('something else'), context)).to.equal(undefined);
    const withActions = new SfError('handled', 'Handled', ['do this']);
    expect(explainOrgError(withActions, context)).to.equal(undefined);
  });
});

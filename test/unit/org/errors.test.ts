import { Messages, SfError } from '@salesforce/core';
import { expect } from 'chai';
import {
  explainOrgError,
  isAnswerLost,
  isOrgWideFailure,
  ORG_ERRORS,
  orgError,
  orgErrorCode,
  type OrgErrorCode,
} from '../../../src/org/errors.js';

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

  it('tells the Metadata API refusal apart from other access errors, naming the permissions it needs', () => {
    const error = explainOrgError(
      fault(
        { name: 'sf:INSUFFICIENT_ACCESS' },
        'INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData permission'
      ),
      context
    );
    expect(error?.name).to.equal('MetadataAccessDeniedError');
    expect(error?.message).to.include('Modify Metadata Through Metadata API Functions').and.include('Modify All Data');
    expect(isOrgWideFailure(error)).to.equal(true);
  });

  it('recognises jsforce refusing SOAP for a JWT-based access token and says how to get past it', () => {
    const error = explainOrgError(
      new Error(
        'SOAP API does not support JWT-based access tokens for API versions below 68.0. Either use API version 68.0 ' +
          'or later, or disable the "Issue JSON Web Token (JWT)-based access tokens" setting in your Connected App'
      ),
      context
    );
    expect(error?.name).to.equal('JwtSoapRefusedError');
    expect(error?.actions?.join(' ')).to.include('--api-version 68.0').and.include('JWT');
  });

  it('explains a time-out with the instance and the attempts made, and names HTTP_TIMEOUT', () => {
    const abort = fault({ name: 'AbortError' }, 'The operation was aborted due to timeout of 30 minutes');
    const error = explainOrgError(abort, context, 3);
    expect(error?.name).to.equal('TimeoutError');
    expect(error?.message).to.equal('The org at https://acme.my.salesforce.com did not answer in time (3 attempt(s)).');
    expect(error?.actions?.join(' ')).to.contain('HTTP_TIMEOUT');
  });

  it('counts the attempts it is told (a write is sent once), and treats UNKNOWN_EXCEPTION as a server error', () => {
    const error = explainOrgError(
      fault({ errorCode: 'sf:UNKNOWN_EXCEPTION' }, 'An unexpected error occurred'),
      context,
      1
    );
    expect(error?.name).to.equal('ServerError');
    expect(error?.message).to.match(/^The org answered with a server error \(1 attempt\(s\)\): /);
  });

  it('recognises an answer cut short or not JSON as malformed', () => {
    expect(explainOrgError(fault({ errorCode: 'MALFORMED_RESPONSE' }, 'cut short'), context)?.name).to.equal(
      'MalformedResponseError'
    );
    expect(explainOrgError(new Error('Unclosed root tag\nLine: 0\nColumn: 2000\nChar: '), context)?.name).to.equal(
      'MalformedResponseError'
    );
    expect(explainOrgError(new SyntaxError('Unexpected end of JSON input'), context)?.name).to.equal(
      'MalformedResponseError'
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

  it('tells a lost answer (a write may have landed) from a connection that cannot be used at all', () => {
    const explained = (props: Record<string, unknown>, message = 'fault'): SfError | undefined =>
      explainOrgError(fault(props, message), context);
    const lost = [
      explained({ errorCode: 'ERROR_HTTP_503' }),
      explained({ name: 'AbortError' }, 'The operation was aborted due to timeout'),
      explained({ cause: fault({ code: 'ECONNRESET' }) }, 'fetch failed'),
      explained({ errorCode: 'MALFORMED_RESPONSE' }),
    ];
    const orgWide = [
      explained({ errorCode: 'INVALID_SESSION_ID' }),
      explained({ errorCode: 'REQUEST_LIMIT_EXCEEDED' }),
      explained({ errorCode: 'INSUFFICIENT_ACCESS' }),
    ];
    for (const error of lost) {
      expect(isAnswerLost(error), error?.name).to.equal(true);
      expect(isOrgWideFailure(error), error?.name).to.equal(false);
    }
    for (const error of orgWide) {
      expect(isOrgWideFailure(error), error?.name).to.equal(true);
      expect(isAnswerLost(error), error?.name).to.equal(false);
    }
    expect(isAnswerLost(new Error('anything else'))).to.equal(false);
  });

  it('ties every error code to its message, and carries the code without changing what --json shows', () => {
    const texts = Messages.loadMessages('plugin-sharing', 'errors');
    for (const code of Object.keys(ORG_ERRORS) as OrgErrorCode[]) {
      const error = orgError(code, ['a', 'b'], ['c']);
      expect(error.message, code).to.equal(texts.getMessage(`error.${code}`, ['a', 'b']));
      expect(error.name, code).to.equal(code.endsWith('Error') ? code : `${code}Error`);
      expect(orgErrorCode(error), code).to.equal(code);
      // The code lives beside the error, not in it: the error's own code (shown by --json) is the one createError gives.
      expect(error.code, code).to.equal(texts.createError(`error.${code}`, ['a', 'b'], ['c']).code);
    }
    expect(orgErrorCode(new SfError('same name, not ours', 'TimeoutError'))).to.equal(undefined);
    expect(isAnswerLost(new SfError('same name, not ours', 'TimeoutError'))).to.equal(false);
  });
});

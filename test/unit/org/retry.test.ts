import { expect } from 'chai';
import sinon from 'sinon';
import { DEFAULT_RETRY, isTimeout, isTransient, withRetry } from '../../../src/org/retry.js';

const fast = { attempts: 3, baseDelayMs: 1 };

function fault(props: Record<string, unknown>, message = 'fault'): Error {
  return Object.assign(new Error(message), props);
}

describe('retry', () => {
  it('classifies transient and permanent faults', () => {
    expect(isTransient(fault({ errorCode: 'ERROR_HTTP_503' }))).to.equal(true);
    expect(isTransient(fault({ code: 'ECONNRESET' }))).to.equal(true);
    expect(isTransient(new Error('socket hang up'))).to.equal(true);
    expect(isTransient(fault({ cause: fault({ code: 'ECONNRESET' }) }, 'fetch failed'))).to.equal(true);
    expect(isTransient(fault({ errorCode: 'INVALID_SESSION_ID' }))).to.equal(false);
    expect(isTransient(fault({ errorCode: 'REQUEST_LIMIT_EXCEEDED' }))).to.equal(false);
    expect(isTransient(fault({ errorCode: 'MALFORMED_QUERY' }))).to.equal(false);
    expect(isTransient('not an error')).to.equal(false);
  });

  it('reads SOAP fault codes without their namespace prefix, and counts UNKNOWN_EXCEPTION as transient', () => {
    expect(isTransient(fault({ errorCode: 'sf:SERVER_UNAVAILABLE' }))).to.equal(true);
    expect(isTransient(fault({ errorCode: 'sf:UNKNOWN_EXCEPTION' }))).to.equal(true);
    expect(isTransient(fault({ errorCode: 'sf:INVALID_SESSION_ID' }))).to.equal(false);
    // A DOMException-like numeric code is ignored, not crashed on.
    expect(isTransient(fault({ code: 20 }))).to.equal(false);
  });

  it('recognises a request abandoned for want of an answer as a time-out, and retries it', () => {
    const abort = fault({ name: 'AbortError' }, 'The operation was aborted due to timeout of 30 minutes');
    expect(isTimeout(abort)).to.equal(true);
    expect(isTransient(abort)).to.equal(true);
    expect(isTimeout(new Error('Request Timeout'))).to.equal(true);
    expect(isTimeout(fault({ name: 'AbortError' }, 'something else'))).to.equal(false);
    expect(isTimeout(new Error('timeout is a word in this message'))).to.equal(false);
    expect(isTimeout('not an error')).to.equal(false);
  });

  it('retries a transient fault and returns the later success', async () => {
    let calls = 0;
    const result = await withRetry(() => {
      calls++;
      return calls < 3 ? Promise.reject(fault({ errorCode: 'ERROR_HTTP_500' })) : Promise.resolve('ok');
    }, fast);
    expect(result).to.equal('ok');
    expect(calls).to.equal(3);
  });

  it('gives up after the bounded number of attempts', async () => {
    let calls = 0;
    let caught: unknown;
    try {
      await withRetry(() => {
        calls++;
        return Promise.reject(fault({ errorCode: 'ERROR_HTTP_503' }));
      }, fast);
    } catch (error) {
      caught = error;
    }
    expect(calls).to.equal(3);
    expect((caught as { errorCode: string }).errorCode).to.equal('ERROR_HTTP_503');
  });

  it('waits longer before each retry (250 ms, then 500 ms by default)', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const tries: number[] = [];
      const outcome = withRetry(() => {
        tries.push(Date.now());
        return Promise.reject(fault({ errorCode: 'ERROR_HTTP_503' }));
      }, DEFAULT_RETRY).catch((error: unknown) => error);
      await clock.runAllAsync();
      expect(((await outcome) as { errorCode: string }).errorCode).to.equal('ERROR_HTTP_503');
      expect(tries.map((at, i) => (i === 0 ? 0 : at - tries[i - 1]))).to.deep.equal([0, 250, 500]);
    } finally {
      clock.restore();
    }
  });

  it('does not retry a permanent fault', async () => {
    let calls = 0;
    let caught: unknown;
    try {
      await withRetry(() => {
        calls++;
        return Promise.reject(fault({ errorCode: 'INVALID_SESSION_ID' }));
      }, fast);
      expect.fail('withRetry swallowed the permanent fault');
    } catch (error) {
      caught = error;
    }
    expect(calls).to.equal(1);
    expect((caught as { errorCode?: string }).errorCode, String(caught)).to.equal('INVALID_SESSION_ID');
  });
});

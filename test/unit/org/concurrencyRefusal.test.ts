import { expect } from 'chai';
import { explainOrgError } from '../../../src/org/errors.js';
import { isConcurrencyRefusal, withConcurrencyBackoff } from '../../../src/org/retry.js';
import { createGate } from '../../../src/util/concurrency.js';

const refusal = (message: string, props: Record<string, unknown> = { errorCode: 'REQUEST_LIMIT_EXCEEDED' }): Error =>
  Object.assign(new Error(message), props);

describe('REQUEST_LIMIT_EXCEEDED: concurrency refusal or daily allowance', () => {
  it('tells a concurrency refusal (REST or SOAP) from the daily allowance by its message', () => {
    expect(isConcurrencyRefusal(refusal('ConcurrentRequests (Concurrent API Requests) Limit exceeded.'))).to.equal(
      true
    );
    expect(isConcurrencyRefusal(refusal('ConcurrentPerOrgLongTxn Limit exceeded.'))).to.equal(true);
    expect(
      isConcurrencyRefusal(
        refusal('REQUEST_LIMIT_EXCEEDED: ConcurrentRequests (Concurrent API Requests) Limit exceeded.', {
          name: 'sf:REQUEST_LIMIT_EXCEEDED',
        })
      )
    ).to.equal(true);
    expect(isConcurrencyRefusal(refusal('TotalRequests Limit exceeded.'))).to.equal(false);
    expect(isConcurrencyRefusal(new Error('Concurrent modification'))).to.equal(false);
  });

  it('explains a lasting concurrency refusal without promising a 24-hour wait', () => {
    const context = { org: 'prod' };
    const busy = explainOrgError(refusal('ConcurrentPerOrgLongTxn Limit exceeded.'), context);
    expect(busy?.name).to.equal('ConcurrentRequestLimitError');
    expect(`${busy?.message} ${busy?.actions?.join(' ')}`).not.to.include('24-hour');
    expect(explainOrgError(refusal('TotalRequests Limit exceeded.'), context)?.name).to.equal(
      'RequestLimitExceededError'
    );
  });

  it('sends a refused request again, lowering the limit each time, and gives up after the attempts', async () => {
    let calls = 0;
    let lowered = 0;
    const answer = await withConcurrencyBackoff(
      () => (++calls < 3 ? Promise.reject(refusal('ConcurrentRequests Limit exceeded.')) : Promise.resolve('ok')),
      () => lowered++,
      { attempts: 5, baseDelayMs: 1 }
    );
    expect([answer, calls, lowered]).to.deep.equal(['ok', 3, 2]);
    let tries = 0;
    const daily = withConcurrencyBackoff(
      () => {
        tries++;
        return Promise.reject(refusal('TotalRequests Limit exceeded.'));
      },
      () => undefined,
      { attempts: 5, baseDelayMs: 1 }
    );
    await daily.then(
      () => expect.fail('the daily refusal must not be retried'),
      () => expect(tries).to.equal(1)
    );
  });
});

describe('createGate', () => {
  it('lowers to 5 first, then halves, never below 1 (each lowering a burst apart)', () => {
    const gate = createGate(25, 0);
    expect([gate.lower(5), gate.lower(5), gate.lower(5), gate.lower(5)]).to.deep.equal([5, 2, 1, 1]);
  });

  it('lowers once for a burst of refusals, not once per refused request', async () => {
    const gate = createGate(25, 50);
    // 25 requests refused at the same moment: one lowering, to 5.
    expect(Array.from({ length: 25 }, () => gate.lower(5))).to.deep.equal(Array.from({ length: 25 }, () => 5));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(gate.lower(5)).to.equal(2);
  });

  it('never runs more tasks at once than the limit, also after lowering it', async () => {
    const gate = createGate(4);
    let running = 0;
    let most = 0;
    const task = async (): Promise<void> => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 10 }, () => gate.run(task)));
    expect(most).to.equal(4);
    gate.lower(2);
    most = 0;
    await Promise.all(Array.from({ length: 10 }, () => gate.run(task)));
    expect(most).to.equal(2);
  });
});

import { expect } from 'chai';
import { chunk, mapLimit, withDeadline } from '../../../src/util/concurrency.js';

describe('concurrency', () => {
  it('chunks into batches of at most the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(chunk([], 10)).to.deep.equal([]);
    expect(
      chunk(
        Array.from({ length: 250 }, (_, i) => i),
        10
      )
    ).to.have.length(25);
  });

  it('keeps results in input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapLimit([30, 10, 20, 5, 15, 1], 2, async (delay, index) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delay));
      inFlight--;
      return index;
    });
    expect(results).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(peak).to.equal(2);
  });

  it('rejects when a task fails', async () => {
    let caught: unknown;
    try {
      await mapLimit([1, 2], 2, (value) => (value === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(value)));
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.equal('boom');
  });

  it('withDeadline: the answer when it comes in time', async () => {
    expect(await withDeadline(Promise.resolve(7), 1000, () => new Error('late'))).to.equal(7);
  });

  it('withDeadline: the time-out error when the work never answers (a stalled read)', async () => {
    const never = new Promise<number>(() => {});
    const error = await withDeadline(never, 20, () => new Error('could not be read within 0 s')).then(
      () => undefined,
      (caught: unknown) => caught
    );
    expect((error as Error).message).to.equal('could not be read within 0 s');
  });

  it("withDeadline: the work's own failure, not the time-out", async () => {
    const error = await withDeadline(Promise.reject(new Error('EACCES')), 1000, () => new Error('late')).then(
      () => undefined,
      (caught: unknown) => caught
    );
    expect((error as Error).message).to.equal('EACCES');
  });
});

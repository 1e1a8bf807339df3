/**
 * Runs `task` over `items` with at most `limit` tasks in flight, keeping results in input order. The Metadata API and
 * REST endpoints are called in parallel batches, but an unbounded fan-out would trip the org's concurrent request
 * limits on large orgs.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      // eslint-disable-next-line no-await-in-loop
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Splits `items` into arrays of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** A limit on tasks in flight that can be lowered while tasks run (see {@link createGate}). */
export type Gate = {
  readonly limit: number;
  run<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Lowers the limit: to `first` when above it, else by half (never below 1). Returns the new limit. Calls within
   * `settleMs` of the last lowering are one burst (many requests refused at once): they lower it once, not once each.
   */
  lower(first: number): number;
};

/** At most `limit` tasks run at once; tasks over it wait their turn, in order. */
export function createGate(limit: number, settleMs = 500): Gate {
  let current = limit;
  let loweredAt = Number.NEGATIVE_INFINITY;
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = (): void => {
    while (running < current && waiting.length > 0) {
      running++;
      waiting.shift()!();
    }
  };
  return {
    get limit(): number {
      return current;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        next();
      });
      try {
        return await task();
      } finally {
        running--;
        next();
      }
    },
    lower(first: number): number {
      const now = Date.now();
      if (now - loweredAt < settleMs) return current;
      loweredAt = now;
      current = current > first ? first : Math.max(1, Math.floor(current / 2));
      return current;
    },
  };
}

/**
 * `work`, or `onTimeout()` thrown once `ms` have passed without an answer. The work itself is not cancelled (a read
 * stuck in the kernel cannot be): the caller stops waiting for it, and the timer never keeps the process alive.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

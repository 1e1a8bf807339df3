/** What a promise rejected with; fails the test when it fulfilled instead. */
export async function rejection<E = Error & { errorCode?: string; actions?: string[]; data?: unknown }>(
  promise: PromiseLike<unknown>,
  check?: (error: unknown) => void
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    check?.(error);
    return error as E;
  }
  throw new Error('expected a rejection');
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order in the
 * result. The first error stops the pool: no new call starts, the calls already in flight are
 * left to finish (each may record its own outcome), and then that first error is rethrown.
 *
 * @example
 * await mapWithConcurrency(keys, 16, (key) => store.get(key));
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const stops: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (stops.length === 0 && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        stops.push(error);
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (stops.length > 0) throw stops[0];
  return results;
}

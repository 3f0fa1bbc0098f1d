/**
 * Runs `create` once and hands every later caller the same promise — unless it rejected,
 * in which case the next caller tries again. For cold-start work (config, clients, the
 * token secret): a transient failure must not poison a warm container for its lifetime.
 *
 * @example
 * const getHandler = cacheUntilSuccess(() => buildHandlerFromEnv());
 * export const handler = async (event) => (await getHandler())(event);
 */
export function cacheUntilSuccess<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= Promise.resolve()
      .then(create)
      .catch((error: unknown) => {
        pending = null;
        throw error;
      });
    return pending;
  };
}

import { InvalidTokenError } from '../../publish/publish-errors.ts';
import type { TokenKeyRing } from '../../publish/subscription-token.ts';
import type { SecretRingSource } from './secret-ring.ts';

/**
 * Runs `use` with the cached link secrets; when it refuses a token as forged, runs it once
 * more with the secrets read again (rate-limited by the source), because right after a
 * rotation a link may carry the id of a key this container has not seen yet.
 */
export async function withFreshKeys<T>(
  source: SecretRingSource,
  use: (keys: TokenKeyRing) => Promise<T>,
): Promise<T> {
  try {
    return await use(await source.get());
  } catch (error) {
    if (!(error instanceof InvalidTokenError) || error.reason !== 'forged') throw error;
    return use(await source.refresh());
  }
}

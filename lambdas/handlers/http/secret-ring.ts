import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../errors.ts';
import { MINUTE_MS } from '../../shared/time.ts';

/** A secret as it rotates: the value in use, and the one it replaced (still accepted). */
export interface SecretRing {
  current: string;
  previous?: string | undefined;
}

/** Where a {@link SecretRing} comes from; cached, and refreshed when a value is not recognised. */
export interface SecretRingSource {
  /** The ring, from cache when it is younger than the source's max age. */
  get(): Promise<SecretRing>;
  /**
   * The ring read again, unless it was read very recently (then the cached one): called when a
   * request carries a value the cached ring does not know, which after a rotation is the new
   * one. The floor keeps a stream of bad requests from turning into Secrets Manager calls.
   */
  refresh(): Promise<SecretRing>;
}

/** A fixed ring (local runs, tests). */
export function staticSecretRing(ring: SecretRing): SecretRingSource {
  return { get: async () => ring, refresh: async () => ring };
}

/** Options of {@link secretsManagerRing}. */
export interface SecretsManagerRingOptions {
  /** The setting named in errors, e.g. `aws.tokenSecretArn`. */
  setting: string;
  /** Refused values: a reason, or null when acceptable. */
  weakness?: (secret: string) => string | null;
  /** Re-read after this long even when every value is recognised (default 5 minutes). */
  maxAgeMs?: number;
  /** Never re-read more often than this (default 30 s). */
  minRefreshMs?: number;
  now?: () => number;
}

/**
 * A ring read from Secrets Manager: `AWSCURRENT` and, when there is one, `AWSPREVIOUS`, the
 * stages Secrets Manager itself moves on `put-secret-value` (README "Rotating the link
 * secret"). Unreadable, empty or weak values fail with a ConfigError naming the setting.
 */
export function secretsManagerRing(
  client: Pick<SecretsManagerClient, 'send'>,
  secretArn: string,
  options: SecretsManagerRingOptions,
): SecretRingSource {
  const maxAgeMs = options.maxAgeMs ?? 5 * MINUTE_MS;
  const minRefreshMs = options.minRefreshMs ?? 30_000;
  const now = options.now ?? Date.now;
  let cached: { ring: Promise<SecretRing>; atMs: number } | null = null;

  async function stage(versionStage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
    try {
      const answer = await client.send(
        new GetSecretValueCommand({ SecretId: secretArn, VersionStage: versionStage }),
      );
      return answer.SecretString;
    } catch (error) {
      // A secret that was never rotated has no AWSPREVIOUS version.
      const missing =
        error instanceof ResourceNotFoundException ||
        (error as { name?: string }).name === 'ResourceNotFoundException';
      if (versionStage === 'AWSPREVIOUS' && missing) return undefined;
      throw new ConfigError(options.setting, `cannot read the secret: ${String(error)}`, {
        cause: error,
      });
    }
  }

  function checked(secret: string | undefined, which: string): string {
    if (secret === undefined || secret === '') {
      throw new ConfigError(options.setting, `the ${which} secret is empty`);
    }
    const weakness = options.weakness?.(secret) ?? null;
    if (weakness !== null)
      throw new ConfigError(options.setting, `the ${which} secret ${weakness}`);
    return secret;
  }

  async function read(): Promise<SecretRing> {
    const [current, previous] = await Promise.all([stage('AWSCURRENT'), stage('AWSPREVIOUS')]);
    return {
      current: checked(current, 'current'),
      ...(previous === undefined ? {} : { previous: checked(previous, 'previous') }),
    };
  }

  function load(): Promise<SecretRing> {
    const entry = { ring: read(), atMs: now() };
    // A failed read is not kept: the next request tries again.
    entry.ring.catch(() => {
      if (cached === entry) cached = null;
    });
    cached = entry;
    return entry.ring;
  }

  return {
    get: () => (cached !== null && now() - cached.atMs < maxAgeMs ? cached.ring : load()),
    refresh: () => (cached !== null && now() - cached.atMs < minRefreshMs ? cached.ring : load()),
  };
}

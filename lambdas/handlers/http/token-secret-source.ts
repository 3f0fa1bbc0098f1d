import type { Config } from '../../config.ts';
import { ConfigError } from '../../errors.ts';

/**
 * Where the HMAC secret of confirm/unsubscribe links comes from. Today: the config
 * (`tokenSecret`, env `AFTERSHOCK_TOKEN_SECRET`). The deployment will supply a source
 * reading `aws.tokenSecretArn` from Secrets Manager; handlers only see this function.
 */
export type TokenSecretSource = () => Promise<string>;

/**
 * The secret from config; rejects with a ConfigError when it is not set.
 *
 * @example
 * const secret = await configTokenSecretSource(config)();
 */
export function configTokenSecretSource(config: Pick<Config, 'tokenSecret'>): TokenSecretSource {
  return async () => {
    if (config.tokenSecret === undefined) {
      throw new ConfigError('tokenSecret', 'is required (env AFTERSHOCK_TOKEN_SECRET)');
    }
    return config.tokenSecret;
  };
}

/** Asks `source` once and hands every later caller the same answer (a failure is retried). */
export function cachedTokenSecretSource(source: TokenSecretSource): TokenSecretSource {
  let pending: Promise<string> | null = null;
  return () => {
    pending ??= source().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

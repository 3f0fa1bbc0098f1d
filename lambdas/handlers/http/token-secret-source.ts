import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Config, tokenSecretWeakness } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import { cacheUntilSuccess } from '../cache-until-success.ts';
import { type SecretRingSource, secretsManagerRing, staticSecretRing } from './secret-ring.ts';

/** The secret that signs new confirm/unsubscribe links (the current one of the ring). */
export type TokenSecretSource = () => Promise<string>;

/**
 * Where the link secrets come from: Secrets Manager when `aws.tokenSecretArn` is set (AWS:
 * `AWSCURRENT` and `AWSPREVIOUS`, re-read every few minutes and when a link names a key the
 * cached ring does not hold), else `tokenSecret` and `tokenSecretPrevious` from the
 * environment (local runs, tests). A weak secret is a ConfigError naming the setting.
 */
export function tokenKeySourceFor(
  config: Pick<Config, 'tokenSecret' | 'tokenSecretPrevious' | 'aws'>,
  client: () => Pick<SecretsManagerClient, 'send'>,
): SecretRingSource {
  const arn = config.aws.tokenSecretArn;
  if (arn !== undefined) {
    return secretsManagerRing(client(), arn, {
      setting: 'aws.tokenSecretArn',
      weakness: tokenSecretWeakness,
    });
  }
  if (config.tokenSecret === undefined) {
    const missing = async () => {
      throw new ConfigError('tokenSecret', 'is required (env AFTERSHOCK_TOKEN_SECRET)');
    };
    return { get: missing, refresh: missing };
  }
  return staticSecretRing({ current: config.tokenSecret, previous: config.tokenSecretPrevious });
}

/**
 * The signing secret for this deployment, asked once per container (a failure is retried):
 * the sender and the reporter sign links at cold start. See {@link tokenKeySourceFor}.
 */
export function tokenSecretSourceFor(
  config: Pick<Config, 'tokenSecret' | 'tokenSecretPrevious' | 'aws'>,
  client: () => Pick<SecretsManagerClient, 'send'>,
): TokenSecretSource {
  const ring = tokenKeySourceFor(config, client);
  return cacheUntilSuccess(async () => (await ring.get()).current);
}

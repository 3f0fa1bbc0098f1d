import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import { cacheUntilSuccess } from '../cache-until-success.ts';

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
  return cacheUntilSuccess(source);
}

/**
 * The secret from Secrets Manager (`aws.tokenSecretArn`), as the stack stores it: the
 * generated secret string itself. Rejects with a ConfigError naming the setting when the
 * secret is empty or unreadable, so a misconfigured deployment says what is wrong.
 */
export function secretsManagerTokenSecretSource(
  client: Pick<SecretsManagerClient, 'send'>,
  secretArn: string,
): TokenSecretSource {
  return async () => {
    let secret: string | undefined;
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      secret = answer.SecretString;
    } catch (error) {
      throw new ConfigError('aws.tokenSecretArn', `cannot read the secret: ${String(error)}`, {
        cause: error,
      });
    }
    if (secret === undefined || secret.length < 16) {
      throw new ConfigError('aws.tokenSecretArn', 'the secret must hold at least 16 characters');
    }
    return secret;
  };
}

/**
 * Where this deployment's secret comes from: Secrets Manager when `aws.tokenSecretArn` is
 * set (AWS), else `tokenSecret` (local runs, tests); asked once per container.
 */
export function tokenSecretSourceFor(
  config: Pick<Config, 'tokenSecret' | 'aws'>,
  client: () => Pick<SecretsManagerClient, 'send'>,
): TokenSecretSource {
  const arn = config.aws.tokenSecretArn;
  return cachedTokenSecretSource(
    arn === undefined
      ? configTokenSecretSource(config)
      : secretsManagerTokenSecretSource(client(), arn),
  );
}

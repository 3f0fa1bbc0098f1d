import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/errors.ts';
import { tokenSecretSourceFor } from '../../../lambdas/handlers/http/token-secret-source.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';

/** Stands in for Secrets Manager (no local emulator exists); counts the calls it answers. */
function secretsClient(answer: () => Promise<{ SecretString?: string }>) {
  const client = {
    calls: 0,
    send: async () => {
      client.calls += 1;
      return answer();
    },
  };
  return client;
}

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:aftershock-token-AbCdEf';

describe('tokenSecretSourceFor', () => {
  it('reads the secret from Secrets Manager once per container when aws.tokenSecretArn is set', async () => {
    const client = secretsClient(async () => ({ SecretString: 's'.repeat(32) }));
    const source = tokenSecretSourceFor(
      parseConfig({ aws: { tokenSecretArn: ARN } }),
      () => client,
    );
    expect(await source()).toBe('s'.repeat(32));
    await source();
    expect(client.calls, 'cached after the first read').toBe(1);
  });

  it('names the setting when the stored secret is too short to sign with', async () => {
    const client = secretsClient(async () => ({ SecretString: 'short' }));
    const source = tokenSecretSourceFor(
      parseConfig({ aws: { tokenSecretArn: ARN } }),
      () => client,
    );
    await expect(source()).rejects.toThrow(/aws\.tokenSecretArn/);
  });

  it('names the setting when the secret cannot be read, and tries again next time', async () => {
    let fail = true;
    const client = secretsClient(async () => {
      if (fail) throw new Error('AccessDeniedException');
      return { SecretString: 'x'.repeat(20) };
    });
    const source = tokenSecretSourceFor(
      parseConfig({ aws: { tokenSecretArn: ARN } }),
      () => client,
    );
    await expect(source()).rejects.toBeInstanceOf(ConfigError);
    fail = false;
    expect(await source(), 'a failure is not cached').toBe('x'.repeat(20));
  });

  it('uses tokenSecret from config when no ARN is set, and says which setting is missing', async () => {
    const never = () => {
      throw new Error('Secrets Manager must not be asked');
    };
    const local = 'local-secret-0123456789-abcdefghijkl';
    expect(await tokenSecretSourceFor(parseConfig({ tokenSecret: local }), never)()).toBe(local);
    await expect(tokenSecretSourceFor(parseConfig({}), never)()).rejects.toThrow(/tokenSecret/);
  });
});

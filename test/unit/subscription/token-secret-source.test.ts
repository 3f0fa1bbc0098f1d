import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/errors.ts';
import { secretsManagerRing } from '../../../lambdas/handlers/http/secret-ring.ts';
import {
  tokenKeySourceFor,
  tokenSecretSourceFor,
} from '../../../lambdas/handlers/http/token-secret-source.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';

const CURRENT = 'current-secret-0123456789-abcdefghijklmnop';
const PREVIOUS = 'previous-secret-0123456789-abcdefghijklmno';

/**
 * Stands in for Secrets Manager (no local emulator exists): answers by version stage, as the
 * real service does, and counts the calls. A stage it has no value for is ResourceNotFound.
 */
function secretsClient(stages: () => Partial<Record<string, string>>) {
  const client = {
    calls: 0,
    send: async (command: GetSecretValueCommand) => {
      client.calls += 1;
      const value = stages()[command.input.VersionStage ?? 'AWSCURRENT'];
      if (value === undefined) {
        throw Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' });
      }
      return { SecretString: value };
    },
  };
  return client;
}

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:aftershock-token-AbCdEf';
const withArn = parseConfig({ aws: { tokenSecretArn: ARN } });

describe('tokenKeySourceFor', () => {
  it('reads AWSCURRENT and AWSPREVIOUS, the stages put-secret-value moves', async () => {
    const client = secretsClient(() => ({ AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS }));
    const ring = await tokenKeySourceFor(withArn, () => client).get();
    expect(ring).toEqual({ current: CURRENT, previous: PREVIOUS });
  });

  it('has no previous key before the first rotation', async () => {
    const client = secretsClient(() => ({ AWSCURRENT: CURRENT }));
    expect(await tokenKeySourceFor(withArn, () => client).get()).toEqual({ current: CURRENT });
  });

  it('keeps the ring 5 minutes, and refreshes a rotated one at most every 30 s', async () => {
    let nowMs = 0;
    let current = CURRENT;
    const client = secretsClient(() => ({ AWSCURRENT: current }));
    const source = secretsManagerRing(client, ARN, {
      setting: 'aws.tokenSecretArn',
      now: () => nowMs,
    });
    await source.get();
    const reads = client.calls;
    current = PREVIOUS;
    nowMs = 10_000;
    expect((await source.get()).current, 'cached').toBe(CURRENT);
    expect((await source.refresh()).current, 'a refresh within 30 s is the cache').toBe(CURRENT);
    expect(client.calls).toBe(reads);
    nowMs = 31_000;
    expect((await source.refresh()).current, 'after 30 s a refresh reads again').toBe(PREVIOUS);
    nowMs = 31_000 + 5 * 60_000;
    current = CURRENT;
    expect((await source.get()).current, 'after 5 minutes a get reads again').toBe(CURRENT);
  });

  it('refuses a weak stored secret, naming the setting (audit #11)', async () => {
    const client = secretsClient(() => ({ AWSCURRENT: 's'.repeat(64) }));
    await expect(tokenKeySourceFor(withArn, () => client).get()).rejects.toThrow(
      /aws\.tokenSecretArn.*12 different characters/,
    );
  });

  it('names the setting when the secret cannot be read, and tries again next time', async () => {
    let fail = true;
    const client = secretsClient(() => {
      if (fail) throw new Error('AccessDeniedException');
      return { AWSCURRENT: CURRENT };
    });
    const source = tokenSecretSourceFor(withArn, () => client);
    await expect(source()).rejects.toBeInstanceOf(ConfigError);
    fail = false;
    expect(await source(), 'a failure is not cached').toBe(CURRENT);
  });

  it('uses tokenSecret and tokenSecretPrevious from config when no ARN is set', async () => {
    const never = () => {
      throw new Error('Secrets Manager must not be asked');
    };
    const local = parseConfig({ tokenSecret: CURRENT, tokenSecretPrevious: PREVIOUS });
    expect(await tokenKeySourceFor(local, never).get()).toEqual({
      current: CURRENT,
      previous: PREVIOUS,
    });
    expect(await tokenSecretSourceFor(local, never)()).toBe(CURRENT);
    await expect(tokenSecretSourceFor(parseConfig({}), never)()).rejects.toThrow(/tokenSecret/);
  });
});

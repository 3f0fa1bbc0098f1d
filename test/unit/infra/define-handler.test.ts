import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../lambdas/errors.ts';
import { defineHandler } from '../../../lambdas/handlers/define-handler.ts';
import { sesEventsFunctionConfigSchema } from '../../../lambdas/handlers/function-config.ts';

const context = { awsRequestId: 'req-1', functionName: 'fn', getRemainingTimeInMillis: () => 1 };

describe('defineHandler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('parses the settings and builds the handler once when invoked twice', async () => {
    vi.stubEnv('AFTERSHOCK_SUBSCRIBERS_TABLE', 'subscribers');
    vi.stubEnv('AFTERSHOCK_LEDGER_TABLE', 'ledger');
    const tables: string[] = [];
    const handler = defineHandler(sesEventsFunctionConfigSchema, (config) => {
      tables.push(config.aws.subscribersTable);
      return async (event: number) => event + 1;
    });
    expect(await handler(1, context)).toBe(2);
    expect(await handler(2, context)).toBe(3);
    expect(tables).toEqual(['subscribers']);
  });

  it('names the missing variable, then builds at the next invocation once it is set', async () => {
    vi.stubEnv('AFTERSHOCK_SUBSCRIBERS_TABLE', 'subscribers');
    vi.stubEnv('AFTERSHOCK_LEDGER_TABLE', undefined);
    const handler = defineHandler(sesEventsFunctionConfigSchema, (config) => {
      return async () => config.aws.ledgerTable;
    });
    const first = handler(undefined, context);
    await expect(first).rejects.toThrow(ConfigError);
    await expect(first).rejects.toThrow(/aws\.ledgerTable.*\(env AFTERSHOCK_LEDGER_TABLE\)/);
    vi.stubEnv('AFTERSHOCK_LEDGER_TABLE', 'ledger');
    expect(await handler(undefined, context)).toBe('ledger');
  });
});

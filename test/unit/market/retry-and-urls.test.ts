import { describe, expect, it } from 'vitest';
import {
  BadSymbol,
  ExchangeNotAvailable,
  RateLimitExceeded,
} from '../../../lambdas/market/venues/ccxt-errors.ts';
import { isRetryable, withRetry } from '../../../lambdas/market/venues/retry-policy.ts';
import { rewriteApiHosts } from '../../../lambdas/market/venues/rewrite-api-hosts.ts';

describe('rewriteApiHosts', () => {
  it('replaces hosts of REST and websocket URLs and keeps their paths', () => {
    const api = {
      fapiPublic: 'https://fapi.binance.com/fapi/v1',
      ws: { future: 'wss://fstream.binance.com/ws' },
    };
    expect(rewriteApiHosts(api, 'http://127.0.0.1:9/binanceusdm')).toEqual({
      fapiPublic: 'http://127.0.0.1:9/binanceusdm/fapi/v1',
      ws: { future: 'ws://127.0.0.1:9/binanceusdm/ws' },
    });
  });

  it('rewrites ccxt hostname placeholders too', () => {
    expect(rewriteApiHosts('https://api.{hostname}', 'https://proxy.example.com')).toBe(
      'https://proxy.example.com',
    );
  });
});

describe('retry policy', () => {
  it('never retries HTTP 451 although ccxt maps it to a NetworkError', () => {
    const geo = new ExchangeNotAvailable(
      'binanceusdm GET https://fapi.binance.com/fapi/v1/klines 451 Unavailable',
    );
    expect(isRetryable(geo)).toBe(false);
    expect(
      isRetryable(new ExchangeNotAvailable('okx GET https://www.okx.com 503 Service Unavailable')),
    ).toBe(true);
    expect(isRetryable(new BadSymbol('bybit does not have market symbol X'))).toBe(false);
  });

  it('retries rate limits with backoff until the call succeeds', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new RateLimitExceeded('429');
        return 'ok';
      },
      { attempts: 3, baseDelayMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { NotSupported } from '../../../lambdas/market/venues/ccxt-errors.ts';
import { loadExchangeClass } from '../../../lambdas/market/venues/ccxt-exchange-loader.ts';
import {
  implicitEndpoint,
  requireUnifiedMethod,
} from '../../../lambdas/market/venues/venue-capability.ts';

describe('requireUnifiedMethod', () => {
  it('passes when the venue offers the method', async () => {
    const Okx = await loadExchangeClass('okx');
    expect(() => requireUnifiedMethod(new Okx(), 'fetchOpenInterest')).not.toThrow();
  });

  it('throws NotSupported naming venue and method when the has flag is off', async () => {
    const Bybit = await loadExchangeClass('bybit');
    const bybit = new Bybit({ has: { fetchFundingRate: false } });
    expect(() => requireUnifiedMethod(bybit, 'fetchFundingRate')).toThrow(NotSupported);
    expect(() => requireUnifiedMethod(bybit, 'fetchFundingRate')).toThrow(
      /bybit does not support fetchFundingRate/,
    );
  });

  it('throws NotSupported for a method ccxt does not know at all', async () => {
    const Gate = await loadExchangeClass('gate');
    expect(() => requireUnifiedMethod(new Gate(), 'fetchEverything')).toThrow(NotSupported);
  });
});

describe('implicitEndpoint', () => {
  it('returns the endpoint bound to its exchange', async () => {
    const Okx = await loadExchangeClass('okx');
    expect(typeof implicitEndpoint(new Okx(), 'publicGetMarketIndexTickers')).toBe('function');
  });

  it('throws NotSupported naming the endpoint this ccxt version lacks', async () => {
    const Okx = await loadExchangeClass('okx');
    expect(() => implicitEndpoint(new Okx(), 'publicGetNoSuchThing')).toThrow(
      /okx has no publicGetNoSuchThing endpoint/,
    );
  });
});

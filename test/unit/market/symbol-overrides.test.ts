import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import { withSymbolOverrides } from '../../../lambdas/market/venues/symbol-overrides.ts';
import { VENUE_PROFILES } from '../../../lambdas/market/venues/venue-profiles.ts';

describe('withSymbolOverrides', () => {
  it('uses the configured symbol for a listed asset and the default for the others', () => {
    const profile = withSymbolOverrides(VENUE_PROFILES.bybit, { BTC: 'BTC/USDC:USDC' });
    expect(profile.perpSymbol('BTC')).toBe('BTC/USDC:USDC');
    expect(profile.perpSymbol('ETH')).toBe('ETH/USDT:USDT');
    expect(profile.spotSymbol('BTC'), 'the override names the perp only').toBe('BTC/USDT');
  });

  it('keeps the venue defaults without overrides (Hyperliquid settles in USDC)', () => {
    expect(withSymbolOverrides(VENUE_PROFILES.hyperliquid, undefined).perpSymbol('SOL')).toBe(
      'SOL/USDC:USDC',
    );
    expect(withSymbolOverrides(VENUE_PROFILES.okx, {}), 'same profile object').toBe(
      VENUE_PROFILES.okx,
    );
  });

  it('does not read inherited keys as configured symbols', () => {
    const profile = withSymbolOverrides(VENUE_PROFILES.gate, { BTC: 'BTC/USD:BTC' });
    expect(profile.perpSymbol('toString')).toBe('toString/USDT:USDT');
  });
});

describe('venueConfigSchema symbols', () => {
  it('accepts asset → ccxt perp symbol and leaves it absent by default', () => {
    const parsed = venueConfigSchema.parse({ id: 'bybit', symbols: { BTC: 'BTC/USDC:USDC' } });
    expect(parsed.symbols).toEqual({ BTC: 'BTC/USDC:USDC' });
    expect(venueConfigSchema.parse({ id: 'okx' }).symbols).toBeUndefined();
  });

  it('rejects a lower-case asset and a symbol that is not a ccxt perp symbol', () => {
    const badAsset = venueConfigSchema.safeParse({ id: 'okx', symbols: { btc: 'BTC/USDT:USDT' } });
    expect(badAsset.success).toBe(false);
    const spot = venueConfigSchema.safeParse({ id: 'okx', symbols: { BTC: 'BTC/USDT' } });
    expect(spot.error?.issues[0]?.message).toMatch(/ccxt perp symbol such as BTC\/USDC:USDC/);
  });
});

import { describe, expect, it } from 'vitest';
import { VENUE_IDS } from '../../../lambdas/config.ts';
import { ConfigError } from '../../../lambdas/errors.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { isSupportedVenue } from '../../../lambdas/market/venues/ccxt-exchange-loader.ts';

function configErrorOf(input: unknown): ConfigError {
  try {
    parseConfig(input as Parameters<typeof parseConfig>[0]);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('config schema', () => {
  it('collects from the five supported venues and BTC, ETH, SOL by default', () => {
    const config = parseConfig({});
    expect(config.venues.map((v) => v.id)).toEqual([...VENUE_IDS]);
    expect(config.assets).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('accepts exactly the venues the collector can read', () => {
    expect(
      VENUE_IDS.filter((id) => !isSupportedVenue(id)),
      'config and collector agree',
    ).toEqual([]);
  });

  it('names the setting and the venues allowed when a venue is unknown', () => {
    const error = configErrorOf({ venues: [{ id: 'kraken' }] });
    expect(error.setting).toBe('venues.0.id');
    expect(error.message).toContain('"binanceusdm", "bybit", "okx", "gate", "hyperliquid"');
  });

  it('names a misspelt key instead of ignoring it', () => {
    expect(configErrorOf({ venuse: [] }).message).toContain('unknown key(s) venuse');
  });

  it('rejects a symbol override that is not a ccxt perp symbol, naming the asset', () => {
    const error = configErrorOf({ venues: [{ id: 'okx', symbols: { BTC: 'BTCUSDT' } }] });
    expect(error.setting).toBe('venues.0.symbols.BTC');
  });

  it('rejects a venue timeout below half a second and an empty venue list', () => {
    expect(configErrorOf({ venues: [{ id: 'okx', timeoutMs: 10 }] }).setting).toBe(
      'venues.0.timeoutMs',
    );
    expect(configErrorOf({ venues: [] }).setting).toBe('venues');
  });
});

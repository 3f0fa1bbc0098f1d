import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import { collectTick } from '../../../lambdas/market/collect/collect-tick.ts';
import { type LiquidationBucket, snapshotSchema } from '../../../lambdas/model/index.ts';
import type { EmulatedLiquidation } from '../../support/exchange-emulator/emulator-types.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import {
  armLiquidations,
  dropAfterNextSubscription,
  emulatedTickInput,
  liquidationBurst,
  onlyVenues,
} from './emulated-tick.ts';
import { EMULATED_VENUES } from './emulated-venues.ts';

let emulator: ExchangeEmulator;

function totals(buckets: readonly LiquidationBucket[]) {
  return buckets.reduce(
    (t, b) => ({
      long: t.long + b.longUsd,
      short: t.short + b.shortUsd,
      n: t.n + b.longCount + b.shortCount,
    }),
    { long: 0, short: 0, n: 0 },
  );
}

beforeAll(async () => {
  emulator = await startExchangeEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
  armLiquidations(emulator);
});

describe('collectTick against the exchange emulator', () => {
  it('reads 5 venues × 3 assets into a snapshot the schema parses and the series builder accepts', async () => {
    const snapshot = await collectTick(emulatedTickInput(emulator));
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.venues.map((v) => [v.venue, v.status, v.instruments.length])).toEqual(
      EMULATED_VENUES.map((v) => [v, 'ok', 3]),
    );
    const okx = snapshot.venues.find((v) => v.venue === 'okx');
    const btc = okx?.instruments.find((i) => i.asset === 'BTC');
    expect(btc?.openInterest?.base, 'OKX contracts × 0.01 BTC').toBeCloseTo(80_000);
    for (const asset of ['BTC', 'ETH', 'SOL']) {
      const series = buildMarketSeries([snapshot], asset, {
        configuredVenues: [...EMULATED_VENUES],
      });
      expect(series.bars.length, asset).toBeGreaterThan(0);
      expect(series.missingVenues, `${asset}: every venue contributed`).toEqual([]);
      expect(series.liquidationFeeds.hyperliquid, 'Hyperliquid has no feed').toBe('none');
    }
  });

  it('reads Gate in base units (contracts × multiplier) with its 8h funding', async () => {
    const snapshot = await collectTick(onlyVenues(emulatedTickInput(emulator), ['gate']));
    const gate = snapshot.venues[0];
    expect(gate?.liquidationFeed).toBe('complete');
    const btc = gate?.instruments.find((i) => i.asset === 'BTC');
    expect(btc?.symbol).toBe('BTC/USDT:USDT');
    expect(btc?.openInterest?.base, '800M contracts × 0.0001 BTC').toBeCloseTo(80_000);
    expect(btc?.funding).toEqual({ rate: 0.0001, intervalHours: 8 });
    expect([btc?.markPrice, btc?.indexPrice]).toEqual([60_012, 60_000]);
    const volume = btc?.perpBars[0]?.volumeBase ?? 0;
    expect(volume, 'candle contracts scaled to BTC, not 10,000× too big').toBeLessThan(100);
    expect(btc?.spotBars?.length, 'Gate spot bars for the spot/perp ratio').toBeGreaterThan(0);
  });

  it('reads Hyperliquid hourly funding, oracle index and USDC perps without a feed', async () => {
    const snapshot = await collectTick(onlyVenues(emulatedTickInput(emulator), ['hyperliquid']));
    const hyperliquid = snapshot.venues[0];
    expect(hyperliquid?.liquidationFeed).toBe('none');
    const sol = hyperliquid?.instruments.find((i) => i.asset === 'SOL');
    expect(sol?.symbol).toBe('SOL/USDC:USDC');
    expect(sol?.funding).toEqual({ rate: 0.0000125, intervalHours: 1 });
    expect(sol?.openInterest?.usd).toBeCloseTo(9_000_000 * 150.03);
    expect(sol?.indexPrice, 'oraclePx').toBe(150);
    expect(sol?.liquidations).toEqual([]);
  });

  it('counts every liquidation of a burst by position side on each venue with a feed', async () => {
    const snapshot = await collectTick(emulatedTickInput(emulator));
    const withFeed = snapshot.venues.filter((v) => v.liquidationFeed !== 'none');
    expect(withFeed.map((v) => v.venue)).toEqual(['binanceusdm', 'bybit', 'okx', 'gate']);
    for (const venue of withFeed) {
      const btc = venue.instruments.find((i) => i.asset === 'BTC');
      expect(totals(btc?.liquidations ?? []), `${venue.venue} BTC`).toEqual({
        long: 60_000,
        short: 120_000,
        n: 2,
      });
    }
  });

  it('keeps Binance taker-buy volume and OI in USD = contracts × mark', async () => {
    const snapshot = await collectTick(onlyVenues(emulatedTickInput(emulator), ['binanceusdm']));
    const btc = snapshot.venues[0]?.instruments.find((i) => i.asset === 'BTC');
    expect(btc?.perpBars[0]?.takerBuyVolumeBase).toBeGreaterThan(0);
    expect(btc?.spotBars?.[0]?.takerBuyVolumeBase, 'spot klines carry it too').toBeGreaterThan(0);
    expect(btc?.openInterest?.usd).toBeCloseTo(80_000 * 60_012);
  });

  it('reads the configured symbol instead of the default one', async () => {
    const input = emulatedTickInput(emulator);
    const overridden = {
      ...input,
      venues: input.venues
        .filter((v) => v.id === 'bybit')
        .map((v) => ({ ...v, symbols: { ETH: 'ETH/USDC:USDC' } })),
    };
    const snapshot = await collectTick({ ...overridden, liquidationWindowMs: 300 });
    const bybit = snapshot.venues[0];
    expect(bybit?.status, 'the emulator lists no ETH/USDC perp').toBe('partial');
    expect(bybit?.error).toMatch(/ETH: unknown symbol.*ETH\/USDC:USDC/);
    expect(bybit?.instruments.map((i) => i.symbol)).toEqual(['BTC/USDT:USDT', 'SOL/USDT:USDT']);
  });
});

describe('websocket drop mid-window', () => {
  it('reconnects and counts the liquidations before and after the drop', async () => {
    const input = onlyVenues(emulatedTickInput(emulator, { liquidationWindowMs: 2_000 }), [
      'binanceusdm',
    ]);
    const running = collectTick(input);
    let droppedAtMs = 0;
    const dropper = (async () => {
      const dropped = await dropAfterNextSubscription(emulator, 'binanceusdm');
      droppedAtMs = Date.now();
      expect(dropped).toBe(1);
    })();
    const [snapshot] = await Promise.all([running, dropper]);
    const btc = snapshot.venues[0]?.instruments.find((i) => i.asset === 'BTC');
    const longCount = (btc?.liquidations ?? []).reduce((n, b) => n + b.longCount, 0);
    expect(longCount, 'one burst before the drop, one after resubscribing').toBe(2);
    // Until the burst after resubscribing arrived nobody heard the feed: that time is a gap,
    // not a stretch without liquidations.
    const gaps = (snapshot.venues[0]?.liquidationGaps ?? []).map((g) => ({
      fromMs: Date.parse(g.from),
      toMs: Date.parse(g.to),
    }));
    const drop = gaps.find((g) => g.fromMs >= droppedAtMs - 50);
    expect(drop, `a gap from the drop at ${new Date(droppedAtMs).toISOString()}`).toBeDefined();
    expect(drop?.fromMs).toBeLessThanOrEqual(droppedAtMs + 1_000);
    expect(drop?.toMs, 'it ends when the feed was heard again').toBeLessThan(
      Date.parse(snapshot.window.to),
    );
    const series = buildMarketSeries([snapshot], 'BTC', { configuredVenues: ['binanceusdm'] });
    expect(series.unwatchedLiquidations).toContainEqual(
      expect.objectContaining({ venue: 'binanceusdm', fromMs: drop?.fromMs, toMs: drop?.toMs }),
    );
  });
});

describe('contiguous counting windows', () => {
  it('counts each event once across back-to-back ticks and records when nobody listened', async () => {
    const stale: EmulatedLiquidation = {
      asset: 'BTC',
      positionSide: 'long',
      sizeBase: 100,
      price: 60_000,
      timeMs: Date.now() - 3_600_000,
    };
    emulator.setSubscribeBurst('bybit', () => [...liquidationBurst(), stale]);
    const input = onlyVenues(emulatedTickInput(emulator), ['bybit']);
    const first = await collectTick(input);
    const second = await collectTick({ ...input, windowFromMs: Date.parse(first.window.to) });
    expect(second.window.from, 'the second window starts where the first ended').toBe(
      first.window.to,
    );
    const [gap] = second.venues[0]?.liquidationGaps ?? [];
    expect(gap?.from, 'the time between the two ticks is a recorded gap').toBe(first.window.to);
    expect(Date.parse(gap?.to ?? '')).toBeLessThan(Date.parse(second.window.to));
    // The bar still forming has no perp bar yet (the next tick reads it closed), so the
    // buckets are summed here; the series sums them per bar once that bar exists.
    const longUsd = [first, second]
      .flatMap((s) => s.venues[0]?.instruments.find((i) => i.asset === 'BTC')?.liquidations ?? [])
      .reduce((sum, b) => sum + b.longUsd, 0);
    expect(longUsd, 'one 1-BTC long per tick; the hour-old event in neither window').toBe(120_000);
  });
});

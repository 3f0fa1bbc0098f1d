import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMarketBeyond } from '../../../lambdas/analysis/index.ts';
import {
  applyBeyondToDay,
  applyBeyondToMarketRollup,
  beyondFromRollups,
} from '../../../lambdas/market/rollups/market-day-rollup.ts';
import {
  decodeMarketRollup,
  encodeMarketRollup,
  RollupDataError,
  sameMarketRollup,
} from '../../../lambdas/market/rollups/rollup-codec.ts';
import { generateMarketScenario } from '../../../lambdas/market/scenarios/index.ts';
import type { MarketDayRollup, MarketRollup, Snapshot } from '../../../lambdas/model/index.ts';
import { spanOfSnapshot } from '../../../lambdas/use-cases/roll-up-snapshots.ts';
import { SMALL_MARKET_WITH_TAIL } from '../../support/market-datasets.ts';

const scenario = generateMarketScenario(SMALL_MARKET_WITH_TAIL);
const DAY = '2026-03-12';
const dayFrom = Date.parse(`${DAY}T00:00:00Z`);
const daySpan = { fromMs: dayFrom, toMs: dayFrom + 86_400_000 };
const HOUR_MS = 3_600_000;

const around = (fromMs: number, toMs: number): Snapshot[] =>
  scenario.snapshots.filter(
    (s) =>
      Date.parse(s.takenAt) >= fromMs - 90 * 60_000 && Date.parse(s.takenAt) < toMs + 30 * 60_000,
  );

/** The day rolled up one tick at a time, as the collector does (each tick from the ticks around it). */
function tickByTick(ticks: readonly Snapshot[]): MarketDayRollup | undefined {
  let market: MarketDayRollup | undefined;
  for (const tick of ticks) {
    const span = spanOfSnapshot(tick);
    const clipped = {
      fromMs: Math.max(span.fromMs, daySpan.fromMs),
      toMs: Math.min(span.toMs, daySpan.toMs),
    };
    market = applyBeyondToDay(market, readMarketBeyond(around(span.fromMs, span.toMs), 5), clipped);
  }
  return market;
}

const dayTicks = scenario.snapshots.filter((s) => s.window.from.startsWith(DAY));
const wholeDay = applyBeyondToDay(
  undefined,
  readMarketBeyond(around(daySpan.fromMs, daySpan.toMs), 5),
  daySpan,
);

/** The day's market rollup, from a read of the whole day's snapshots. */
const rollup = applyBeyondToMarketRollup(
  null,
  DAY,
  readMarketBeyond(around(daySpan.fromMs, daySpan.toMs), 5),
  daySpan,
) as MarketRollup;

describe('applyBeyondToDay', () => {
  it('gives the day a whole-day read gives when ticks are applied one by one', () => {
    const ticked = tickByTick(dayTicks);
    expect(ticked?.bars5m.length).toBeGreaterThan(200);
    expect(ticked?.bars5m).toEqual(wholeDay?.bars5m);
    expect(ticked?.largest).toEqual(wholeDay?.largest);
    expect(ticked?.leverage).toEqual(wholeDay?.leverage);
    expect(ticked?.scopes).toEqual(wholeDay?.scopes);
  });

  it('changes nothing when a tick is applied again', () => {
    const tick = dayTicks[100] as Snapshot;
    const span = spanOfSnapshot(tick);
    const again = applyBeyondToDay(
      wholeDay,
      readMarketBeyond(around(span.fromMs, span.toMs), 5),
      span,
    );
    expect(again).toEqual(wholeDay);
  });

  it('keeps each bar’s ten largest orders and the first bulk reading of each hour', () => {
    const perBar = new Map<number, number>();
    for (const order of wholeDay?.largest ?? []) {
      const bar = Math.floor(order.timeMs / 300_000);
      perBar.set(bar, (perBar.get(bar) ?? 0) + 1);
    }
    expect(Math.max(...perBar.values())).toBeLessThanOrEqual(10);
    const readings = wholeDay?.leverage ?? [];
    expect(readings.length, 'one an hour').toBe(24);
    expect(readings.map((r) => (r.atMs - dayFrom) % HOUR_MS)).toEqual(Array(24).fill(5 * 60_000));
    const pepe = Object.values(readings[0]?.byCoin.PEPE ?? {})[0];
    expect(Number.isInteger(pepe?.oiUsd), 'whole dollars').toBe(true);
  });

  it('leaves a span no tick read the market in unknown, and the rest as it was', () => {
    const hole = { fromMs: dayFrom + 6 * HOUR_MS, toMs: dayFrom + 7 * HOUR_MS };
    const holed = applyBeyondToDay(wholeDay, null, hole);
    const inHole = (ms: number) => ms >= hole.fromMs && ms < hole.toMs;
    expect(holed?.bars5m.some((b) => inHole(b.openTimeMs))).toBe(false);
    expect(holed?.bars5m.length).toBe((wholeDay?.bars5m.length ?? 0) - 12);
    expect(holed?.leverage.length).toBe(23);
  });
});

describe('beyondFromRollups', () => {
  it('reads back the day’s liquidations per coin and venue, hourly as well as every 5 minutes', () => {
    const range = { fromMs: dayFrom + 18 * HOUR_MS, toMs: dayFrom + 24 * HOUR_MS };
    const total = (b: ReturnType<typeof beyondFromRollups>) =>
      (b?.bars ?? []).reduce(
        (sum, bar) =>
          sum +
          Object.values(bar.byCoin)
            .flatMap((v) => Object.values(v))
            .reduce((s, v) => s + v.longUsd + v.shortUsd, 0),
        0,
      );
    const fine = beyondFromRollups([rollup], range, 5);
    const hourly = beyondFromRollups([rollup], range, 60);
    expect(total(fine)).toBeGreaterThan(1e6);
    expect(total(hourly)).toBeCloseTo(total(fine), 0);
    expect(hourly?.bars.every((b) => b.openTimeMs % HOUR_MS === 0)).toBe(true);
    const direct = readMarketBeyond(
      scenario.snapshots.filter(
        (s) => Date.parse(s.window.from) >= range.fromMs && Date.parse(s.window.to) <= range.toMs,
      ),
      5,
    );
    expect(total(fine)).toBeCloseTo(total(direct), 0);
    expect(fine?.largest.slice(0, 10)).toEqual(direct?.largest.slice(0, 10));
  });

  it('is null when no day read the market', () => {
    expect(beyondFromRollups([], daySpan, 5)).toBeNull();
    expect(applyBeyondToMarketRollup(null, DAY, null, daySpan), 'nothing to store').toBeNull();
  });
});

describe('the market part of a stored rollup', () => {
  it('reads back as it was written', () => {
    const decoded = decodeMarketRollup(
      encodeMarketRollup(rollup),
      'rollups/market/2026/03/12.json.gz',
      DAY,
    );
    expect(sameMarketRollup(decoded, rollup)).toBe(true);
    expect(decoded.market).toEqual(rollup.market);
  });

  it('refuses a negative liquidation, naming where it is', () => {
    const bars5m = rollup.market?.bars5m ?? [];
    const [first] = bars5m;
    const bad = {
      ...rollup,
      market: {
        ...rollup.market,
        bars5m: [{ ...first, byCoin: { PEPE: { okx: { longUsd: -1, shortUsd: 0 } } } }],
      },
    } as MarketRollup;
    expect(() => encodeMarketRollup(bad)).toThrow(/market.*bars5m.*0.*byCoin/s);
    const bytes = Buffer.from(
      JSON.stringify({
        ...bad,
        market: {
          ...bad.market,
          largest: { coin: [], symbol: [], side: [], usd: [], price: [], timeMs: [], venue: [] },
        },
      }),
    );
    try {
      decodeMarketRollup(gzipSync(bytes), 'rollups/market/2026/03/12.json.gz', DAY);
      expect.unreachable('a negative liquidation was read');
    } catch (error) {
      expect(error).toBeInstanceOf(RollupDataError);
      expect((error as Error).message).toMatch(
        /market\.bars5m\.0\.byCoin: expected coins mapped to venues/,
      );
    }
  });

  it('stores the orders as columns and refuses columns of different lengths', () => {
    const stored = JSON.parse(gunzipSync(encodeMarketRollup(rollup)).toString('utf8'));
    expect(stored.market.largest.usd.length).toBe(rollup.market?.largest.length);
    stored.market.largest.price.pop();
    expect(() =>
      decodeMarketRollup(
        gzipSync(Buffer.from(JSON.stringify(stored))),
        'rollups/market/2026/03/12.json.gz',
        DAY,
      ),
    ).toThrow(/market\.largest: price has \d+ orders, not \d+/);
  });
});

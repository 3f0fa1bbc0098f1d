import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { emptyDayRollup } from '../../../lambdas/market/rollups/apply-series-to-day.ts';
import {
  decodeRollup,
  encodeRollup,
  RollupDataError,
  sameRollup,
} from '../../../lambdas/market/rollups/rollup-codec.ts';
import type { DayRollup, SeriesBar } from '../../../lambdas/model/index.ts';

function bar(openTimeMs: number, liqByVenue: SeriesBar['liqByVenue']): SeriesBar {
  return {
    openTimeMs,
    open: 100,
    high: 101,
    low: 99,
    close: 100.5,
    oiBase: 10,
    oiUsd: 1005,
    fedOiUsd: 804,
    fundingRate8h: null,
    premium: 0.0001,
    perpVolumeUsd: 5e6,
    spotVolumeUsd: null,
    perpTakerDeltaUsd: -2e5,
    spotTakerDeltaUsd: null,
    liqLongUsd: liqByVenue.bybit ? liqByVenue.bybit.longUsd : null,
    liqShortUsd: liqByVenue.bybit ? liqByVenue.bybit.shortUsd : null,
    liqByVenue,
    coverage: 0.75,
  };
}

const DAY = '2026-03-10';
const T0 = Date.parse(`${DAY}T00:00:00Z`);

function rollup(): DayRollup {
  const bars = [bar(T0, { bybit: { longUsd: 0, shortUsd: 5 } }), bar(T0 + 300_000, {})];
  return {
    ...emptyDayRollup(DAY),
    ticks: [{ fromMs: T0, toMs: T0 + 600_000 }],
    assets: {
      BTC: {
        simulated: false,
        venues: ['bybit', 'okx'],
        missingVenues: ['okx'],
        liquidationFeeds: { bybit: 'complete' },
        unwatchedLiquidations: [],
        excludedInputs: [],
        bars5m: bars,
        bars1h: [],
      },
    },
  };
}

/** The parts of the stored JSON the tests below change. */
interface Stored {
  assets: {
    BTC: {
      bars5m: {
        close: number[];
        low: number[];
        fedOiUsd?: Array<number | null>;
        liqByVenue: { bybit: { longUsd: number[] } };
      };
    };
  };
}

/** The stored JSON of `r`, changed by `edit`, gzipped again. */
function tampered(r: DayRollup, edit: (stored: Stored) => void): Buffer {
  const stored = JSON.parse(gunzipSync(encodeRollup(r)).toString('utf8')) as Stored;
  edit(stored);
  return gzipSync(JSON.stringify(stored));
}

describe('rollup codec', () => {
  it('gives back the same bars, unknowns as null and venues not counted as absent, when decoding what it encoded', () => {
    const decoded = decodeRollup(encodeRollup(rollup()), 'k', DAY);
    expect(decoded).toEqual(rollup());
    expect(decoded.assets.BTC?.bars5m[1]?.liqByVenue, 'no venue counted in that bar').toEqual({});
    expect(decoded.assets.BTC?.bars5m[1]?.liqLongUsd, 'unknown, not 0').toBeNull();
    expect(sameRollup(decoded, rollup())).toBe(true);
  });

  it('reads the fed venues’ open interest as unknown when a rollup was written before it was kept', () => {
    const older = tampered(rollup(), (s) => {
      delete s.assets.BTC.bars5m.fedOiUsd;
    });
    const bars = decodeRollup(older, 'k', DAY).assets.BTC?.bars5m ?? [];
    expect(bars.map((b) => b.fedOiUsd)).toEqual([null, null]);
    expect(
      bars.map((b) => b.oiUsd),
      'the rest as stored',
    ).toEqual([1005, 1005]);
  });

  it('refuses a rollup whose columns differ in length, naming the column', () => {
    const bytes = tampered(rollup(), (s) => s.assets.BTC.bars5m.close.pop());
    expect(() => decodeRollup(bytes, 'rollups/2026/03/10.json.gz', DAY)).toThrow(
      /rollups\/2026\/03\/10\.json\.gz is unreadable \(.*close has 1 bars, not 2/,
    );
  });

  it('refuses a negative liquidation, a price of 0 and a rollup of another day', () => {
    const negative = tampered(rollup(), (s) => {
      s.assets.BTC.bars5m.liqByVenue.bybit.longUsd[0] = -1;
    });
    expect(() => decodeRollup(negative, 'k', DAY)).toThrow(RollupDataError);
    const zeroPrice = tampered(rollup(), (s) => {
      s.assets.BTC.bars5m.low[0] = 0;
    });
    expect(() => decodeRollup(zeroPrice, 'k', DAY)).toThrow(/prices above 0/);
    expect(() => decodeRollup(encodeRollup(rollup()), 'k', '2026-03-11')).toThrow(
      /it holds 2026-03-10, not 2026-03-11/,
    );
  });
});

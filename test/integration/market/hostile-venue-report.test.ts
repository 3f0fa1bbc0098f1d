import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambdas/config.ts';
import { collectTick } from '../../../lambdas/market/collect/collect-tick.ts';
import type { InstrumentSnapshot, Snapshot } from '../../../lambdas/model/index.ts';
import { formatRate8h, formatUsdCompact } from '../../../lambdas/report/format.ts';
import { buildReport } from '../../../lambdas/use-cases/build-report.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import { armLiquidations, emulatedTickInput, liquidationBurst } from './emulated-tick.ts';
import { EMULATED_VENUES } from './emulated-venues.ts';
import { absurdLiquidation, serveHostileBinanceBtc } from './hostile-binance.ts';

let emulator: ExchangeEmulator;

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

const config = configSchema.parse({});

function btcOf(snapshot: Snapshot, venue: string): InstrumentSnapshot | undefined {
  return snapshot.venues.find((v) => v.venue === venue)?.instruments.find((i) => i.asset === 'BTC');
}

/** Open interest in USD of every venue but Binance: what the reader should be told. */
function oiWithoutBinanceUsd(snapshot: Snapshot): number {
  return EMULATED_VENUES.filter((v) => v !== 'binanceusdm').reduce(
    (sum, venue) => sum + (btcOf(snapshot, venue)?.openInterest?.usd ?? 0),
    0,
  );
}

/** The audit's #26 Binance BTC reading, as a snapshot written before the gates would hold it. */
function poisonBinanceBtc(snapshot: Snapshot): Snapshot {
  const poison = (btc: InstrumentSnapshot): InstrumentSnapshot => {
    const [first, second, third] = btc.perpBars;
    const bars = [
      first && { ...first, close: 1e-9 },
      second && { ...second, high: second.low, low: second.high },
      third && { ...third, high: 1e12 },
    ].flatMap((bar) => (bar ? [bar] : []));
    return {
      ...btc,
      openInterest: { base: 1e12, usd: 1e12 * (btc.markPrice ?? 60_000) },
      funding: { rate: 5, intervalHours: 8 },
      perpBars: [...bars, ...bars],
      liquidations: [
        ...btc.liquidations,
        {
          openTimeMs: third?.openTimeMs ?? 0,
          longUsd: 6e304,
          longCount: 1,
          shortUsd: 0,
          shortCount: 0,
        },
      ],
    };
  };
  return {
    ...snapshot,
    venues: snapshot.venues.map((v) =>
      v.venue === 'binanceusdm'
        ? { ...v, instruments: v.instruments.map((i) => (i.asset === 'BTC' ? poison(i) : i)) }
        : v,
    ),
  };
}

async function reportOn(snapshot: Snapshot) {
  const built = await buildReport({
    snapshots: [snapshot],
    asset: 'BTC',
    configuredVenues: [...EMULATED_VENUES],
    asOfMs: Date.parse(snapshot.takenAt),
    kind: 'digest',
    config,
  });
  const { pageHtml, email, data } = built.rendered;
  return { built, text: [pageHtml, email.html, email.text, JSON.stringify(data)].join('\n') };
}

/**
 * Figures only absurd inputs produce: $100T and more ("$3418T"), exponents ("6e+304"), funding of
 * 100 %/8h and more ("225.021 %/8h"), the raw 10¹². The $10T of a gate's reason is not one.
 */
const ABSURD = /\$\d{3,}[\d.,]*T\b|\d[eE][+-]\d+|(?<![\d.])\d{3,}(?:\.\d+)? %\/8h|1000000000000/;

describe('"Open interest: $3418T" cannot reach a reader (reliability audit #26)', () => {
  it('recognises the figures readers got before the gates', () => {
    // The audit's report, and the stored-snapshot case below run on the code before the gates.
    for (const seen of [
      'Open interest: $3418T',
      'funding averaged 225.021 %/8h',
      'Open interest: $60012T',
      'Funding: 500.000 %/8h',
      '"low":6e-9',
      '"liqLongUsd":6e+304',
    ])
      expect(seen, seen).toMatch(ABSURD);
    expect('Open interest: $19B; funding 0.010 %/8h; more than $10T').not.toMatch(ABSURD);
  });

  it('reports the four sound venues when Binance serves the audit’s BTC readings to the collector', async () => {
    serveHostileBinanceBtc(emulator, [
      'oi 10¹² BTC',
      'funding 500 %/8h',
      'bar high 10¹²',
      'high below low',
      'close 10⁻⁹',
      'duplicate kline rows',
    ]);
    emulator.setSubscribeBurst('binanceusdm', () => [...liquidationBurst(), absurdLiquidation()]);
    const snapshot = await collectTick(emulatedTickInput(emulator));
    const binance = snapshot.venues.find((v) => v.venue === 'binanceusdm');
    expect(binance?.error).toMatch(/^BTC: \w/);
    const { built, text } = await reportOn(snapshot);
    expect(text, 'the reader is told why Binance is missing').toContain(
      'Binance’s BTC data was left out ',
    );
    expect(text).toContain(`, as ${binance?.refusedInstruments?.[0]?.reason}.`);
    const expectedOi = oiWithoutBinanceUsd(snapshot);
    expect(Math.round(expectedOi / 1e8) / 10, '4 × 80,000 BTC × ~$60,000').toBe(19.2);
    expect(built.series.bars.at(-1)?.oiUsd).toBeCloseTo(expectedOi, 0);
    expect(text).toContain(formatUsdCompact(expectedOi));
    expect(text).toContain(formatRate8h(0.0001));
    expect(text.match(ABSURD)?.[0] ?? 'none').toBe('none');
  });

  it('leaves out and names each of them when a stored snapshot already holds them', async () => {
    const stored = poisonBinanceBtc(await collectTick(emulatedTickInput(emulator)));
    const { built, text } = await reportOn(stored);
    const series = built.series;
    expect(series.bars.at(-1)?.oiUsd, 'Binance’s $6×10¹⁶ is not in the sum').toBeCloseTo(
      oiWithoutBinanceUsd(stored),
      0,
    );
    expect(series.bars.at(-1)?.fundingRate8h, 'not 225.021 %/8h').toBeCloseTo(0.0001, 6);
    expect(Math.max(...series.bars.map((b) => b.high)), 'no bar high of 10¹²').toBeLessThan(61_000);
    expect(Math.min(...series.bars.map((b) => b.low)), 'no close of 10⁻⁹').toBeGreaterThan(59_000);
    const liquidated = series.bars.reduce((sum, b) => sum + (b.liqLongUsd ?? 0), 0);
    expect(liquidated, 'not $6×10³⁰⁴').toBeLessThan(1e6);
    expect(series.excludedInputs.map((e) => `${e.venue} ${e.input}: ${e.reason}`)).toEqual([
      // The three bad bars, one stretch with the first bar's reason.
      'binanceusdm price: its low read above its open or close',
      'binanceusdm liquidations: one bar’s read more than $10T, more than every crypto asset together is worth',
      'binanceusdm funding: it read 31× the ±16 %/8h bound of any real rate',
      'binanceusdm open-interest: it read more than $10T, more than every crypto asset together is worth',
    ]);
    expect(text).toContain('Binance’s BTC price was left out from ');
    expect(text).toContain('Binance’s BTC liquidations were left out from ');
    // A 3-second tick reads "at 16:30", or "from 16:30 to 16:31" when it crosses a minute.
    expect(text).toMatch(/Binance’s BTC funding rate was left out (at|from) \d\d:\d\d/);
    expect(text).toContain(
      '1 more input was left out for failing a plausibility check; data.json lists every one.',
    );
    expect(text.match(ABSURD)?.[0] ?? 'none').toBe('none');
  });
});

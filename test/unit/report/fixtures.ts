import { classifyRegime } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type {
  Checkpoint,
  FlushEvent,
  MarketSeries,
  RegimeAssessment,
  SeriesBar,
} from '../../../lambdas/model/index.ts';

/** Options of the hand-made market; everything defaults to a complete, real-looking series. */
export interface FixtureOptions {
  simulated?: boolean;
  /** Adds a configured venue that never reported, and a two-hour gap with null OI/funding. */
  degraded?: boolean;
  /** A quiet market: no flush in the bars. */
  calm?: boolean;
}

const BAR_MS = 5 * 60_000;
const BAR_COUNT = 3 * 288;
/** 10 Mar 2026 00:00 UTC. */
export const FIXTURE_START_MS = Date.UTC(2026, 2, 10);
/** The flush runs 11 Mar 2026 21:00–22:10 UTC (bars 540 to 554). */
export const FLUSH_START_INDEX = 540;
export const FLUSH_END_INDEX = 554;
const PEAK_INDEX = 543;
const VENUE_SHARES: Record<string, number> = { binanceusdm: 0.5, bybit: 0.3, okx: 0.2 };

/** Index price: calm drift, a slide from $84,200 to $78,900 in the flush, a partial bounce. */
function priceAt(index: number, calm: boolean): number {
  const wiggle = 60 * Math.sin(index / 7) + 25 * Math.cos(index / 3);
  if (calm || index < FLUSH_START_INDEX) return 84_200 + wiggle;
  if (index <= PEAK_INDEX + 3) {
    const progress = (index - FLUSH_START_INDEX + 1) / (PEAK_INDEX + 4 - FLUSH_START_INDEX);
    return 84_200 - 5_300 * progress;
  }
  return Math.min(80_600, 78_900 + (index - PEAK_INDEX - 3) * 8) + wiggle / 2;
}

function liquidationsAt(index: number, calm: boolean): { longUsd: number; shortUsd: number } {
  const base = {
    longUsd: 150_000 + (index % 5) * 30_000,
    shortUsd: 120_000 + (index % 3) * 20_000,
  };
  if (calm || index < FLUSH_START_INDEX || index > FLUSH_END_INDEX) return base;
  const distance = Math.abs(index - PEAK_INDEX);
  return { longUsd: 160_000_000 / (1 + distance * distance * 0.6), shortUsd: 2_000_000 };
}

function oiBaseAt(index: number, calm: boolean): number {
  if (calm || index < FLUSH_START_INDEX) return 95_000 + 200 * Math.sin(index / 40);
  const dropped = Math.min(index - FLUSH_START_INDEX + 1, 8) / 8;
  return 95_000 - 7_800 * dropped + Math.max(0, index - FLUSH_END_INDEX) * 3;
}

function makeBar(index: number, calm: boolean): SeriesBar {
  const open = priceAt(index - 1, calm);
  const close = priceAt(index, calm);
  const liq = liquidationsAt(index, calm);
  const oiBase = oiBaseAt(index, calm);
  const liqByVenue = Object.fromEntries(
    Object.entries(VENUE_SHARES).map(([venue, share]) => [
      venue,
      { longUsd: liq.longUsd * share, shortUsd: liq.shortUsd * share },
    ]),
  );
  const afterFlush = !calm && index > FLUSH_END_INDEX;
  return {
    openTimeMs: FIXTURE_START_MS + index * BAR_MS,
    open,
    high: Math.max(open, close) + 15,
    low: Math.min(open, close) - 15,
    close,
    oiBase,
    oiUsd: oiBase * close,
    fedOiUsd: null,
    fundingRate8h: afterFlush ? -0.00004 : 0.0001 + 0.00002 * Math.sin(index / 50),
    premium: afterFlush ? -0.0004 : 0.0002,
    perpVolumeUsd: 40_000_000,
    spotVolumeUsd: 12_000_000,
    perpTakerDeltaUsd: afterFlush ? -300_000 : 100_000,
    spotTakerDeltaUsd: 50_000,
    liqLongUsd: liq.longUsd,
    liqShortUsd: liq.shortUsd,
    liqByVenue,
    coverage: 0.86,
  };
}

/** Blanks OI and funding on a stretch and cuts two hours of bars out, as a failed collector would. */
function degrade(bars: SeriesBar[]): { bars: SeriesBar[]; gaps: MarketSeries['gaps'] } {
  const gapFrom = 300;
  const gapTo = 323;
  const kept = bars
    .filter((_, index) => index < gapFrom || index > gapTo)
    .map((bar, index) =>
      index > 100 && index < 160
        ? { ...bar, oiBase: null, oiUsd: null, fundingRate8h: null, premium: null }
        : bar,
    );
  const gaps = [
    { fromMs: FIXTURE_START_MS + gapFrom * BAR_MS, toMs: FIXTURE_START_MS + gapTo * BAR_MS },
  ];
  return { bars: kept, gaps };
}

/** A plausible BTC market: 5-minute bars over three days with a long flush on day two. */
export function buildFixtureSeries(options: FixtureOptions = {}): MarketSeries {
  const calm = options.calm ?? false;
  const allBars = Array.from({ length: BAR_COUNT }, (_, index) => makeBar(index, calm));
  const { bars, gaps } = options.degraded ? degrade(allBars) : { bars: allBars, gaps: [] };
  return {
    asset: 'BTC',
    barMinutes: 5,
    simulated: options.simulated ?? false,
    venues: Object.keys(VENUE_SHARES),
    missingVenues: options.degraded ? ['gate'] : [],
    liquidationFeeds: { binanceusdm: 'throttled', bybit: 'complete', okx: 'throttled' },
    liquidationsEstimated: false,
    bars,
    gaps,
    // The degraded series also lost Bybit's feed for a minute and a half (a websocket reconnect).
    unwatchedLiquidations: options.degraded
      ? [
          {
            venue: 'bybit',
            fromMs: FIXTURE_START_MS + 200 * BAR_MS,
            toMs: FIXTURE_START_MS + 200 * BAR_MS + 90_000,
          },
        ]
      : [],
    excludedInputs: [],
  };
}

/** The long flush of {@link buildFixtureSeries}: about $640M of longs, 21:00–22:10 UTC. */
export function buildFixtureFlush(overrides: Partial<FlushEvent> = {}): FlushEvent {
  return {
    asset: 'BTC',
    side: 'long',
    startMs: FIXTURE_START_MS + FLUSH_START_INDEX * BAR_MS,
    endMs: FIXTURE_START_MS + FLUSH_END_INDEX * BAR_MS,
    peakBarMs: FIXTURE_START_MS + PEAK_INDEX * BAR_MS,
    liqLongUsd: 612_000_000,
    liqShortUsd: 30_000_000,
    liqTotalUsd: 642_000_000,
    liqIsLowerBound: true,
    liqEstimated: false,
    dominance: 0.953,
    liqToOi: 0.0802,
    liqToOiOf: 'all',
    liqToOi24h: 0.0802,
    priceMovePct: -0.0629,
    displacementSigma: -7.4,
    liqZScore: 6.2,
    oiChangePct: -0.0821,
    // Coverage-adjusted, as the detector measures it (95,158 BTC reported at 86 % coverage).
    oiBeforeBase: 110_650,
    oiBeforeUsd: 7_999_000_000,
    oiConfirmation: 'confirmed',
    liqUndercountSuspected: false,
    tier: 'extreme',
    priceBefore: 84_200,
    extremePrice: 78_900,
    extremeMs: FIXTURE_START_MS + (PEAK_INDEX + 3) * BAR_MS,
    brokenLevel: 82_000,
    coverage: 0.86,
    ...overrides,
  };
}

/**
 * The real reading of the fixture flush at `checkpoint` (4h by default): the classifier's own
 * output, so the article is tested on facts it will meet. `series` and `flush` may be swapped.
 */
export function buildFixtureAssessment(
  checkpoint: Checkpoint = '4h',
  series: MarketSeries = buildFixtureSeries(),
  flush: FlushEvent = buildFixtureFlush(),
): RegimeAssessment {
  return classifyRegime(series, flush, checkpoint, configSchema.parse({}).regime);
}

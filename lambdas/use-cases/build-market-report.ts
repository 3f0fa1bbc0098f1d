import {
  buildCoinSeries,
  buildMarketWideSeries,
  checkpointAsOfMs,
  detectMarketFlushes,
  type MarketFlush,
  type MarketFlushes,
  readMarketBeyond,
} from '../analysis/index.ts';
import type { Config } from '../config.ts';
import { AftershockError, NoMarketFlushError } from '../errors.ts';
import type {
  MarketBeyond,
  MarketFacts,
  MarketHour,
  MarketReportData,
  MarketSeries,
  RenderedReport,
  Snapshot,
} from '../model/index.ts';
import {
  buildMarketFacts,
  marketVersionAt,
  renderMarketReport,
  siteSettingsOf,
} from '../report/index.ts';
import { MINUTE_MS } from '../shared/time.ts';
import { truncateSeries } from './build-report.ts';
import { sameEvent } from './detect-settings.ts';

/** What a market report is built from: ticks holding many coins, and the coins to cover. */
export interface BuildMarketReportInput {
  snapshots: readonly Snapshot[];
  coins: readonly string[];
  configuredVenues: string[];
  /** Omitted: as of the latest reading of the latest market flush the data reaches. */
  asOfMs?: number;
  /** When the story's flash was published, for a follow-up's "since the flash" (see {@link buildMarketFacts}). */
  flashAsOfMs?: number;
  config: Pick<Config, 'detector' | 'regime' | 'site' | 'assets'>;
}

/** The market report and the analysis behind it. */
export interface BuiltMarketReport {
  rendered: RenderedReport<MarketReportData>;
  market: MarketFlushes;
  flush: MarketFlush;
  facts: MarketFacts;
}

/**
 * The market as it stood at `asOfMs`: each coin's series to then, added up, its flushes found.
 * @example analyseMarket(coinSeries, nowMs, config).flushes.at(-1)?.coinsInFlush
 */
export function analyseMarket(
  coinSeries: readonly MarketSeries[],
  asOfMs: number,
  config: Pick<Config, 'detector' | 'regime'>,
  beyond: MarketBeyond | null = null,
): MarketFlushes {
  const asOf = coinSeries.map((s) => truncateSeries(s, asOfMs)).filter((s) => s.bars.length > 0);
  if (asOf.length === 0)
    throw new AftershockError(`No market data before ${new Date(asOfMs).toISOString()}.`);
  return detectMarketFlushes(
    buildMarketWideSeries(asOf, truncateBeyond(beyond, asOfMs, asOf[0]?.barMinutes ?? 5)),
    config.detector,
    config.regime,
  );
}

/**
 * The market at its flush's latest reading by `nowMs` (the checkpoint its story's newest
 * version is as of, DESIGN.md §6), so every report of one version reads the same bars; before
 * the first checkpoint, the market as of `nowMs` (the flash).
 */
export function atLatestReading(
  coinSeries: readonly MarketSeries[],
  config: Pick<Config, 'detector' | 'regime'>,
  beyond: MarketBeyond | null,
  seen: { market: MarketFlushes; flush: MarketFlush },
  nowMs: number,
): { market: MarketFlushes; flush: MarketFlush; asOfMs: number } {
  const barMinutes = seen.market.series.barMinutes;
  const readingMs = checkpointAsOfMs(
    seen.flush.event,
    marketVersionAt(seen.flush.event, nowMs, barMinutes),
    barMinutes,
  );
  if (readingMs >= nowMs) return { ...seen, asOfMs: nowMs };
  const market = analyseMarket(coinSeries, readingMs, config, beyond);
  const mergeMs = config.detector.mergeMinutes * MINUTE_MS;
  const flush = market.flushes.find((f) => sameEvent(f.event, seen.flush.event, mergeMs));
  // Seen differently then (it had not run its course): the reading is as of now.
  return flush === undefined ? { ...seen, asOfMs: nowMs } : { market, flush, asOfMs: readingMs };
}

// What the report could have known at `asOfMs`: bars that closed by then, orders before it,
// bulk readings taken by then.
function truncateBeyond(
  beyond: MarketBeyond | null,
  asOfMs: number,
  barMinutes: number,
): MarketBeyond | null {
  if (beyond === null) return null;
  const barMs = barMinutes * MINUTE_MS;
  return {
    ...beyond,
    bars: beyond.bars.filter((b) => b.openTimeMs + barMs <= asOfMs),
    largest: beyond.largest.filter((l) => l.timeMs < asOfMs),
    leverage: beyond.leverage.filter((r) => r.atMs <= asOfMs),
  };
}

/** One market flush's facts and its rendered report, as of `asOfMs`. */
export async function renderMarketFlush(input: {
  market: MarketFlushes;
  flush: MarketFlush;
  asOfMs: number;
  config: Pick<Config, 'regime' | 'site' | 'assets'>;
  missingCoins?: Array<{ coin: string; reason: string }>;
  /** The market's stored hourly history, to rank the day beyond the series (rollups). */
  history?: readonly MarketHour[];
  /** When the story's flash was published: a follow-up says what changed since. */
  flashAsOfMs?: number;
}): Promise<{ facts: MarketFacts; rendered: RenderedReport<MarketReportData> }> {
  const facts = buildMarketFacts({
    market: input.market,
    flush: input.flush,
    asOfMs: input.asOfMs,
    regime: input.config.regime,
    ...(input.missingCoins === undefined ? {} : { missingCoins: input.missingCoins }),
    ...(input.history === undefined ? {} : { history: input.history }),
    ...(input.flashAsOfMs === undefined ? {} : { flashAsOfMs: input.flashAsOfMs }),
  });
  const rendered = await renderMarketReport({
    facts,
    series: input.market.series,
    site: siteSettingsOf(input.config),
  });
  return { facts, rendered };
}

/** The latest directional market flush that ended by `asOfMs` (a washout only if it is all). */
function latestFlush(flushes: readonly MarketFlush[], asOfMs: number): MarketFlush | null {
  const ended = flushes.filter((f) => f.event.endMs <= asOfMs);
  return ended.filter((f) => f.event.side !== 'two-sided').at(-1) ?? ended.at(-1) ?? null;
}

/** The ticks read once into each coin's series and the market beyond them, for reports at any time. */
export interface PreparedMarket {
  series: MarketSeries[];
  missing: Array<{ coin: string; reason: string }>;
  beyond: MarketBeyond | null;
  /** Close of the latest bar of any coin. */
  endMs: number;
}

/**
 * Ticks → one series per coin and the market beyond the coins: the part of a market report
 * that does not depend on its time, so a story's versions read the ticks once.
 * @throws AftershockError when none of the coins has data.
 */
export function prepareMarket(
  input: Pick<BuildMarketReportInput, 'snapshots' | 'coins' | 'configuredVenues'>,
): PreparedMarket {
  const { series, missing } = buildCoinSeries(input.snapshots, input.coins, {
    configuredVenues: input.configuredVenues,
  });
  if (series.length === 0)
    throw new AftershockError(
      `None of the coins has market data: ${missing.map((m) => `${m.coin} (${m.reason})`).join('; ')}`,
    );
  const barMs = (series[0]?.barMinutes ?? 5) * MINUTE_MS;
  const endMs = Math.max(...series.map((s) => (s.bars.at(-1)?.openTimeMs ?? 0) + barMs));
  return { series, missing, beyond: readMarketBeyond(input.snapshots, barMs / MINUTE_MS), endMs };
}

/**
 * Ticks → one series per coin → the market series → its latest flush → facts → the rendered
 * market report (DESIGN.md §4 "The whole market"). Only bars that closed by the report's time are
 * used; without `asOfMs` the report is as of the flush's latest checkpoint the data reaches
 * (1h, 4h, 24h, 72h), so its readings are those a subscriber would have had then.
 * @throws NoMarketFlushError when the market had no flush by then.
 */
export async function buildMarketReport(input: BuildMarketReportInput): Promise<BuiltMarketReport> {
  return buildMarketReportFrom(prepareMarket(input), input);
}

/** {@link buildMarketReport} from ticks already read ({@link prepareMarket}). */
export async function buildMarketReportFrom(
  prepared: PreparedMarket,
  input: Pick<BuildMarketReportInput, 'asOfMs' | 'flashAsOfMs' | 'config'>,
): Promise<BuiltMarketReport> {
  const { series, missing, beyond, endMs } = prepared;
  let asOfMs = input.asOfMs ?? endMs;
  let market = analyseMarket(series, asOfMs, input.config, beyond);
  let flush = latestFlush(market.flushes, asOfMs);
  if (input.asOfMs === undefined && flush !== null)
    ({ market, flush, asOfMs } = atLatestReading(
      series,
      input.config,
      beyond,
      { market, flush },
      endMs,
    ));
  if (flush === null) {
    const without = missing.map((m) => ` ${m.coin} had no data (${m.reason})`).join(';');
    throw new NoMarketFlushError(
      `No market-wide flush among ${market.series.coins.length} coins (${market.series.coins.join(', ')}) by ${new Date(asOfMs).toISOString()}.${without}`,
    );
  }
  const { facts, rendered } = await renderMarketFlush({
    market,
    flush,
    asOfMs,
    config: input.config,
    missingCoins: missing,
    ...(input.flashAsOfMs === undefined ? {} : { flashAsOfMs: input.flashAsOfMs }),
  });
  return { rendered, market, flush, facts };
}

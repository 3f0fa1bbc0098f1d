import { findSeriesGaps, resampleBars } from '../../analysis/index.ts';
import type { MarketSeries, SeriesBar } from '../../model/index.ts';
import { attachFunding, attachOpenInterest, mergeLiquidations } from './align-history.ts';
import { parseBinanceKlines } from './binance-klines-importer.ts';
import { parseBinanceFunding, parseBinanceMetrics } from './binance-metrics-importer.ts';
import {
  COINGLASS_VENUE,
  parseCoinglassLiquidations,
  parseCoinglassRegime,
} from './coinglass-importer.ts';
import { classifyHistoryFile, type HistoryFileInfo } from './history-file-kind.ts';
import type { FundingPoint, LiquidationPoint, OiPoint, ParsedBars } from './history-types.ts';

/** One file's name (as shown to the user) and text. */
export interface HistoryFile {
  name: string;
  text: string;
}

/** A market series built from history files, with where it came from. */
export interface HistorySeries {
  /** e.g. `binance-vision BTCUSDT 60m`. */
  label: string;
  source: 'binance-vision' | 'coinglass';
  symbol: string;
  series: MarketSeries;
  files: string[];
}

/** Options of {@link buildHistorySeries}. */
export interface HistoryOptions {
  /** Resample finer price files up to this bar size so they join the same series; null keeps every file's own size. */
  barMinutes: number | null;
}

interface PriceGroup {
  info: HistoryFileInfo;
  source: HistorySeries['source'];
  barMinutes: number;
  parts: ParsedBars[];
}

interface Parsed {
  groups: Map<string, PriceGroup>;
  oi: Map<string, OiPoint[]>;
  funding: Map<string, FundingPoint[]>;
  liquidations: Array<{
    file: string;
    asset: string;
    barMinutes: number;
    points: LiquidationPoint[];
  }>;
  notes: string[];
}

function toTarget(parsed: ParsedBars, options: HistoryOptions): ParsedBars {
  const target = options.barMinutes;
  if (target === null || parsed.barMinutes >= target || target % parsed.barMinutes !== 0)
    return parsed;
  return { ...parsed, barMinutes: target, bars: resampleBars(parsed.bars, target) };
}

function addPrice(into: Parsed, info: HistoryFileInfo, raw: ParsedBars, options: HistoryOptions) {
  const parsed = toTarget(raw, options);
  const source = info.kind === 'coinglass-regime' ? 'coinglass' : 'binance-vision';
  const key = `${source}|${info.symbol}|${parsed.barMinutes}`;
  const group = into.groups.get(key) ?? { info, source, barMinutes: parsed.barMinutes, parts: [] };
  // A file already at the series' size wins over a resampled one for the same hours.
  if (raw.barMinutes === parsed.barMinutes) group.parts.unshift(parsed);
  else group.parts.push(parsed);
  into.groups.set(key, group);
}

function parseFile(into: Parsed, file: HistoryFile, options: HistoryOptions): void {
  const base = file.name.split(/[\\/]/).pop() ?? file.name;
  const info = classifyHistoryFile(base);
  if (info === null) {
    into.notes.push(`skipped ${file.name}: not a recognised history file name`);
    return;
  }
  const push = <T>(map: Map<string, T[]>, points: T[]) =>
    map.set(info.symbol, [...(map.get(info.symbol) ?? []), ...points]);
  if (info.kind === 'binance-klines')
    addPrice(into, info, parseBinanceKlines(file.text, file.name, info.namedMinutes), options);
  else if (info.kind === 'coinglass-regime')
    addPrice(into, info, parseCoinglassRegime(file.text, file.name, info.namedMinutes), options);
  else if (info.kind === 'binance-metrics')
    push(into.oi, parseBinanceMetrics(file.text, file.name));
  else if (info.kind === 'binance-funding')
    push(into.funding, parseBinanceFunding(file.text, file.name));
  else {
    const { barMinutes, points } = parseCoinglassLiquidations(
      file.text,
      file.name,
      info.namedMinutes,
    );
    into.liquidations.push({ file: file.name, asset: info.asset, barMinutes, points });
  }
}

function mergeParts(parts: readonly ParsedBars[]): SeriesBar[] {
  const byTime = new Map<number, SeriesBar>();
  for (const part of parts)
    for (const bar of part.bars) if (!byTime.has(bar.openTimeMs)) byTime.set(bar.openTimeMs, bar);
  return [...byTime.values()].sort((a, b) => a.openTimeMs - b.openTimeMs);
}

function byTime<T extends { timeMs: number }>(points: readonly T[]): T[] {
  return [...points].sort((a, b) => a.timeMs - b.timeMs);
}

function toHistorySeries(group: PriceGroup, parsed: Parsed): HistorySeries {
  const { info, source, barMinutes } = group;
  let bars = mergeParts(group.parts);
  if (source === 'binance-vision') {
    bars = attachOpenInterest(bars, barMinutes, byTime(parsed.oi.get(info.symbol) ?? []));
    bars = attachFunding(bars, barMinutes, byTime(parsed.funding.get(info.symbol) ?? []));
  }
  const venue = source === 'coinglass' ? COINGLASS_VENUE : 'binanceusdm';
  const series: MarketSeries = {
    asset: info.asset,
    barMinutes,
    simulated: false,
    venues: [venue],
    missingVenues: [],
    // History files carry hourly totals, not a listening record.
    unwatchedLiquidations: [],
    // The importers refuse an implausible row with the file's name instead of leaving it out.
    excludedInputs: [],
    // Aggregated public feeds are throttled at the exchanges, so CoinGlass totals are lower bounds.
    liquidationFeeds: { [venue]: source === 'coinglass' ? 'throttled' : 'none' },
    liquidationsEstimated: false,
    bars,
    gaps: findSeriesGaps(
      bars.map((b) => b.openTimeMs),
      barMinutes * 60_000,
    ),
  };
  return {
    label: `${source} ${info.symbol} ${barMinutes}m`,
    source,
    symbol: info.symbol,
    series,
    files: group.parts.map((p) => p.file).sort(),
  };
}

function applyLiquidationFiles(all: HistorySeries[], parsed: Parsed): void {
  for (const liq of parsed.liquidations) {
    let filled = 0;
    for (const h of all) {
      if (h.series.asset !== liq.asset || h.series.barMinutes !== liq.barMinutes) continue;
      const merged = mergeLiquidations(h.series.bars, liq.points, COINGLASS_VENUE);
      h.series = { ...h.series, bars: merged.bars };
      filled += merged.filled;
    }
    parsed.notes.push(
      filled > 0
        ? `${liq.file}: liquidations filled into ${filled} bars that had none`
        : `${liq.file}: not used (no ${liq.barMinutes}m ${liq.asset} bar without liquidations at the same times)`,
    );
  }
}

/**
 * Imports history files into one {@link MarketSeries} per (source, symbol,
 * bar size): Binance klines get OI from the metrics files and funding from
 * the fundingRate files of the same symbol; CoinGlass regime files carry
 * everything; liquidation-only files fill bars without liquidations. Files it
 * does not recognise are listed in `notes`, never guessed at.
 * @throws HistoryDataError naming the file when a file is malformed.
 */
export function buildHistorySeries(
  files: readonly HistoryFile[],
  options: HistoryOptions,
): { series: HistorySeries[]; notes: string[] } {
  const parsed: Parsed = {
    groups: new Map(),
    oi: new Map(),
    funding: new Map(),
    liquidations: [],
    notes: [],
  };
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name)))
    parseFile(parsed, file, options);
  const keys = [...parsed.groups.keys()].sort();
  const all = keys.flatMap((key) => {
    const group = parsed.groups.get(key);
    return group ? [toHistorySeries(group, parsed)] : [];
  });
  applyLiquidationFiles(all, parsed);
  const priced = new Set(all.map((h) => h.symbol));
  for (const symbol of [...parsed.oi.keys(), ...parsed.funding.keys()].filter(
    (s) => !priced.has(s),
  )) {
    parsed.notes.push(`${symbol}: metrics or funding without any klines file; not used`);
  }
  return { series: all, notes: [...new Set(parsed.notes)] };
}

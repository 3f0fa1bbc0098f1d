import { resampleBars } from '../../analysis/index.ts';
import type { DayRollup, MarketSeries } from '../../model/index.ts';
import { emptyDayRollup, mergeIntervals } from './apply-series-to-day.ts';
import { DAY_MS, dayOf, dayStartMs } from './rollup-days.ts';

const within = (ms: number, start: number) => ms >= start && ms < start + DAY_MS;

/**
 * Day rollups holding ready series (imported history files, whose bars are already the
 * series of §3): 5-minute series fill both bar sizes, hourly ones only the hourly bars (a
 * coarser history has no 5-minute bars, and none are made up). One rollup per UTC day with a
 * bar; `ticks` is the time the bars cover.
 * @throws Error for a bar size other than 5 or 60 minutes.
 */
export function rollupsOfSeries(all: readonly MarketSeries[]): DayRollup[] {
  const days = new Map<string, DayRollup>();
  for (const series of all) {
    if (series.barMinutes !== 5 && series.barMinutes !== 60)
      throw new Error(`Rollups keep 5- and 60-minute bars, not ${series.barMinutes}-minute ones.`);
    const barMs = series.barMinutes * 60_000;
    for (const day of new Set(series.bars.map((b) => dayOf(b.openTimeMs)))) {
      const start = dayStartMs(day);
      const bars = series.bars.filter((b) => within(b.openTimeMs, start));
      const rollup = days.get(day) ?? emptyDayRollup(day);
      const overlaps = (i: { fromMs: number; toMs: number }) =>
        i.fromMs < start + DAY_MS && i.toMs > start;
      rollup.assets[series.asset] = {
        simulated: series.simulated,
        venues: series.venues,
        missingVenues: series.missingVenues,
        liquidationFeeds: series.liquidationFeeds,
        unwatchedLiquidations: series.unwatchedLiquidations.filter(overlaps),
        excludedInputs: series.excludedInputs.filter(overlaps),
        bars5m: series.barMinutes === 5 ? bars : [],
        bars1h: series.barMinutes === 5 ? resampleBars(bars, 60) : bars,
      };
      rollup.ticks = [
        ...rollup.ticks,
        ...bars.map((b) => ({ fromMs: b.openTimeMs, toMs: b.openTimeMs + barMs })),
      ];
      days.set(day, rollup);
    }
  }
  return [...days.values()]
    .map((r) => ({ ...r, ticks: mergeIntervals(r.ticks) }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

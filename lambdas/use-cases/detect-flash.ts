import type { FlushEvent, MarketSeries } from '../model/index.ts';
import { flushStateKeys, type StateItem } from '../publish/flush-state/flush-state-store.ts';
import { formatUsdCompact } from '../report/format.ts';
import { errorText } from '../shared/error-text.ts';
import { HOUR_MS } from '../shared/time.ts';
import { buildReportFromSeries } from './build-report.ts';
import { coverOf, type MarketCover } from './detect-market-flash.ts';
import {
  type DetectSettings,
  emailFloorUsd,
  type ReporterRunInput,
  type RunEntry,
  sameEvent,
} from './detect-settings.ts';
import { type FoundFlush, findFlushes } from './find-flushes.ts';
import { flushRecordOf, recordData } from './flush-record.ts';

/** Close time of the series' last bar (epoch ms). */
function seriesEndMs(series: MarketSeries): number {
  const last = series.bars.at(-1);
  return last === undefined ? 0 : last.openTimeMs + series.barMinutes * 60_000;
}

/**
 * Directional flushes that are over (their quiet period was observed in the data),
 * recent enough to flash, and not the same event as one already in the state.
 * A flush is reported after it ends, not while it runs: its start, size and
 * extreme are final then, so one event is one report (at the cost of
 * `detector.quietMinutes` of delay).
 */
export function newEndedFlushes(
  series: MarketSeries,
  flushes: readonly FlushEvent[],
  known: readonly StateItem[],
  input: { nowMs: number; quietMinutes: number; mergeMinutes: number; settings: DetectSettings },
): FlushEvent[] {
  const barMs = series.barMinutes * 60_000;
  const endMs = seriesEndMs(series);
  const knownEvents = known.flatMap((item) => flushRecordOf(item) ?? []);
  return flushes.filter(
    (f) =>
      f.side !== 'two-sided' &&
      f.endMs + barMs + input.quietMinutes * 60_000 <= endMs &&
      f.endMs >= input.nowMs - input.settings.maxFlashAgeHours * HOUR_MS &&
      !knownEvents.some((k) => sameEvent(k, f, input.mergeMinutes * 60_000)),
  );
}

/** Claims, publishes and records the flash report of one new flush. */
async function flashOne(
  input: ReporterRunInput,
  settings: DetectSettings,
  { flush, segment }: FoundFlush,
  cover: MarketCover | null,
): Promise<RunEntry> {
  const { state, nowMs, config } = input;
  const barMinutes = segment.barMinutes;
  const asset = flush.asset;
  const key = flushStateKeys.flush(new Date(flush.startMs).toISOString(), flush.side);
  const data = recordData(flush, barMinutes);
  const staleMs = settings.staleClaimMinutes * 60_000;
  if (!(await state.claim({ asset, key, data }, nowMs, staleMs))) {
    return { asset, task: 'flash', outcome: 'skipped', note: 'another run is reporting it' };
  }
  const cooldown = await state.claimCooldown(asset, nowMs, settings.cooldownHours * HOUR_MS);
  if (!cooldown.claimed) {
    await state.settle(asset, key, 'skipped', { reason: 'cooldown' });
    const note = `within the ${settings.cooldownHours} h cooldown after the last ${asset} flash`;
    return { asset, task: 'flash', outcome: 'skipped', note };
  }
  try {
    // The report reads the segment the flush was found in, so it describes that flush.
    const built = await buildReportFromSeries({
      series: segment,
      asset,
      asOfMs: nowMs,
      kind: 'flash',
      event: flush,
      config,
    });
    const floorUsd = emailFloorUsd(config, asset);
    // A market report already mailed this event to every subscriber: this one is on the site.
    const coveredByMarket = cover?.status === 'mailed';
    const mail = flush.liqTotalUsd >= floorUsd && !coveredByMarket;
    const meta = await input.publish(built.rendered, { mail });
    await state.settle(asset, key, 'done', {
      reportId: meta.id,
      emailed: mail,
      // Its readings after the event are this coin's own: mailed as if its flash had been.
      mailFollowUps: flush.liqTotalUsd >= floorUsd,
      flashedAtMs: nowMs,
    });
    const note = mail
      ? undefined
      : coveredByMarket
        ? `published on the site only: part of the market-wide flush the market report ${cover.reportId ?? ''} mailed`
        : `published on the site only: ${formatUsdCompact(flush.liqTotalUsd)} liquidated is under the ${formatUsdCompact(floorUsd)} email floor`;
    return { asset, task: 'flash', outcome: 'published', reportId: meta.id, emailed: mail, note };
  } catch (error) {
    // Undo both claims so the next run tries again instead of losing the report.
    await state.release(asset, key);
    await state.restoreCooldown(asset, nowMs, cooldown.previousFlashMs);
    return { asset, task: 'flash', outcome: 'failed', note: errorText(error) };
  }
}

/**
 * Detects flushes of one asset in its series (the last `detector.baselineDays` plus a few
 * hours, from rollups), exactly as replay does ({@link findFlushes}), and publishes a flash
 * report for each new one (at most one per cooldown). Returns one entry per flush acted on;
 * an asset without a new flush returns none.
 */
export async function reportNewFlushes(
  input: ReporterRunInput,
  settings: DetectSettings,
  series: MarketSeries,
  asset: string,
  covers: readonly MarketCover[] = [],
): Promise<RunEntry[]> {
  const { config, nowMs } = input;
  const found = findFlushes(series, config);
  if (found.length === 0) return [];
  const sinceIso = new Date(
    nowMs - (config.detector.baselineDays * 24 + 24) * HOUR_MS,
  ).toISOString();
  const known = await input.state.list(asset, flushStateKeys.flushesFrom(sinceIso));
  const fresh = newEndedFlushes(
    series,
    found.map((f) => f.flush),
    known,
    {
      nowMs,
      quietMinutes: config.detector.quietMinutes,
      mergeMinutes: config.detector.mergeMinutes,
      settings,
    },
  );
  const entries: RunEntry[] = [];
  const mergeMs = config.detector.mergeMinutes * 60_000;
  for (const flush of fresh) {
    const one = found.find((f) => f.flush === flush);
    if (one === undefined) continue;
    const cover = coverOf(covers, asset, flush, mergeMs);
    if (cover?.status === 'running' || cover?.status === 'pending') {
      // Not claimed: a later run flashes it once the market report is out (or not to be).
      const note = 'held: part of a market-wide flush whose market report is not out yet';
      entries.push({ asset, task: 'flash', outcome: 'skipped', note });
      continue;
    }
    entries.push(await flashOne(input, settings, one, cover));
  }
  return entries;
}

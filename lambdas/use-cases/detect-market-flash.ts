import type { MarketFlush, MarketFlushes } from '../analysis/index.ts';
import { type FlushEvent, MARKET_ASSET, type MarketSeries } from '../model/index.ts';
import { flushStateKeys, type StateItem } from '../publish/flush-state/flush-state-store.ts';
import { formatUsdCompact } from '../report/format.ts';
import { errorText } from '../shared/error-text.ts';
import { HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { analyseMarket, renderMarketFlush } from './build-market-report.ts';
import {
  type DetectSettings,
  emailFloorUsd,
  type ReporterRunInput,
  type RunEntry,
  sameEvent,
} from './detect-settings.ts';
import { segmentAt } from './find-flushes.ts';
import { flushRecordOf, recordData } from './flush-record.ts';
import {
  describeUnknownDays,
  type MarketSeriesRead,
  type MarketSeriesRequest,
} from './market-series-source.ts';

/**
 * Fewest coins in a flush of their own for a market flush to be reported as the market's: a
 * flush of one coin is that coin's, told by its own flash (DESIGN.md §4).
 */
export const MIN_MARKET_FLASH_COINS = 2;

/** The email floor's key for the market report (`emailFloorUsd.MARKET`, else `default`). */
export const MARKET_FLOOR_KEY = 'MARKET';

/**
 * Where a market-wide flush stands for the coins in it, so their own flashes neither go out
 * before it nor mail the same event twice: still `running` (or its report `pending`), `mailed`
 * as the market report, or reported `not-mailed` (under its floor, or in its cooldown).
 */
export interface MarketCover {
  event: FlushEvent;
  coins: string[];
  status: 'running' | 'pending' | 'mailed' | 'not-mailed';
  reportId?: string;
}

/** The market flush covering `asset`'s `flush`: the same side, overlapping, with the coin in it. */
export function coverOf(
  covers: readonly MarketCover[],
  asset: string,
  flush: Pick<FlushEvent, 'side' | 'startMs' | 'endMs'>,
  mergeMs: number,
): MarketCover | null {
  return covers.find((c) => c.coins.includes(asset) && sameEvent(c.event, flush, mergeMs)) ?? null;
}

const closeOf = (series: { barMinutes: number; bars: ReadonlyArray<{ openTimeMs: number }> }) =>
  (series.bars.at(-1)?.openTimeMs ?? 0) + series.barMinutes * MINUTE_MS;

// A day whose latest bar closed this long before the run is not part of today's market.
const MAX_STALE_MS = 2 * HOUR_MS;

function coverOfRecord(flush: MarketFlush, item: StateItem): MarketCover {
  const reportId = typeof item.data.reportId === 'string' ? item.data.reportId : undefined;
  const status =
    item.status === 'done'
      ? item.data.emailed === true
        ? 'mailed'
        : 'not-mailed'
      : item.status === 'skipped'
        ? 'not-mailed'
        : 'pending';
  return {
    event: flush.event,
    coins: flush.coinsInFlush,
    status,
    ...(reportId === undefined ? {} : { reportId }),
  };
}

/** Claims, builds (with the market beyond the assets), publishes and records one market flash. */
async function flashMarket(
  input: ReporterRunInput,
  settings: DetectSettings,
  context: {
    market: MarketFlushes;
    segments: MarketSeries[];
    request: MarketSeriesRequest;
    unknownDays: ReadonlySet<string>;
  },
  flush: MarketFlush,
): Promise<{ entry: RunEntry; cover: MarketCover }> {
  const { state, nowMs, config } = input;
  const base = { asset: MARKET_ASSET, task: 'flash' };
  const cover = (status: MarketCover['status'], reportId?: string): MarketCover => ({
    event: flush.event,
    coins: flush.coinsInFlush,
    status,
    ...(reportId === undefined ? {} : { reportId }),
  });
  const barMinutes = context.market.series.barMinutes;
  const key = flushStateKeys.flush(new Date(flush.event.startMs).toISOString(), flush.event.side);
  const staleMs = settings.staleClaimMinutes * MINUTE_MS;
  const data = recordData(flush.event, barMinutes);
  if (!(await state.claim({ asset: MARKET_ASSET, key, data }, nowMs, staleMs)))
    return {
      entry: { ...base, outcome: 'skipped', note: 'another run is reporting it' },
      cover: cover('pending'),
    };
  const cooldown = await state.claimCooldown(MARKET_ASSET, nowMs, settings.cooldownHours * HOUR_MS);
  if (!cooldown.claimed) {
    await state.settle(MARKET_ASSET, key, 'skipped', { reason: 'cooldown' });
    const note = `within the ${settings.cooldownHours} h cooldown after the last market flash`;
    return { entry: { ...base, outcome: 'skipped', note }, cover: cover('not-mailed') };
  }
  try {
    // The market beyond the assets over the same days as the bars, so the rank compares like
    // with like; read only now, when there is a report to write.
    const wide = await input.market.read({ ...context.request, beyond: true });
    // The run's read named its unknown days already; what is new here is the history's.
    const unknown = wide.unknownDays.filter((u) => !context.unknownDays.has(u.day));
    if (unknown.length > 0) input.log?.(describeUnknownDays(unknown));
    const market = analyseMarket(context.segments, nowMs, config, wide.beyond);
    // The beyond never moves the market's flushes (it is not in the series the detector reads).
    const seen = market.flushes.find((f) => sameEvent(f.event, flush.event, 0)) ?? flush;
    const { rendered, facts } = await renderMarketFlush({
      market,
      flush: seen,
      asOfMs: nowMs,
      config,
      history: wide.history,
    });
    const floorUsd = emailFloorUsd(config, MARKET_FLOOR_KEY);
    const mail = facts.flush.totalUsd >= floorUsd;
    const meta = await input.publish(rendered, { mail });
    await state.settle(MARKET_ASSET, key, 'done', {
      reportId: meta.id,
      emailed: mail,
      flashedAtMs: nowMs,
      // What its figures ran to (a bar's close; the tick of `nowMs` may not be stored yet), so
      // a follow-up's "since the flash" starts from the prices the flash gave.
      flashDataToMs: closeOf(market.series),
    });
    const note = mail
      ? `mailed for ${flush.coinsInFlush.join(', ')}: their own flashes are published on the site only`
      : `published on the site only: ${formatUsdCompact(facts.flush.totalUsd)} liquidated is under the ${formatUsdCompact(floorUsd)} email floor`;
    return {
      entry: { ...base, outcome: 'published', reportId: meta.id, emailed: mail, note },
      cover: cover(mail ? 'mailed' : 'not-mailed', meta.id),
    };
  } catch (error) {
    // Undo both claims so the next run tries again; the coins' own flashes wait for it.
    await state.release(MARKET_ASSET, key);
    await state.restoreCooldown(MARKET_ASSET, nowMs, cooldown.previousFlashMs);
    return {
      entry: { ...base, outcome: 'failed', note: errorText(error) },
      cover: cover('pending'),
    };
  }
}

/**
 * When the scheduled reporter first publishes a market flush: at the first run that sees it
 * ended, `quietMinutes` after the close of its last bar.
 * @example marketFlashAsOfMs({ endMs: Date.UTC(2026, 2, 12, 22, 45) }, 5, 30) // 23:20 UTC
 */
export function marketFlashAsOfMs(
  event: { endMs: number },
  barMinutes: number,
  quietMinutes: number,
): number {
  return event.endMs + (barMinutes + quietMinutes) * MINUTE_MS;
}

/**
 * Detects market-wide flushes in the run's series of the configured coins (DESIGN.md §4): the
 * one detector on the market read as one asset, over the same 30-day baseline, with at least
 * {@link MIN_MARKET_FLASH_COINS} coins in a flush of their own. Each new one that has ended
 * gets one market report — claimed in the flush state under "Market" with its own cooldown,
 * built with the market beyond the assets, mailed when its liquidations reach
 * `emailFloorUsd.MARKET` (else `default`). Returns the run entries and where each recent market
 * flush stands, for the coins' own flashes ({@link coverOf}).
 */
export async function reportMarketFlushes(
  input: ReporterRunInput,
  settings: DetectSettings,
  read: MarketSeriesRead,
  request: MarketSeriesRequest,
): Promise<{ entries: RunEntry[]; covers: MarketCover[] }> {
  const { nowMs, config } = input;
  const fresh = [...read.series.values()].filter((s) => closeOf(s) >= nowMs - MAX_STALE_MS);
  if (fresh.length < MIN_MARKET_FLASH_COINS) return { entries: [], covers: [] };
  const segments = fresh.map((s) => segmentAt(s, nowMs) ?? s);
  const market = analyseMarket(segments, nowMs, config);
  const recent = market.flushes.filter(
    (f) =>
      f.event.side !== 'two-sided' &&
      f.coinsInFlush.length >= MIN_MARKET_FLASH_COINS &&
      f.event.endMs >= nowMs - settings.maxFlashAgeHours * HOUR_MS,
  );
  if (recent.length === 0) return { entries: [], covers: [] };
  const sinceIso = new Date(
    nowMs - (config.detector.baselineDays * 24 + 24) * HOUR_MS,
  ).toISOString();
  const known = await input.state.list(MARKET_ASSET, flushStateKeys.flushesFrom(sinceIso));
  const mergeMs = config.detector.mergeMinutes * MINUTE_MS;
  const seriesEndMs = closeOf(market.series);
  const entries: RunEntry[] = [];
  const covers: MarketCover[] = [];
  for (const flush of recent) {
    const item = known.find((k) => {
      const record = flushRecordOf(k);
      return record !== null && sameEvent(record, flush.event, mergeMs);
    });
    if (item !== undefined) {
      covers.push(coverOfRecord(flush, item));
      continue;
    }
    const ended =
      marketFlashAsOfMs(flush.event, market.series.barMinutes, config.detector.quietMinutes) <=
      seriesEndMs;
    if (!ended) {
      covers.push({ event: flush.event, coins: flush.coinsInFlush, status: 'running' });
      continue;
    }
    const unknownDays = new Set(read.unknownDays.map((u) => u.day));
    const context = { market, segments, request, unknownDays };
    const done = await flashMarket(input, settings, context, flush);
    entries.push(done.entry);
    covers.push(done.cover);
  }
  return { entries, covers };
}

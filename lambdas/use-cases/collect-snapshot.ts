import type { Config } from '../config.ts';
import { collectTick, scheduledTickWindow } from '../market/collect/collect-tick.ts';
import type { MarketRollupStore, RollupStore } from '../market/rollups/rollup-store.ts';
import type { SnapshotStore } from '../market/snapshot-store/snapshot-store.ts';
import type { MarketsCache } from '../market/venues/markets-cache.ts';
import type { Snapshot } from '../model/index.ts';
import { rollUpTick } from './roll-up-snapshots.ts';

/** Bar size the collector writes. */
export const COLLECT_BAR_MINUTES = 5;

/**
 * How far back the previous tick is looked for. A tick older than this does not stretch the
 * next window (its hole stays visible as non-contiguous windows); an hour keeps a Gate range
 * read well under its 1,000-row cap in all but extreme markets.
 */
export const MAX_CATCH_UP_MS = 60 * 60_000;

/** What one collection needs. */
export interface CollectSnapshotInput {
  /** Without `collection`, the assets' liquidations only. */
  config: Pick<Config, 'assets' | 'venues'> & Partial<Pick<Config, 'collection'>>;
  store: SnapshotStore;
  /**
   * Where the day rollups go (DESIGN.md §8): after the snapshot is stored, the bars it can
   * change are rolled up from the stored snapshots. Omitted: snapshots only.
   */
  rollups?: RollupStore;
  /** Where the market beyond the assets is rolled up beside them; absent = not rolled up. */
  marketRollups?: MarketRollupStore;
  marketsCache: MarketsCache;
  /** How long the liquidation websockets are listened to. */
  windowSeconds: number;
  /** Interval between ticks (default: `windowSeconds`, back-to-back ticks). */
  tickSeconds?: number;
  /**
   * For a scheduled collector (one tick every `tickSeconds` on the clock grid): windows come from
   * the grid ({@link scheduledTickWindow}), listening starts this many seconds before the window
   * and `windowSeconds` is ignored.
   */
  scheduledLeadSeconds?: number;
  /** The previous tick's `window.to` when the caller knows it; else it is read from the store. */
  previousWindowToMs?: number;
  now?: () => number;
}

/** The stored snapshot, its key, and whether no venue could be reached at all. */
export interface CollectSnapshotResult {
  snapshot: Snapshot;
  key: string;
  allVenuesFailed: boolean;
  /** Days whose rollup this tick changed (none for a repeated tick, or without `rollups`). */
  rolledUpDays: string[];
}

async function previousWindowTo(
  input: CollectSnapshotInput,
  nowMs: number,
): Promise<number | undefined> {
  if (input.previousWindowToMs !== undefined) return input.previousWindowToMs;
  const previous = await input.store.latest({ fromMs: nowMs - MAX_CATCH_UP_MS, toMs: nowMs + 1 });
  const toMs = previous ? Date.parse(previous.window.to) : Number.NaN;
  // A window ending in the future would be a clock problem: start fresh rather than skip time.
  return toMs >= nowMs - MAX_CATCH_UP_MS && toMs <= nowMs ? toMs : undefined;
}

/**
 * Collects one tick from every configured venue and stores it. The tick's counting window
 * starts where the previous stored tick's ended (within {@link MAX_CATCH_UP_MS}), so ticks
 * overlap in listening, never in counting. Bars are read back three bars plus the window so
 * consecutive ticks overlap; a tick where every venue failed is stored too (it records the
 * gap) and flagged for the caller. With `rollups`, the tick is then rolled up into the day
 * rollups the detector reads.
 */
export async function collectSnapshot(input: CollectSnapshotInput): Promise<CollectSnapshotResult> {
  const now = input.now ?? Date.now;
  const tickMs = (input.tickSeconds ?? input.windowSeconds) * 1000;
  const window =
    input.scheduledLeadSeconds === undefined
      ? { windowFromMs: await previousWindowTo(input, now()) }
      : (({ fromMs, toMs }) => ({ windowFromMs: fromMs, windowToMs: toMs }))(
          scheduledTickWindow(now(), tickMs, input.scheduledLeadSeconds * 1000),
        );
  const snapshot = await collectTick({
    venues: input.config.venues,
    assets: input.config.assets,
    barMinutes: COLLECT_BAR_MINUTES,
    barLookbackMinutes: 3 * COLLECT_BAR_MINUTES + Math.ceil(tickMs / 60_000),
    liquidationWindowMs: input.windowSeconds * 1000,
    ...window,
    tickMs,
    marketsCache: input.marketsCache,
    market: input.config.collection?.wholeMarket
      ? { topN: input.config.collection.topN }
      : undefined,
    now,
  });
  const key = await input.store.put(snapshot);
  // The snapshot is stored first: a rollup that fails can be rebuilt from it.
  const rolledUpDays =
    input.rollups === undefined
      ? []
      : await rollUpTick(
          {
            snapshots: input.store,
            rollups: input.rollups,
            marketRollups: input.marketRollups,
            config: input.config,
          },
          snapshot,
        );
  const allVenuesFailed = snapshot.venues.every((v) => v.status === 'failed');
  return { snapshot, key, allVenuesFailed, rolledUpDays };
}

/** One line per venue: status, and where it failed or missed part of the window, why. */
export function describeSnapshotVenues(snapshot: Snapshot): string[] {
  return snapshot.venues.map((v) => {
    const assets = v.instruments.map((i) => i.asset).join(', ') || 'none';
    const unwatchedMs = (v.liquidationGaps ?? []).reduce(
      (sum, g) => sum + Date.parse(g.to) - Date.parse(g.from),
      0,
    );
    const seconds = unwatchedMs < 100 ? 'under 0.1' : (unwatchedMs / 1000).toFixed(1);
    const gap =
      unwatchedMs > 0 ? ` (liquidations not listened to for ${seconds} s of the window)` : '';
    return `  ${v.venue.padEnd(12)} ${v.status.padEnd(7)} assets: ${assets}${v.error ? ` — ${v.error}` : ''}${gap}`;
  });
}

import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from '../../model/index.ts';
import { isSupportedVenue } from '../venues/ccxt-exchange-loader.ts';
import type { VenueConnection } from '../venues/create-venue-exchange.ts';
import type { MarketsCache } from '../venues/markets-cache.ts';
import { VENUE_PROFILES } from '../venues/venue-profiles.ts';
import { collectVenue } from './collect-venue.ts';
import type { MarketScope } from './read-venue-liquidations.ts';

/** Settings of one collection tick. */
export interface CollectTickInput {
  venues: (Omit<VenueConnection, 'id'> & { id: string })[];
  assets: string[];
  barMinutes: number;
  /** How far back bars are read; more than one tick so consecutive snapshots overlap. */
  barLookbackMinutes: number;
  /** How long the websocket feeds are listened to, from the start of the tick. */
  liquidationWindowMs: number;
  /**
   * Start of this tick's counting window: the previous tick's `window.to`, so windows are
   * contiguous. Absent (first tick) → `now − tickMs`.
   */
  windowFromMs?: number | undefined;
  /** End of the counting window and of listening; absent → start + `liquidationWindowMs`. */
  windowToMs?: number | undefined;
  /** Length of a tick (the schedule's interval); the default window start looks back this far. */
  tickMs?: number | undefined;
  marketsCache: MarketsCache;
  /** Listen to the whole market's liquidations (DESIGN.md §4); absent = the assets' only. */
  market?: MarketScope | undefined;
  now?: () => number;
}

function listensToWebsocket(venue: string): boolean {
  if (!isSupportedVenue(venue)) return false;
  const source = VENUE_PROFILES[venue].liquidationSource;
  return source === 'ws-for-symbols' || source === 'ws-per-symbol';
}

/**
 * The tick's counting window `[from, to)`. `to` is the end of listening; with no websocket
 * venue nothing needs to be listened to, so the window ends now (Gate reads its range at once).
 */
export function tickWindow(
  input: CollectTickInput,
  startMs: number,
): { fromMs: number; toMs: number } {
  const listens = input.venues.some((v) => listensToWebsocket(v.id));
  const toMs = input.windowToMs ?? startMs + (listens ? input.liquidationWindowMs : 0);
  const fallbackFromMs = startMs - (input.tickMs ?? input.liquidationWindowMs);
  const fromMs = Math.min(input.windowFromMs ?? fallbackFromMs, toMs);
  return { fromMs, toMs };
}

/**
 * The window of a scheduled tick started at `startMs`: ticks fire every `tickMs` on the clock
 * grid, and each counts `[grid + leadMs, next grid + leadMs)`, listening from its start until
 * the window's end. The next tick starts listening `leadMs` before this window ends, so windows
 * are contiguous without reading the store, and a tick that starts later than `leadMs` after
 * its grid point leaves a recorded gap instead of a double count.
 * @example scheduledTickWindow(Date.UTC(2026, 0, 1, 0, 5, 2), 300_000, 30_000) // 00:05:30 → 00:10:30
 */
export function scheduledTickWindow(
  startMs: number,
  tickMs: number,
  leadMs: number,
): { fromMs: number; toMs: number } {
  const gridMs = Math.floor(startMs / tickMs) * tickMs;
  return { fromMs: gridMs + leadMs, toMs: gridMs + tickMs + leadMs };
}

/**
 * One tick over every configured venue in parallel → one validated {@link Snapshot}.
 * Each venue counts liquidations only inside the tick's window; where its socket opened
 * after the window started, the unwatched part is recorded as a `liquidationGaps` entry.
 * A venue that fails is recorded as `failed` with its reason; the snapshot is always
 * written (it may hold no usable venue at all, which the caller can report).
 */
export async function collectTick(input: CollectTickInput): Promise<Snapshot> {
  const now = input.now ?? Date.now;
  const startMs = now();
  const window = tickWindow(input, startMs);
  const barMs = input.barMinutes * 60_000;
  const barsFromMs =
    Math.floor(Math.min(window.fromMs, startMs - input.barLookbackMinutes * 60_000) / barMs) *
    barMs;
  const venues = await Promise.all(
    input.venues.map((connection) =>
      collectVenue({
        connection,
        assets: input.assets,
        barsFromMs,
        barMinutes: input.barMinutes,
        window,
        marketsCache: input.marketsCache,
        market: input.market,
        now,
      }),
    ),
  );
  return snapshotSchema.parse({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt: new Date(Math.max(now(), window.toMs)).toISOString(),
    window: {
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
    },
    barMinutes: input.barMinutes,
    simulated: false,
    venues,
  });
}

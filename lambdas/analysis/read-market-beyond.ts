import type { MarketBeyond, Snapshot, VenueLargestLiquidation } from '../model/index.ts';

/**
 * The whole market beyond the covered coins, from ticks that listened to it (DESIGN.md §4):
 * each venue's `marketLiquidations` added into bars of `barMinutes`, every tick's largest orders,
 * the unmapped symbols and the capped venues. A window a venue repeats (a re-sent tick) counts
 * once. Null when no tick listened to the market.
 * @example readMarketBeyond(snapshots, 5)?.bars[0]?.byCoin.PEPE?.binanceusdm // { longUsd, shortUsd }
 */
export function readMarketBeyond(
  snapshots: readonly Snapshot[],
  barMinutes: number,
): MarketBeyond | null {
  const barMs = barMinutes * 60_000;
  const counted = new Set<string>();
  const bars = new Map<number, MarketBeyond['bars'][number]>();
  const largest: VenueLargestLiquidation[] = [];
  const unmapped: MarketBeyond['unmapped'] = [];
  const capped = new Set<string>();
  const scopes: MarketBeyond['scopes'] = {};
  for (const snapshot of snapshots)
    for (const venue of snapshot.venues) {
      const market = venue.marketLiquidations;
      const key = `${venue.venue} ${snapshot.window.from} ${snapshot.window.to}`;
      if (market === undefined || counted.has(key)) continue;
      counted.add(key);
      scopes[venue.venue] = market.scope;
      if (market.capped) capped.add(venue.venue);
      for (const { coin, liquidations } of market.coins)
        for (const bucket of liquidations) {
          const openTimeMs = Math.floor(bucket.openTimeMs / barMs) * barMs;
          const bar = bars.get(openTimeMs) ?? { openTimeMs, byCoin: {} };
          bars.set(openTimeMs, bar);
          const venues = bar.byCoin[coin] ?? {};
          const part = venues[venue.venue] ?? { longUsd: 0, shortUsd: 0 };
          venues[venue.venue] = {
            longUsd: part.longUsd + bucket.longUsd,
            shortUsd: part.shortUsd + bucket.shortUsd,
          };
          bar.byCoin[coin] = venues;
        }
      for (const order of market.largest) largest.push({ ...order, venue: venue.venue });
      const fromMs = Date.parse(snapshot.window.from);
      for (const u of market.unmapped) unmapped.push({ venue: venue.venue, ...u, fromMs });
    }
  if (counted.size === 0) return null;
  return {
    bars: [...bars.values()].sort((a, b) => a.openTimeMs - b.openTimeMs),
    largest: largest.sort((a, b) => b.usd - a.usd),
    unmapped,
    cappedVenues: [...capped].sort(),
    scopes,
  };
}

import type {
  BeyondLeverage,
  BeyondLeverageReading,
  ExcludedReading,
  MarketBeyond,
  MarketBeyondParts,
  MarketDerivatives,
  Snapshot,
  VenueLargestLiquidation,
} from '../model/index.ts';

/**
 * The whole market beyond the covered coins, from ticks that listened to it (DESIGN.md §4):
 * each venue's `marketLiquidations` added into bars of `barMinutes`, every tick's largest orders,
 * the unmapped symbols and the capped venues, and each tick's bulk open interest and funding
 * (`marketDerivatives`) with the coins left out of it. A window a venue repeats (a re-sent tick)
 * counts once. Null when no tick read the market.
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
  const cappedWindows: MarketBeyond['cappedWindows'] = [];
  const scopes: MarketBeyond['scopes'] = {};
  const leverage = new Map<number, BeyondLeverageReading>();
  const leverageTopN: MarketBeyond['leverageTopN'] = {};
  for (const snapshot of snapshots)
    for (const venue of snapshot.venues) {
      const key = `${venue.venue} ${snapshot.window.from} ${snapshot.window.to}`;
      if (counted.has(key)) continue;
      if (venue.marketDerivatives !== undefined) {
        counted.add(key);
        const atMs = Date.parse(snapshot.takenAt);
        const reading = leverage.get(atMs) ?? { atMs, byCoin: {}, excluded: [] };
        leverage.set(atMs, addReading(reading, venue.venue, venue.marketDerivatives));
        leverageTopN[venue.venue] = venue.marketDerivatives.topN;
      }
      const market = venue.marketLiquidations;
      if (market === undefined) continue;
      counted.add(key);
      scopes[venue.venue] = market.scope;
      const fromMs = Date.parse(snapshot.window.from);
      if (market.capped) cappedWindows.push({ venue: venue.venue, fromMs });
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
      for (const u of market.unmapped) unmapped.push({ venue: venue.venue, ...u, fromMs });
    }
  if (counted.size === 0) return null;
  return completeMarketBeyond({
    bars: [...bars.values()].sort((a, b) => a.openTimeMs - b.openTimeMs),
    largest,
    unmapped,
    cappedWindows,
    scopes,
    leverage: [...leverage.values()].sort((a, b) => a.atMs - b.atMs),
    leverageTopN,
  });
}

/**
 * The market beyond from its parts (a read of snapshots, or of day rollups): orders largest
 * first, the venues that were capped and every coin left out of a bulk reading, each once with
 * its latest reason.
 * @example completeMarketBeyond(parts).cappedVenues // ['gate']
 */
export function completeMarketBeyond(parts: MarketBeyondParts): MarketBeyond {
  const excluded = new Map<string, ExcludedReading>();
  for (const reading of parts.leverage)
    for (const e of reading.excluded) excluded.set(`${e.venue} ${e.symbol}`, e);
  return {
    ...parts,
    largest: [...parts.largest].sort((a, b) => b.usd - a.usd),
    cappedVenues: [...new Set(parts.cappedWindows.map((c) => c.venue))].sort(),
    excludedReadings: [...excluded.values()].sort(
      (a, b) => a.venue.localeCompare(b.venue) || a.symbol.localeCompare(b.symbol),
    ),
  };
}

// A venue's bulk reading joins the tick's: several perps of one coin on a venue add up.
function addReading(
  reading: BeyondLeverageReading,
  venue: string,
  derivatives: MarketDerivatives,
): BeyondLeverageReading {
  for (const c of derivatives.coins) {
    const venues = reading.byCoin[c.coin] ?? {};
    const funding8h = (c.fundingRate * 8) / c.fundingIntervalHours;
    const known = venues[venue];
    venues[venue] =
      known === undefined
        ? { oiUsd: c.openInterestUsd, funding8h }
        : {
            oiUsd: known.oiUsd + c.openInterestUsd,
            funding8h: weightedFunding(known, { oiUsd: c.openInterestUsd, funding8h }),
          };
    reading.byCoin[c.coin] = venues;
  }
  for (const e of derivatives.excluded) reading.excluded.push({ venue, ...e });
  return reading;
}

function weightedFunding(a: BeyondLeverage, b: BeyondLeverage): number {
  const oiUsd = a.oiUsd + b.oiUsd;
  return oiUsd > 0 ? (a.funding8h * a.oiUsd + b.funding8h * b.oiUsd) / oiUsd : a.funding8h;
}

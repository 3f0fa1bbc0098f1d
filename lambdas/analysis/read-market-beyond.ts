import type {
  BeyondLeverage,
  BeyondLeverageReading,
  ExcludedReading,
  MarketBeyond,
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
  const capped = new Set<string>();
  const scopes: MarketBeyond['scopes'] = {};
  const leverage = new Map<number, BeyondLeverageReading>();
  const excludedReadings = new Map<string, ExcludedReading>();
  const leverageTopN: MarketBeyond['leverageTopN'] = {};
  for (const snapshot of snapshots)
    for (const venue of snapshot.venues) {
      const key = `${venue.venue} ${snapshot.window.from} ${snapshot.window.to}`;
      if (counted.has(key)) continue;
      if (venue.marketDerivatives !== undefined) {
        counted.add(key);
        const atMs = Date.parse(snapshot.takenAt);
        const reading = leverage.get(atMs) ?? { atMs, byCoin: {} };
        leverage.set(atMs, addReading(reading, venue.venue, venue.marketDerivatives));
        leverageTopN[venue.venue] = venue.marketDerivatives.topN;
        for (const e of venue.marketDerivatives.excluded)
          excludedReadings.set(`${venue.venue} ${e.symbol}`, { venue: venue.venue, ...e });
      }
      const market = venue.marketLiquidations;
      if (market === undefined) continue;
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
    leverage: [...leverage.values()].sort((a, b) => a.atMs - b.atMs),
    leverageTopN,
    excludedReadings: [...excludedReadings.values()].sort(
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
  return reading;
}

function weightedFunding(a: BeyondLeverage, b: BeyondLeverage): number {
  const oiUsd = a.oiUsd + b.oiUsd;
  return oiUsd > 0 ? (a.funding8h * a.oiUsd + b.funding8h * b.oiUsd) / oiUsd : a.funding8h;
}

import type {
  BarColumns,
  LargestColumns,
  SeriesBar,
  VenueLargestLiquidation,
} from '../../model/index.ts';

/** The scalar fields of a bar, in the order of `SeriesBar`. */
const FIELDS = [
  'openTimeMs',
  'open',
  'high',
  'low',
  'close',
  'oiBase',
  'oiUsd',
  'fedOiUsd',
  'fundingRate8h',
  'premium',
  'perpVolumeUsd',
  'spotVolumeUsd',
  'perpTakerDeltaUsd',
  'spotTakerDeltaUsd',
  'liqLongUsd',
  'liqShortUsd',
  'coverage',
] as const;

/** The columns every rollup has (`fedOiUsd` may be absent from older ones). */
type Scalars = Omit<BarColumns, 'liqByVenue' | 'fedOiUsd'>;

/** Bars as columns (see `barColumnsSchema`); venues in the order they first appear. */
export function toBarColumns(bars: readonly SeriesBar[]): BarColumns {
  const columns = Object.fromEntries(FIELDS.map((f) => [f, bars.map((b) => b[f])])) as Omit<
    BarColumns,
    'liqByVenue'
  >;
  const venues = [...new Set(bars.flatMap((b) => Object.keys(b.liqByVenue)))];
  const liqByVenue = Object.fromEntries(
    venues.map((venue) => [
      venue,
      {
        longUsd: bars.map((b) => b.liqByVenue[venue]?.longUsd ?? null),
        shortUsd: bars.map((b) => b.liqByVenue[venue]?.shortUsd ?? null),
      },
    ]),
  );
  return { ...columns, liqByVenue };
}

/** Columns (validated, so of one length) back into bars; inverse of {@link toBarColumns}. */
export function fromBarColumns(columns: BarColumns): SeriesBar[] {
  const venues = Object.entries(columns.liqByVenue);
  return columns.openTimeMs.map((openTimeMs, i) => {
    const liqByVenue: SeriesBar['liqByVenue'] = {};
    for (const [venue, { longUsd, shortUsd }] of venues) {
      const long = longUsd[i];
      const short = shortUsd[i];
      if (long != null && short != null) liqByVenue[venue] = { longUsd: long, shortUsd: short };
    }
    const at = <K extends keyof Scalars>(key: K) => columns[key][i] as Scalars[K][number];
    return {
      openTimeMs,
      open: at('open'),
      high: at('high'),
      low: at('low'),
      close: at('close'),
      oiBase: at('oiBase'),
      oiUsd: at('oiUsd'),
      fedOiUsd: columns.fedOiUsd?.[i] ?? null,
      fundingRate8h: at('fundingRate8h'),
      premium: at('premium'),
      perpVolumeUsd: at('perpVolumeUsd'),
      spotVolumeUsd: at('spotVolumeUsd'),
      perpTakerDeltaUsd: at('perpTakerDeltaUsd'),
      spotTakerDeltaUsd: at('spotTakerDeltaUsd'),
      liqLongUsd: at('liqLongUsd'),
      liqShortUsd: at('liqShortUsd'),
      liqByVenue,
      coverage: at('coverage'),
    };
  });
}

/** Single orders as columns (see `largestColumnsSchema`). */
export function toLargestColumns(orders: readonly VenueLargestLiquidation[]): LargestColumns {
  return {
    coin: orders.map((o) => o.coin),
    symbol: orders.map((o) => o.symbol),
    side: orders.map((o) => o.side),
    usd: orders.map((o) => o.usd),
    price: orders.map((o) => o.price),
    timeMs: orders.map((o) => o.timeMs),
    venue: orders.map((o) => o.venue),
  };
}

/** Single orders back from columns of equal length (checked by `largestColumnsSchema`). */
export function fromLargestColumns(columns: LargestColumns): VenueLargestLiquidation[] {
  return columns.coin.map((coin, i) => ({
    coin,
    symbol: columns.symbol[i] as string,
    side: columns.side[i] as 'long' | 'short',
    usd: columns.usd[i] as number,
    price: columns.price[i] as number,
    timeMs: columns.timeMs[i] as number,
    venue: columns.venue[i] as string,
  }));
}

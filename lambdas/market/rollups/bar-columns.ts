import type { BarColumns, SeriesBar } from '../../model/index.ts';

/** The scalar fields of a bar, in the order of `SeriesBar`. */
const FIELDS = [
  'openTimeMs',
  'open',
  'high',
  'low',
  'close',
  'oiBase',
  'oiUsd',
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

type Scalars = Omit<BarColumns, 'liqByVenue'>;

/** Bars as columns (see `barColumnsSchema`); venues in the order they first appear. */
export function toBarColumns(bars: readonly SeriesBar[]): BarColumns {
  const columns = Object.fromEntries(FIELDS.map((f) => [f, bars.map((b) => b[f])])) as Scalars;
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

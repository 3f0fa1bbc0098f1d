import type { Bar, InstrumentSnapshot, Snapshot } from '../../../lambdas/model/index.ts';
import { makeSnapshot, type VenuePart } from './series-fixtures.ts';

/** 5 minutes, the bar and tick length of these fixtures. */
export const M5 = 300_000;
/** 2026-03-12 14:00 UTC */
export const T0 = Date.UTC(2026, 2, 12, 14, 0);

/** A venue's part of {@link tick}, with anything of its one instrument replaced. */
export interface GatePart extends VenuePart {
  instrument?: (instrument: InstrumentSnapshot) => InstrumentSnapshot;
}

/**
 * Tick `index` of a 5-minute schedule from {@link T0}: taken at the close of bar `index`, with
 * that bar and the contiguous counting window `[T0 + index·M5, T0 + (index + 1)·M5)`.
 */
export function tick(index: number, parts: GatePart[]): Snapshot {
  const openMs = T0 + index * M5;
  const base = makeSnapshot(
    openMs + M5,
    parts.map((p) => ({ ...p, barOpenTimesMs: p.barOpenTimesMs ?? [openMs] })),
  );
  return {
    ...base,
    window: { from: new Date(openMs).toISOString(), to: new Date(openMs + M5).toISOString() },
    venues: base.venues.map((venue, i) => {
      const edit = parts[i]?.instrument;
      return edit === undefined ? venue : { ...venue, instruments: venue.instruments.map(edit) };
    }),
  };
}

/** Replaces every perp bar of the instrument with `bar` (at the same open time). */
export function withBar(bar: Omit<Bar, 'openTimeMs'>) {
  return (instrument: InstrumentSnapshot): InstrumentSnapshot => ({
    ...instrument,
    perpBars: instrument.perpBars.map((b) => ({ ...b, ...bar })),
  });
}

/** A flat bar at `price` (high and low ±0.1 %), 10 units of volume. */
export function flatBar(price: number): Omit<Bar, 'openTimeMs'> {
  return {
    open: price,
    high: price * 1.001,
    low: price * 0.999,
    close: price,
    volumeBase: 10,
    takerBuyVolumeBase: 6,
  };
}

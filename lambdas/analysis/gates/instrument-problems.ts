import type { Bar, InstrumentSnapshot, LiquidationBucket } from '../../model/index.ts';
import {
  MAX_FUNDING_RATE_PER_HOUR,
  MAX_INSTRUMENT_USD,
  MAX_PRICE_FACTOR,
} from './plausibility-limits.ts';
import { amountText } from './ratio-text.ts';

/**
 * What is wrong with one instrument's reading, field by field (a `null` field is sound). Each
 * reason is a clause a reader can follow: "its high read below its low".
 */
export interface InstrumentProblems {
  /** Perp bars that are not a real bar, by open time. */
  perpBars: ReadonlyMap<number, string>;
  spotBars: ReadonlyMap<number, string>;
  openInterest: string | null;
  funding: string | null;
  /** Mark or index price that cannot give a premium. */
  premium: string | null;
  /** Liquidation buckets that cannot be real, by bar open time. */
  liquidations: ReadonlyMap<number, string>;
}

const ABOVE_CEILING = `more than $${amountText(MAX_INSTRUMENT_USD / 1e12)}T, more than every crypto asset together is worth`;

function allFinite(values: ReadonlyArray<number | null>): boolean {
  return values.every((v) => v === null || Number.isFinite(v));
}

/**
 * Why a bar cannot be real (not finite, a price at or below 0, low above open or close, high
 * below them, negative volume, more volume than any market trades), or null for a sound bar.
 * @example barProblem({ ...bar, high: 90, low: 110 }) // "its high read below its low"
 */
export function barProblem(bar: Bar): string | null {
  const { open, high, low, close, volumeBase, takerBuyVolumeBase } = bar;
  if (!allFinite([open, high, low, close, volumeBase, takerBuyVolumeBase]))
    return 'it read a value that is not a finite number';
  if (Math.min(open, high, low, close) <= 0) return 'its price read 0 or below';
  if (high < low) return 'its high read below its low';
  if (low > Math.min(open, close)) return 'its low read above its open or close';
  if (high < Math.max(open, close)) return 'its high read below its open or close';
  if (volumeBase < 0 || (takerBuyVolumeBase ?? 0) < 0) return 'its volume read below zero';
  if (volumeBase * close > MAX_INSTRUMENT_USD) return `its volume read ${ABOVE_CEILING}`;
  return null;
}

function openInterestProblem(oi: InstrumentSnapshot['openInterest']): string | null {
  if (oi === null) return null;
  if (!allFinite([oi.base, oi.usd])) return 'it read a value that is not a finite number';
  if (oi.base < 0 || oi.usd < 0) return 'it read below zero';
  if (oi.usd > MAX_INSTRUMENT_USD) return `it read ${ABOVE_CEILING}`;
  return null;
}

function fundingProblem(funding: InstrumentSnapshot['funding']): string | null {
  if (funding === null) return null;
  const { rate, intervalHours } = funding;
  if (!allFinite([rate, intervalHours]) || !(intervalHours > 0))
    return 'it read a rate or interval that is not a finite number';
  const perHour = Math.abs(rate / intervalHours);
  if (perHour <= MAX_FUNDING_RATE_PER_HOUR) return null;
  // A multiple of the bound, not the rate itself: the absurd figure is what must not reach a reader.
  const bound8h = amountText(MAX_FUNDING_RATE_PER_HOUR * 8 * 100);
  return `it read ${amountText(perHour / MAX_FUNDING_RATE_PER_HOUR)}× the ±${bound8h} %/8h bound of any real rate`;
}

function premiumProblem(mark: number | null, index: number | null): string | null {
  if (mark === null || index === null) return null;
  if (!allFinite([mark, index]) || mark <= 0 || index <= 0)
    return 'its mark or index price read 0 or below';
  const ratio = Math.max(mark / index, index / mark);
  if (ratio <= MAX_PRICE_FACTOR) return null;
  return `its mark price read ${amountText(mark / index)}× its index price`;
}

function liquidationProblem(bucket: LiquidationBucket): string | null {
  const { longUsd, shortUsd, longCount, shortCount } = bucket;
  if (!allFinite([longUsd, shortUsd, longCount, shortCount]))
    return 'they read a value that is not a finite number';
  if (Math.min(longUsd, shortUsd, longCount, shortCount) < 0) return 'they read below zero';
  if (longUsd + shortUsd > MAX_INSTRUMENT_USD) return `one bar’s read ${ABOVE_CEILING}`;
  return null;
}

const NO_PROBLEMS: ReadonlyMap<number, string> = new Map();

function problemsByBar<T extends { openTimeMs: number }>(
  items: readonly T[],
  problemOf: (item: T) => string | null,
): ReadonlyMap<number, string> {
  let problems: Map<number, string> | null = null;
  for (const item of items) {
    const problem = problemOf(item);
    if (problem === null) continue;
    problems ??= new Map();
    problems.set(item.openTimeMs, problem);
  }
  // Sound readings (nearly all) share one empty map instead of allocating three per reading.
  return problems ?? NO_PROBLEMS;
}

/**
 * Checks one instrument's reading on its own, with no history or other venue to compare with:
 * finite numbers, prices above 0, consistent OHLC, volumes, open interest and liquidations not
 * below 0 nor above {@link MAX_INSTRUMENT_USD}, funding within {@link MAX_FUNDING_RATE_PER_HOUR},
 * mark within {@link MAX_PRICE_FACTOR} of index.
 */
export function findInstrumentProblems(instrument: InstrumentSnapshot): InstrumentProblems {
  return {
    perpBars: problemsByBar(instrument.perpBars, barProblem),
    spotBars: problemsByBar(instrument.spotBars ?? [], barProblem),
    openInterest: openInterestProblem(instrument.openInterest),
    funding: fundingProblem(instrument.funding),
    premium: premiumProblem(instrument.markPrice, instrument.indexPrice),
    liquidations: problemsByBar(instrument.liquidations, liquidationProblem),
  };
}

/** Each field's name in one-line errors, and how a reader is told it failed. */
const FIELDS = [
  ['perp bar', 'a perp bar'],
  ['spot bar', 'a spot bar'],
  ['open interest', 'its open interest'],
  ['funding', 'its funding rate'],
  ['mark/index', 'its mark and index prices'],
  ['liquidations', 'its liquidations'],
] as const;

function firstFound(problems: InstrumentProblems) {
  const [perpBar] = problems.perpBars.values();
  const [spotBar] = problems.spotBars.values();
  const [bucket] = problems.liquidations.values();
  const reasons = [
    perpBar,
    spotBar,
    problems.openInterest,
    problems.funding,
    problems.premium,
    bucket,
  ];
  const index = reasons.findIndex((reason) => reason != null);
  const field = FIELDS[index];
  const reason = reasons[index];
  return field === undefined || reason == null
    ? null
    : { name: field[0], subject: field[1], reason };
}

/**
 * The first problem of an instrument as one line naming the field, or null when it is sound:
 * the collector leaves out an instrument with any problem, since it has no other reading to
 * keep in its place.
 * @example firstInstrumentProblem(problems) // "funding: it read 31× the ±16 %/8h bound of any real rate"
 */
export function firstInstrumentProblem(problems: InstrumentProblems): string | null {
  const found = firstFound(problems);
  return found === null ? null : `${found.name}: ${found.reason}`;
}

/**
 * The same problem as a clause for the reader, or null when the instrument is sound.
 * @example instrumentRefusalReason(problems) // "its funding rate failed a plausibility check: it read 31× the ±16 %/8h bound of any real rate"
 */
export function instrumentRefusalReason(problems: InstrumentProblems): string | null {
  const found = firstFound(problems);
  return found === null ? null : `${found.subject} failed a plausibility check: ${found.reason}`;
}

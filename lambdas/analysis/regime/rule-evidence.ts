import type { RegimeConfig } from '../../config.ts';
import type { AftermathFacts, Evidence, RegimeLabel } from '../../model/index.ts';
import { HOUR_MS } from '../../shared/time.ts';
import type { AftermathLevels } from './aftermath-levels.ts';
import { formatThresholdPrice } from './format-threshold.ts';

/** One rule before it is attached to its label. */
export interface RuleSpec {
  ruleId: string;
  role: Evidence['role'];
  description: string;
  value: number | null;
  unit: Evidence['unit'];
  threshold: string;
  /** Outcome; null when an input is missing (shown as `n/a`, never scored). */
  passes: boolean | null;
  /** For a must-hold rule that passes: by a clear margin? Defaults to true. */
  clear?: boolean;
  /** For a support: what is true when it fails, in words ("open interest rebuilt"). */
  failedText?: string;
  /**
   * For a rule whose input comes only with time after the flush: why it has no value yet, in
   * words, so a reader is not told the data lacks what the next reading will have.
   */
  notYetText?: string;
  /** Decimals the value is printed with (a computed `pct` threshold's, see {@link thresholdPctDecimals}). */
  valueDecimals?: number;
  source: string;
}

/** Turns a rule spec into an evidence item of `label`. */
export function toEvidence(label: RegimeLabel, spec: RuleSpec): Evidence {
  const evidence: Evidence = {
    ruleId: spec.ruleId,
    label,
    role: spec.role,
    description: spec.description,
    value: spec.value,
    unit: spec.unit,
    threshold: spec.threshold,
    status: spec.passes === null ? 'n/a' : spec.passes ? 'pass' : 'fail',
    source: spec.source,
  };
  if (spec.role === 'must' && spec.passes === true) evidence.clearMargin = spec.clear ?? true;
  if (spec.failedText !== undefined && spec.passes === false) evidence.failedText = spec.failedText;
  if (spec.notYetText !== undefined && spec.passes === null) evidence.notYetText = spec.notYetText;
  if (spec.valueDecimals !== undefined && spec.value !== null)
    evidence.valueDecimals = spec.valueDecimals;
  return evidence;
}

/** Applies `test` when `value` is known; null (n/a) otherwise. */
export function check(value: number | null, test: (v: number) => boolean): boolean | null {
  return value === null ? null : test(value);
}

/** Boolean as an evidence value (1 = yes, 0 = no, null = unknown). */
export function boolValue(flag: boolean | null): number | null {
  return flag === null ? null : flag ? 1 : 0;
}

/** Where each measure came from, for the evidence's `source` column. */
export interface RuleSources {
  price: string;
  volume: string;
  spotFlow: string;
  perpFlow: string;
  openInterest: string;
  funding: string;
  premium: string;
}

/** Everything a label's rule builder reads. */
export interface RuleContext {
  f: AftermathFacts;
  levels: AftermathLevels;
  config: RegimeConfig;
  src: RuleSources;
  /** +1 after a long flush, −1 after a short squeeze. */
  d: 1 | -1;
  asOfMs: number;
}

/**
 * A new extreme printed within `recentExtremeHours` of the checkpoint while price is still in
 * the first `newExtremeMaxRetrace` of the leg: the move is still going. A new extreme that price
 * has since left far behind no longer says so.
 */
export function recentNewExtreme({ f, config, asOfMs }: RuleContext): boolean {
  return (
    f.newExtremeAtMs !== null &&
    f.newExtremeAtMs >= asOfMs - config.recentExtremeHours * HOUR_MS &&
    f.retraceFrac < config.newExtremeMaxRetrace
  );
}

/**
 * Funding's "usual range" half-width: `fundingNearSigma` robust σ, but never under a tenth of
 * the median (or 0.0002 %/8h): Binance's 8-hourly rate sits on 0.0100 % for weeks, a MAD of 0.
 */
export function fundingBand(f: AftermathFacts, config: RegimeConfig): number | null {
  if (f.fundingMad8h === null || f.fundingMedian8h === null) return null;
  return Math.max(
    config.fundingNearSigma * 1.4826 * f.fundingMad8h,
    0.1 * Math.abs(f.fundingMedian8h),
    0.000002,
  );
}

/** "flush" after a long flush, "squeeze" after a short squeeze. */
export function eventWord(d: 1 | -1): 'flush' | 'squeeze' {
  return d === 1 ? 'flush' : 'squeeze';
}

/** "reclaim line" / "rejection line". */
export function lineWord(d: 1 | -1): string {
  return d === 1 ? 'reclaim line' : 'rejection line';
}

/** "above" after a long flush, "below" after a squeeze. */
export function beyondWord(d: 1 | -1): string {
  return d === 1 ? 'above' : 'below';
}

/** The close of a hold's window that decides it: the lowest after a long flush. */
export function weakestWord(d: 1 | -1): string {
  return d === 1 ? 'lowest' : 'highest';
}

/**
 * "Not holding beyond the broken level now": a must-hold rule shared by every label that
 * describes a market that has not won the level back.
 */
export function notHoldingRule({ f, levels, config, src, d }: RuleContext): RuleSpec {
  return {
    ruleId: d === 1 ? 'not-holding-above-level' : 'not-holding-below-level',
    role: 'must',
    description: `Not back ${beyondWord(d)} the ${lineWord(d)} for a full ${config.holdMinutes} minutes of closes (${weakestWord(d)} shown)`,
    value: f.weakestWindowClose ?? f.priceNow,
    unit: 'price',
    threshold: `not every close ${d === 1 ? '>' : '<'} ${formatThresholdPrice(f.reclaimLine)}`,
    passes: !f.holdingNow,
    // Clear only when price is not just at the line: a quarter ATR short of it or more.
    clear: levels.atr1hUsd !== null && d * (f.reclaimLine - f.priceNow) >= 0.25 * levels.atr1hUsd,
    source: src.price,
  };
}

/** "Open interest falling since the flush ended": a support of the continuation readings. */
export function oiFallingRule({ f, src, d }: RuleContext): RuleSpec {
  return {
    ruleId: 'oi-falling-since-end',
    role: 'support',
    description: `Open interest falling since the ${eventWord(d)} ended`,
    failedText: `open interest not falling since the ${eventWord(d)} ended`,
    value: f.oiVsEndFrac,
    unit: 'pct',
    threshold: '< 0 %',
    passes: check(f.oiVsEndFrac, (v) => v < 0),
    source: src.openInterest,
  };
}

/** Funding against the asset's own pre-flush median, `sign` +1 for "at or above", −1 "at or below". */
export function fundingVsMedianRule(
  { f, src }: RuleContext,
  ruleId: string,
  sign: 1 | -1,
  threshold: (median: number) => string,
): RuleSpec {
  const median = f.fundingMedian8h;
  return {
    ruleId,
    role: 'support',
    description: `Funding (8h) ${sign === 1 ? 'at or above' : 'at or below'} its 30-day median`,
    failedText: `funding ${sign === 1 ? 'below' : 'above'} its 30-day median`,
    value: f.fundingNow8h,
    unit: 'rate8h',
    threshold: median === null ? 'median not available' : threshold(median),
    passes: median === null ? null : check(f.fundingNow8h, (v) => sign * (v - median) >= 0),
    source: src.funding,
  };
}

import type {
  Bar,
  ExcludedInput,
  ExcludedInputKind,
  InstrumentSnapshot,
  LiquidationBucket,
} from '../../model/index.ts';
import { findInstrumentProblems } from './instrument-problems.ts';
import { MAX_LIQUIDATION_TO_OI, MAX_OI_JUMP_FACTOR } from './plausibility-limits.ts';
import { ratioText } from './ratio-text.ts';
import { RecentReadings } from './recent-readings.ts';

/** A time interval `[fromMs, toMs)`. */
interface Interval {
  fromMs: number;
  toMs: number;
}

/** What of one tick's reading of an instrument may be used, and what was left out. */
export interface GatedReading {
  /** The reading's open interest, or the last accepted one when it was left out. */
  openInterest: InstrumentSnapshot['openInterest'];
  funding: InstrumentSnapshot['funding'];
  /** Mark and index, both null when they cannot give a premium. */
  markPrice: number | null;
  indexPrice: number | null;
  perpBars: Bar[];
  spotBars: Bar[];
  liquidations: LiquidationBucket[];
  /** Bars whose liquidations were left out: unknown for this venue, not zero. */
  unknownLiquidationBars: number[];
  excluded: ExcludedInput[];
}

/** Why `value` is too far from `recent` (more than {@link MAX_OI_JUMP_FACTOR} either way), or null. */
export function jumpProblem(value: number, recent: number | null): string | null {
  if (recent === null || recent <= 0) return null;
  const ratio = value / recent;
  if (ratio <= MAX_OI_JUMP_FACTOR && ratio >= 1 / MAX_OI_JUMP_FACTOR) return null;
  return `it read ${ratioText(value, recent)} its recent level`;
}

/** Where one reading's exclusions are written. */
interface ExclusionLog {
  venue: string;
  symbol: string;
  barMs: number;
  excluded: ExcludedInput[];
}

function exclude(
  record: ExclusionLog,
  input: ExcludedInputKind,
  span: Interval,
  reason: string,
): void {
  record.excluded.push({ venue: record.venue, symbol: record.symbol, input, ...span, reason });
}

function barSpan(record: ExclusionLog, openTimeMs: number): Interval {
  return { fromMs: openTimeMs, toMs: openTimeMs + record.barMs };
}

function keepBars(
  record: ExclusionLog,
  bars: readonly Bar[],
  problems: ReadonlyMap<number, string>,
  input: ExcludedInputKind,
): Bar[] {
  if (problems.size === 0) return [...bars];
  return bars.filter((bar) => {
    const problem = problems.get(bar.openTimeMs);
    if (problem !== undefined) exclude(record, input, barSpan(record, bar.openTimeMs), problem);
    return problem === undefined;
  });
}

/** Why one bar's liquidations exceed what the venue’s open interest allows, or null. */
function liquidationCapProblem(bucket: LiquidationBucket, capUsd: number | null): string | null {
  const totalUsd = bucket.longUsd + bucket.shortUsd;
  if (capUsd === null || totalUsd <= capUsd) return null;
  return `one bar’s read ${ratioText(totalUsd, capUsd / MAX_LIQUIDATION_TO_OI)} the venue’s open interest`;
}

/**
 * The plausibility gates of one venue's readings of one asset, tick after tick: each reading's
 * own checks ({@link findInstrumentProblems}), its open interest against the venue's recent
 * median, and each bar's liquidations against the venue’s open interest. Readings must come in
 * time order. Whatever fails is left out field by field and named in `excluded`.
 */
export class VenueReadingGate {
  private readonly recentOiBase = new RecentReadings();
  private readonly recentOiUsd = new RecentReadings();
  private lastAcceptedOi: InstrumentSnapshot['openInterest'] = null;

  public constructor(
    private readonly venue: string,
    private readonly barMs: number,
  ) {}

  /** Gates one tick's reading; `window` is the tick's counting window. */
  public gate(instrument: InstrumentSnapshot, window: Interval): GatedReading {
    const problems = findInstrumentProblems(instrument);
    const excluded: ExcludedInput[] = [];
    const record: ExclusionLog = {
      venue: this.venue,
      symbol: instrument.symbol,
      barMs: this.barMs,
      excluded,
    };
    const oiProblem = problems.openInterest ?? this.oiJump(instrument.openInterest);
    if (oiProblem !== null) exclude(record, 'open-interest', window, oiProblem);
    else if (instrument.openInterest !== null) this.lastAcceptedOi = instrument.openInterest;
    if (problems.funding !== null) exclude(record, 'funding', window, problems.funding);
    if (problems.premium !== null) exclude(record, 'premium', window, problems.premium);
    const liquidations: LiquidationBucket[] = [];
    const unknownLiquidationBars: number[] = [];
    const liqCapUsd = this.liquidationCapUsd();
    for (const bucket of instrument.liquidations) {
      const problem =
        problems.liquidations.get(bucket.openTimeMs) ?? liquidationCapProblem(bucket, liqCapUsd);
      if (problem === null) liquidations.push(bucket);
      else {
        exclude(record, 'liquidations', barSpan(record, bucket.openTimeMs), problem);
        unknownLiquidationBars.push(bucket.openTimeMs);
      }
    }
    return {
      openInterest: oiProblem === null ? instrument.openInterest : this.lastAcceptedOi,
      funding: problems.funding === null ? instrument.funding : null,
      markPrice: problems.premium === null ? instrument.markPrice : null,
      indexPrice: problems.premium === null ? instrument.indexPrice : null,
      perpBars: keepBars(record, instrument.perpBars, problems.perpBars, 'price'),
      spotBars: keepBars(record, instrument.spotBars ?? [], problems.spotBars, 'spot-price'),
      liquidations,
      unknownLiquidationBars,
      excluded,
    };
  }

  /** Checks a sound reading against the recent median, then adds it to the readings. */
  private oiJump(oi: InstrumentSnapshot['openInterest']): string | null {
    if (oi === null) return null;
    const problem =
      jumpProblem(oi.base, this.recentOiBase.median()) ??
      jumpProblem(oi.usd, this.recentOiUsd.median());
    this.recentOiBase.push(oi.base);
    this.recentOiUsd.push(oi.usd);
    return problem;
  }

  /** Liquidations one bar may reach: the larger of the accepted and the recent OI in USD. */
  private liquidationCapUsd(): number | null {
    const oiUsd = Math.max(this.lastAcceptedOi?.usd ?? 0, this.recentOiUsd.median() ?? 0);
    return oiUsd > 0 ? oiUsd * MAX_LIQUIDATION_TO_OI : null;
  }
}

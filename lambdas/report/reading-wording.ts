import type { FlushFacts, ReadingFacts } from '../model/index.ts';
import { HOUR_MS } from '../shared/time.ts';
import {
  capitalize,
  formatCount,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatShare,
  formatUsdCompact,
  formatUtcMoment,
} from './format.ts';
import { type SideWords, sideWords } from './side-words.ts';

/** What the article says about a reading: a headline phrase, the lead, details and the flip. */
export interface ReadingWords {
  /** Short phrase for the follow-up headline, e.g. "back above the broken low at $69,163". */
  headline: string;
  /** The sentence that says what the market is doing now. */
  lead: string;
  /** Further sentences, each backed by an evaluated fact. */
  details: string[];
  /** What would change the reading, with its levels. */
  flip: string;
}

/** "the broken 24-hour low at $69,163" or "where the flush began, $69,405". */
export function levelPhrase(flush: FlushFacts, w: SideWords): string {
  return flush.referenceSource === 'flush-start'
    ? `where the ${w.event} began, ${formatPrice(flush.referencePrice)}`
    : `the broken 24-hour ${w.extreme} at ${formatPrice(flush.referencePrice)}`;
}

/**
 * "44 % of the way back from the flush low", or past where it began; with `extremePrice`, the
 * low is named ("… from the flush low of $52,222"), for a sentence that cites a newer one.
 */
function retraceText(retraceFrac: number, w: SideWords, extremePrice?: number): string {
  if (retraceFrac >= 1) return `back past where the ${w.event} began`;
  const of = extremePrice === undefined ? '' : ` of ${formatPrice(extremePrice)}`;
  return `${formatShare(Math.max(0, retraceFrac))} of the way back from the ${w.event} ${w.extreme}${of}`;
}

/** Price beyond the reclaim line now, but not for the whole hour a hold needs. */
export function justCrossed(r: ReadingFacts, w: SideWords): boolean {
  return !r.facts.holdingNow && w.d * (r.facts.priceNow - r.facts.reclaimLine) > 0;
}

/** Price within a quarter of an hourly ATR of the line: a reading that one close can flip. */
function nearLine(r: ReadingFacts): boolean {
  const { atr1hUsd: atr, priceNow, reclaimLine } = r.facts;
  return atr !== null && Math.abs(priceNow - reclaimLine) < 0.25 * atr;
}

function notRegained(r: ReadingFacts, flush: FlushFacts, w: SideWords): string {
  return justCrossed(r, w)
    ? `it is back ${w.recovered} ${levelPhrase(flush, w)}, but not yet for a full hour of closes`
    : `it has not ${w.regained} ${levelPhrase(flush, w)}`;
}

/** "a new low of $60,000 at 00:00 UTC on 6 Feb", or null without one. */
export function newExtremeText(r: ReadingFacts, w: SideWords): string | null {
  const f = r.facts;
  if (f.newExtremePrice === null || f.newExtremeAtMs === null) return null;
  return `a new ${w.extreme} of ${formatPrice(f.newExtremePrice)} at ${formatUtcMoment(f.newExtremeAtMs, r.asOfMs)}`;
}

/** ", 7.7 % above the new low of $48,888": price measured from the furthest extreme too. */
function fromNewExtreme(r: ReadingFacts, w: SideWords): string {
  const f = r.facts;
  if (f.newExtremePrice === null || w.d * (f.priceNow - f.newExtremePrice) <= 0) return '';
  return `, ${formatPctSize(f.priceNow / f.newExtremePrice - 1)} ${w.recovered} the new ${w.extreme} of ${formatPrice(f.newExtremePrice)}`;
}

function recentExtreme(r: ReadingFacts): boolean {
  return r.facts.newExtremeAtMs !== null && r.facts.newExtremeAtMs >= r.asOfMs - 12 * HOUR_MS;
}

function reclaimDetails(r: ReadingFacts, flush: FlushFacts, w: SideWords): string[] {
  const f = r.facts;
  const details: string[] = [];
  const late = f.firstHeldAtMs !== null && f.firstHeldAtMs > flush.endCloseMs + 24 * HOUR_MS;
  if (late) details.push(`It came more than a day after the ${w.event}: a late ${w.reclaim}.`);
  if (
    r.supportsHeld.some((s) => s.startsWith('Spot/perp volume ratio')) &&
    f.spotPerpRatioRelative !== null
  )
    details.push(
      `Spot volume is running at ${f.spotPerpRatioRelative.toFixed(1)}× its usual share of perp volume, so spot ${w.d === 1 ? 'buyers' : 'sellers'} are leading.`,
    );
  if (r.supportsHeld.some((s) => s.startsWith('Spot takers')) && f.spotCvdUsd !== null)
    details.push(
      `Spot takers have been net ${w.d === 1 ? 'buyers' : 'sellers'} of ${formatUsdCompact(Math.abs(f.spotCvdUsd))} since the ${w.event}.`,
    );
  return details;
}

function reclaimWords(r: ReadingFacts, flush: FlushFacts, w: SideWords): ReadingWords {
  const f = r.facts;
  const since = (ms: number | null) => formatUtcMoment(ms ?? r.asOfMs, r.asOfMs);
  // A reclaim lost and won back says so: "held since" alone would hide the hours below it.
  const history =
    f.lostAtMs !== null && f.heldSinceMs !== null
      ? `it first ${w.regainedPast} ${levelPhrase(flush, w)} (a full hour of closes ${w.recovered} it by ${since(f.firstHeldAtMs)}), ${f.lossCount > 1 ? `lost it ${f.lossCount} times (last at ${since(f.lostAtMs)})` : `${w.lostPast} at ${since(f.lostAtMs)}`}, and every close since ${since(f.closesBeyondSinceMs)} has been ${w.recovered} it again`
      : `it has ${w.regained} ${levelPhrase(flush, w)}, and every close since ${since(f.closesBeyondSinceMs)} has been ${w.recovered} it`;
  return {
    headline: `${nearLine(r) ? 'just ' : ''}back ${w.recovered} ${levelPhrase(flush, w)}`,
    lead: `${history}; at ${formatPrice(f.priceNow)} price is ${formatPctSize(f.priceNow / f.extremePrice - 1)} ${w.recovered} the ${w.event} ${w.extreme}.`,
    details: reclaimDetails(r, flush, w),
    // Winning takes a full hour of closes; one close back beyond the line loses it (trackHold).
    flip: `A close back ${w.beyond} ${formatPrice(f.reclaimLine)} would end the ${w.reclaim}.`,
  };
}

function failedWords(r: ReadingFacts, flush: FlushFacts, w: SideWords): ReadingWords {
  const f = r.facts;
  const newExtreme = newExtremeText(r, w);
  const where =
    f.retraceFrac < 0
      ? `${w.beyond} the ${w.event} ${w.extreme} of ${formatPrice(f.extremePrice)}${newExtreme ? `, after ${newExtreme}` : ''}`
      : `only ${retraceText(f.retraceFrac, w)}${fromNewExtreme(r, w)}`;
  const when = (ms: number | null) => formatUtcMoment(ms ?? r.asOfMs, r.asOfMs);
  return {
    // A new extreme past the flush's is the bigger news: the headline says it too.
    headline:
      f.retraceFrac < 0 && f.newExtremePrice !== null
        ? `the ${w.reclaim} of ${formatPrice(flush.referencePrice)} failed, and a new ${w.extreme} at ${formatPrice(f.newExtremePrice)}`
        : `the ${w.reclaim} of ${formatPrice(flush.referencePrice)} failed`,
    lead: `it ${w.regainedPast} ${levelPhrase(flush, w)} (a full hour of closes ${w.recovered} it by ${when(f.firstHeldAtMs)}), ${w.lostPast} at ${when(f.lostAtMs)}, and trades at ${formatPrice(f.priceNow)}, ${where}.`,
    details: [],
    flip: `Closes back ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour would restore the ${w.reclaim}.`,
  };
}

function grindWords(r: ReadingFacts, flush: FlushFacts, w: SideWords): ReadingWords {
  const f = r.facts;
  const newExtreme = newExtremeText(r, w);
  const lead =
    f.retraceFrac < 0 && newExtreme
      ? `it is ${w.beyond} the ${w.event} ${w.extreme}: at ${formatPrice(f.priceNow)}, after ${newExtreme}.`
      : newExtreme && recentExtreme(r)
        ? // The flush's own extreme is named: beside a new one, "the flush low" alone reads as either.
          `it printed ${newExtreme} and trades at ${formatPrice(f.priceNow)}, only ${retraceText(f.retraceFrac, w, f.extremePrice)}${fromNewExtreme(r, w)}.`
        : `it has barely ${w.d === 1 ? 'bounced' : 'pulled back'}: at ${formatPrice(f.priceNow)} it is only ${retraceText(f.retraceFrac, w)}${fromNewExtreme(r, w)}, and ${notRegained(r, flush, w)}.`;
  const details: string[] = [];
  if (f.oiVsEndFrac !== null && f.oiVsEndFrac < -0.001)
    details.push(
      `Open interest has fallen another ${formatPctSize(f.oiVsEndFrac)} since the ${w.event} ended: the deleveraging goes on.`,
    );
  return {
    headline:
      newExtreme && recentExtreme(r) && f.newExtremePrice !== null
        ? `a new ${w.extreme} at ${formatPrice(f.newExtremePrice)}`
        : f.retraceFrac < 0
          ? // Past the flush's own extreme: no bounce off it to speak of.
            `trading ${w.beyond} the ${formatPrice(f.extremePrice)} ${w.extreme}, at ${formatPrice(f.priceNow)}`
          : `barely a ${w.d === 1 ? 'bounce' : 'pullback'} off the ${formatPrice(f.extremePrice)} ${w.extreme}`,
    lead,
    details,
    // A grind holds on a new extreme in the last 12 hours (recentNewExtreme), not for 12 hours.
    flip: `A close ${w.recovered} ${formatPrice(f.grindLine)} would end the grind, unless a new ${w.extreme} printed in the 12 hours before it; closes ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour would be a ${w.reclaim}.`,
  };
}

function releverageWords(
  r: ReadingFacts,
  flush: FlushFacts,
  w: SideWords,
  asset: string,
): ReadingWords {
  const f = r.facts;
  const neverFell =
    f.oiTroughBase !== null && f.oiBeforeBase !== null && f.oiTroughBase >= f.oiBeforeBase;
  const oi = neverFell
    ? `leverage was added into the move: open interest never fell below its pre-${w.event} level and is ${formatPctSize(f.oiVsBeforeFrac)} above it`
    : (f.oiVsBeforeFrac ?? 0) >= 0
      ? `leverage is back: open interest is ${formatPctSize(f.oiVsBeforeFrac)} above its level before the ${w.event}`
      : `leverage is coming back: open interest has rebuilt ${formatShare(f.oiRebuildFrac)} of its drop (it is ${formatPctSize(f.oiVsBeforeFrac)} below its level before the ${w.event})`;
  const price = justCrossed(r, w)
    ? `price, at ${formatPrice(f.priceNow)}, has been back ${w.recovered} ${levelPhrase(flush, w)} for less than an hour`
    : `price, at ${formatPrice(f.priceNow)}, is still ${w.beyond} ${levelPhrase(flush, w)}`;
  const details: string[] = [];
  if (r.supportsHeld.some((s) => s.startsWith('Funding')) && f.fundingMedian8h !== null)
    details.push(
      `Funding, at ${formatRate8h(f.fundingNow8h)}, is at or ${w.d === 1 ? 'above' : 'below'} its 30-day median of ${formatRate8h(f.fundingMedian8h)}.`,
    );
  const threshold =
    f.oiTroughBase !== null && f.oiBeforeBase !== null && f.oiTroughBase < f.oiBeforeBase
      ? f.oiTroughBase + 0.5 * (f.oiBeforeBase - f.oiTroughBase)
      : f.oiBeforeBase;
  const headline =
    f.retraceFrac < 0 && f.newExtremePrice !== null
      ? `a new ${w.extreme} at ${formatPrice(f.newExtremePrice)} with leverage rebuilt`
      : justCrossed(r, w)
        ? `back ${w.recovered} ${formatPrice(f.reclaimLine)} for under an hour, leverage rebuilt`
        : `leverage ${neverFell ? 'added' : 'back'} without a ${w.reclaim}`;
  return {
    headline,
    lead: `${oi}, while ${price}.`,
    details,
    flip:
      threshold === null
        ? `Closes ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour would end this warning.`
        : `Open interest falling back under ${formatCount(threshold)} ${asset}, or closes ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour, would end this warning.`,
  };
}

function stabilizingWords(r: ReadingFacts, flush: FlushFacts, w: SideWords): ReadingWords {
  const f = r.facts;
  const quietSince =
    f.newExtremePrice !== null && f.newExtremeAtMs !== null
      ? `with no new ${w.extreme} since ${formatPrice(f.newExtremePrice)} at ${formatUtcMoment(f.newExtremeAtMs, r.asOfMs)}`
      : // The line, not the extreme: a wick a buffer's width past it is no new extreme (27 Apr 2026).
        `with no new ${w.extreme} past ${formatPrice(f.newExtremeLine)} since the ${w.event}`;
  // A new extreme turns it only while price stays short of the half-way line (recentNewExtreme),
  // and the grind line is read on closes: a wick past either is not enough (24 May 2026).
  const newExtremeTrigger = `a new ${w.extreme} ${w.beyond} ${formatPrice(f.newExtremePrice ?? f.newExtremeLine)} and price ${w.beyond} ${formatPrice(f.newExtremeRetraceLine)}`;
  const grindTrigger =
    f.retraceFrac >= 0.5
      ? capitalize(newExtremeTrigger)
      : // "Past" said neither way: the grind line sits between the price and the extreme.
        `A close back ${w.beyond} ${formatPrice(f.grindLine)}, or ${newExtremeTrigger},`;
  return {
    headline: justCrossed(r, w)
      ? `back ${w.recovered} ${levelPhrase(flush, w)} for under an hour`
      : `holding off the ${formatPrice(f.newExtremePrice ?? f.extremePrice)} ${w.extreme}`,
    lead: `it is holding off the ${w.extreme} without a ${w.reclaim}: at ${formatPrice(f.priceNow)} it is ${retraceText(f.retraceFrac, w)}${fromNewExtreme(r, w)}, ${quietSince}; ${notRegained(r, flush, w)}.`,
    details: [],
    flip: `${grindTrigger} would turn this into a grind; closes ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour would be a ${w.reclaim}.`,
  };
}

function trappedWords(r: ReadingFacts, w: SideWords, mid: number): ReadingWords {
  const f = r.facts;
  const trapped = w.d === 1 ? 'shorts' : 'longs';
  return {
    headline: `${trapped} trapped as spot ${w.d === 1 ? 'buys' : 'sells'}`,
    lead: `spot takers have been net ${w.d === 1 ? 'buyers' : 'sellers'} of ${formatUsdCompact(Math.abs(f.spotCvdUsd ?? 0))} while perp takers were net ${w.d === 1 ? 'sellers' : 'buyers'} of ${formatUsdCompact(Math.abs(f.perpCvdUsd ?? 0))}, with price ${retraceText(f.retraceFrac, w)}: ${trapped} who piled in may be trapped.`,
    details: [],
    flip: `Spot ${w.d === 1 ? 'selling' : 'buying'}, or price back ${w.beyond} ${formatPrice(mid)} (half-way), would end the ${w.d === 1 ? 'squeeze' : 'flush'} risk.`,
  };
}

/**
 * The words of a reading, built only from its measured facts (DESIGN §5 v2): what the market is
 * doing, the evidence that adds to it, and what would change it.
 * @example readingWords(reading, flush, 'BTC').headline // "back above the broken 24-hour low at $69,163"
 */
export function readingWords(r: ReadingFacts, flush: FlushFacts, asset: string): ReadingWords {
  const w = sideWords(flush.side, flush.endMoveFrac);
  const f = r.facts;
  switch (r.label) {
    case 'reclaim':
    case 'rejection':
      return reclaimWords(r, flush, w);
    case 'failed-reclaim':
    case 'failed-rejection':
      return failedWords(r, flush, w);
    case 'grind-lower':
    case 'grind-higher':
      return grindWords(r, flush, w);
    case 'releveraging-risk':
      return releverageWords(r, flush, w, asset);
    case 'stabilizing':
      return stabilizingWords(r, flush, w);
    case 'shorts-trapped':
    case 'longs-trapped':
      return trappedWords(r, w, f.extremePrice + 0.5 * (f.priceBefore - f.extremePrice));
    case 'inconclusive':
      return {
        headline: 'too little of the market reported to read it',
        lead: 'too little of the market reported to read it.',
        details: [],
        flip: 'More venues reporting would allow a reading.',
      };
  }
}

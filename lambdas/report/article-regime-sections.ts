import type {
  FlushFacts,
  PriceLevel,
  ReadingFacts,
  RegimeAssessment,
  ReportFacts,
} from '../model/index.ts';
import { section } from './article-event-sections.ts';
import type { ArticleSection } from './article-types.ts';
import {
  formatPctSize,
  formatPrice,
  formatShare,
  formatUsdCompact,
  formatUtcDateTime,
  formatUtcMoment,
  formatUtcTime,
  listText,
} from './format.ts';
import { levelPhrase, readingWords } from './reading-wording.ts';
import { evidenceRows, regimeName } from './regime-wording.ts';
import { changeVerb, eventName, sideWords } from './side-words.ts';

/** Levels closer than this share of price are one zone to a reader. */
const ZONE_FRAC = 0.0015;

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * "2 of 3 checkable supporting signals hold (a; b); against it: c; this data cannot check 1 more:
 * “d”". An unchecked signal is quoted as the rule it is: bare, "no net spot taker buying since
 * the flush" read as a claim about the market.
 */
function signalsText(reading: ReadingFacts): string {
  const held = reading.supportsHeld.map(lower);
  const failed = reading.supportsFailed.map(lower);
  const missing = reading.supportsMissing.map((t) => lower(t.replace(/ \([^)]*\)$/, '')));
  const evaluated = held.length + failed.length;
  const notYet = reading.supportsNotYet;
  const unread =
    (missing.length > 0
      ? `; this data cannot check ${missing.length} more: ${missing.map((m) => `“${m}”`).join('; ')}`
      : '') + (notYet.length > 0 ? `; not measurable yet: ${notYet.join('; ')}` : '');
  if (evaluated === 0) return `no supporting signal could be checked in this data${unread}`;
  if (evaluated === 1)
    // "does not: funding below its median" read as the signal "funding below" failing.
    return `its one checkable supporting signal ${held.length === 1 ? `holds (${held[0]})` : `does not hold (instead: ${failed[0]})`}${unread}`;
  const heldText = held.length > 0 ? ` (${held.join('; ')})` : '';
  const against = failed.length > 0 ? `; against it: ${failed.join('; ')}` : '';
  return `${held.length} of ${evaluated} checkable supporting signals ${held.length === 1 ? 'holds' : 'hold'}${heldText}${against}${unread}`;
}

function confidenceSentence(assessment: RegimeAssessment, reading: ReadingFacts): string {
  const musts = assessment.evidence.filter(
    (e) => e.label === assessment.label && e.role === 'must',
  );
  const margin = musts.every((e) => e.clearMargin !== false) ? 'clearly' : 'only narrowly';
  const coverage =
    assessment.coverage < 0.995
      ? ` The data behind it covers ${formatShare(assessment.coverage)} of open interest.`
      : '';
  // Low despite clear rules is the supports' doing: "but" says so, where "and" would jar.
  const evaluated = reading.supportsHeld.length + reading.supportsFailed.length;
  const supportsLetDown = evaluated === 0 || reading.supportsHeld.length * 2 <= evaluated;
  const join =
    assessment.confidence === 'low' && margin === 'clearly' && supportsLetDown ? 'but' : 'and';
  return `Confidence is ${assessment.confidence}: the rules that decide it hold ${margin}, ${join} ${signalsText(reading)}.${coverage}`;
}

function readingParagraphs(
  facts: ReportFacts,
  flush: FlushFacts,
  assessment: RegimeAssessment,
  reading: ReadingFacts,
): string[] {
  const words = readingWords(reading, flush, facts.asset);
  const paragraphs = [
    `At the ${reading.checkpoint} reading (${formatUtcDateTime(reading.asOfMs)}), ${facts.asset} reads as “${regimeName(reading.label)}”: ${words.lead}`,
    ...words.details,
    confidenceSentence(assessment, reading),
    `What would change it: ${lower(words.flip)}`,
  ];
  const others = assessment.candidates.filter((label) => label !== assessment.label);
  if (others.length > 0)
    paragraphs.push(
      `Also true now, but outranked by the more specific reading: ${listText(others.map((l) => lower(regimeName(l))))}.`,
    );
  return [...paragraphs, ...assessment.missingInputs];
}

function noReadingParagraph(facts: ReportFacts, flush: FlushFacts): string {
  if (flush.side === 'two-sided')
    return 'A two-sided washout liquidated both sides, so no direction follows from it and no reading is made.';
  const next = facts.nextCheckpoint;
  if (next === null && facts.historyEndsBefore !== null)
    return `The replayed history ends ${formatUtcMoment(facts.historyEndsBefore.historyEndsMs, facts.asOfMs)}, before the first checkpoint, so the market after the ${sideWords(flush.side).event} cannot be read.`;
  return next === null
    ? 'No bar has closed since the flush yet, so the market cannot be read.'
    : `The first reading comes at the ${next.checkpoint} checkpoint, ${formatUtcMoment(next.atMs, facts.asOfMs)}, once trading after the ${sideWords(flush.side).event} can be judged.`;
}

/** "Where the market stands": the reading in words, its confidence, what would change it, evidence. */
export function marketStandsSection(
  facts: ReportFacts,
  flush: FlushFacts,
  assessment: RegimeAssessment | null,
  notes: string[],
): ArticleSection {
  const reading = facts.reading;
  const paragraphs =
    assessment && reading
      ? readingParagraphs(facts, flush, assessment, reading)
      : [noReadingParagraph(facts, flush)];
  const result = section(
    'where-the-market-stands',
    'Where the market stands',
    [...paragraphs, ...notes],
    [],
    ['open-interest.png'],
  );
  result.evidence = assessment ? evidenceRows(assessment.evidence) : [];
  result.winningEvidence = assessment
    ? evidenceRows(assessment.evidence.filter((item) => item.label === assessment.label))
    : [];
  return result;
}

function flushLevels(flush: FlushFacts): PriceLevel[] {
  const w = sideWords(flush.side, flush.endMoveFrac);
  if (flush.side === 'two-sided')
    return [
      { kind: 'extreme', price: flush.rangeHigh, label: 'Washout high' },
      { kind: 'extreme', price: flush.rangeLow, label: 'Washout low' },
    ];
  return [
    {
      kind: 'reference',
      price: flush.referencePrice,
      label:
        flush.referenceSource === 'flush-start'
          ? `Where the ${w.event} began`
          : `Broken 24-hour ${w.extreme}`,
    },
    {
      kind: 'extreme',
      price: flush.extremePrice,
      label: w.event === 'flush' ? 'Flush low' : 'Squeeze high',
    },
  ];
}

function distanceText(price: number, levelPrice: number): string {
  const gap = price / levelPrice - 1;
  if (Math.abs(gap) < 0.0005) return 'price is at it';
  return `price is ${formatPctSize(gap)} ${gap < 0 ? 'below' : 'above'} it`;
}

/** Levels as bullets, nearby ones merged into a zone, highest first. */
export function levelBullets(levels: readonly PriceLevel[], price: number | null): string[] {
  const sorted = [...levels].sort((a, b) => b.price - a.price);
  const zones: PriceLevel[][] = [];
  for (const level of sorted) {
    const zone = zones.at(-1);
    const top = zone?.[0];
    if (zone && top && (top.price - level.price) / top.price <= ZONE_FRAC) zone.push(level);
    else zones.push([level]);
  }
  return zones.map((zone) => {
    const top = zone[0] as PriceLevel;
    const bottom = zone.at(-1) as PriceLevel;
    const labels = listText(zone.map((l, i) => (i === 0 ? l.label : lower(l.label))));
    const value =
      zone.length === 1
        ? formatPrice(top.price)
        : `${formatPrice(bottom.price)}–${formatPrice(top.price)}`;
    const mid = (top.price + bottom.price) / 2;
    return `${labels}: ${value}${price === null ? '' : ` (${distanceText(price, mid)})`}`;
  });
}

/** "Levels that matter": the one level model, each with the distance of the current price. */
export function levelsSection(
  facts: ReportFacts,
  flush: FlushFacts,
  assessment: RegimeAssessment | null,
): ArticleSection {
  const levels =
    assessment && assessment.levels.length > 0 ? assessment.levels : flushLevels(flush);
  const price = facts.now?.price ?? null;
  const lead =
    facts.now === null
      ? 'The current price is not available.'
      : `${facts.asset} last closed at ${formatPrice(facts.now.price)} (${formatUtcTime(facts.now.atMs)}).`;
  return section('levels-that-matter', 'Levels that matter', [lead], levelBullets(levels, price), [
    'price.png',
  ]);
}

function laterFlushSentence(later: ReportFacts['laterFlushes'][number], asOfMs: number): string {
  const kind = eventName(later.side);
  const amount = later.liqEstimated
    ? `an estimated ${formatUsdCompact(later.liqTotalUsd)}`
    : later.liqIsLowerBound
      ? `at least ${formatUsdCompact(later.liqTotalUsd)}`
      : formatUsdCompact(later.liqTotalUsd);
  // It may still be going: say what it had done by this reading, not its final size.
  return `Another ${kind} began at ${formatUtcMoment(later.startMs, asOfMs)}; by this reading it had liquidated ${amount}.`;
}

/** What happened between the previous reading and this one, in time order. */
function transitions(facts: ReportFacts, flush: FlushFacts, reading: ReadingFacts): string[] {
  const previous = facts.previous;
  if (previous === null) return [];
  const w = sideWords(flush.side, flush.endMoveFrac);
  const f = reading.facts;
  const after = (ms: number | null): ms is number => ms !== null && ms > previous.asOfMs;
  const at = (ms: number) => formatUtcMoment(ms, reading.asOfMs);
  const events: Array<{ atMs: number; text: string }> = [];
  // Every win and loss of the level between the readings: "lost at 14:00" alone hid the win
  // before it, and the losses before that (21 Mar 2026's story at 72h).
  const hold = (atMs: number, again: boolean) => ({
    atMs,
    // The time is the hold's: the first close beyond the level came a full hour before it.
    text: `Price ${w.regainedPast} ${levelPhrase(flush, w)}${again ? ' again' : ''}: by ${at(atMs)}, a full hour of closes ${w.recovered} it.`,
  });
  const firstWinMs = after(f.firstHeldAtMs) ? f.firstHeldAtMs : null;
  if (firstWinMs !== null) events.push(hold(firstWinMs, false));
  const lossesBetween = f.lossCount - previous.lossCount;
  if (lossesBetween > 0 && after(f.lostAtMs)) {
    const times = lossesBetween > 1 ? ` ${lossesBetween} times, last` : '';
    events.push({
      atMs: f.lostAtMs,
      // A loss needs its win told: by the previous reading, above, or here.
      text:
        previous.holdingNow || firstWinMs !== null
          ? `The ${w.reclaim} was lost${times} at ${at(f.lostAtMs)}.`
          : `Price ${w.regainedPast} ${levelPhrase(flush, w)} for a full hour of closes and lost it again${times} at ${at(f.lostAtMs)}.`,
    });
  }
  if (f.holdingNow && after(f.heldSinceMs) && f.heldSinceMs !== f.firstHeldAtMs)
    events.push(hold(f.heldSinceMs, true));
  if (after(f.newExtremeAtMs) && f.newExtremePrice !== null)
    events.push({
      atMs: f.newExtremeAtMs,
      text: `It printed a new ${w.extreme} of ${formatPrice(f.newExtremePrice)} at ${at(f.newExtremeAtMs)}.`,
    });
  // New since the previous reading: one that had not ended by then, which that reading's
  // later flushes (those ended by its time) did not list, even if it had begun by then.
  // Ties go to the flush: it began, then it printed the low.
  for (const later of facts.laterFlushes.filter((l) => l.endMs > previous.asOfMs))
    events.push({ atMs: later.startMs - 1, text: laterFlushSentence(later, reading.asOfMs) });
  const out = events.sort((a, b) => a.atMs - b.atMs).map((e) => e.text);
  if (previous.oiRebuilt === false && f.oiRebuilt === true)
    out.push(
      `Open interest has rebuilt at least half of its drop since the ${previous.checkpoint} reading.`,
    );
  return out;
}

/** One sentence of what changed since the previous reading (the follow-up's lede). */
export function whatChangedSentence(facts: ReportFacts): string | null {
  const previous = facts.previous;
  const reading = facts.reading;
  if (previous === null || reading === null) return null;
  const priceChange = reading.facts.priceNow / previous.priceNow - 1;
  const oi =
    previous.oiNowBase !== null && reading.facts.oiNowBase !== null && previous.oiNowBase > 0
      ? reading.facts.oiNowBase / previous.oiNowBase - 1
      : null;
  const moved = (frac: number) =>
    Math.abs(frac) < 0.0005 ? 'was unchanged' : `${changeVerb(frac)} ${formatPctSize(frac)}`;
  const oiText = oi === null ? '' : ` and open interest ${moved(oi)}`;
  const labelText =
    previous.label === reading.label
      ? `the reading is ${lower(regimeName(reading.label))}, as at the ${previous.checkpoint} reading`
      : `the reading moved from ${lower(regimeName(previous.label))} to ${lower(regimeName(reading.label))}`;
  const priceText =
    Math.abs(priceChange) < 0.0005
      ? `was unchanged at ${formatPrice(reading.facts.priceNow)}`
      : `${changeVerb(priceChange)} ${formatPctSize(priceChange)} to ${formatPrice(reading.facts.priceNow)}`;
  return `Since the ${previous.checkpoint} reading, ${facts.asset} ${priceText}${oiText}; ${labelText}.`;
}

/**
 * A follow-up's first section: what changed since the previous reading, beyond the lede
 * (which already gives the price, OI and reading change). Null when nothing else changed.
 */
export function whatChangedSection(facts: ReportFacts, flush: FlushFacts): ArticleSection | null {
  if (facts.reading === null || facts.previous === null) return null;
  const changes = transitions(facts, flush, facts.reading);
  if (changes.length === 0) return null;
  return section(
    'what-changed',
    `What changed since the ${facts.previous.checkpoint} reading`,
    changes,
    [],
    ['price.png'],
  );
}

/**
 * The story's update log, newest first: each reading, when it was taken, and what changed
 * since the one before (the reading, the price, open interest). Only once there are two.
 * Each reading is compared with the one before only (what happened between two readings is
 * in the reading's own "What changed"), so a reading equal to the last says "as at", not "still".
 * @example "24h · 14 Jan 2026, 23:00 UTC: re-leveraging risk, was grind higher at 4h; BTC rose 0.8 % to $96,878, open interest rose 3.1 %."
 */
export function updatesSection(facts: ReportFacts): ArticleSection | null {
  const { updates } = facts;
  if (updates.length < 2) return null;
  const bullets = updates.map((update, index) => {
    const before = updates[index - 1];
    const when = `${update.checkpoint} · ${formatUtcDateTime(update.asOfMs)}`;
    const name = lower(regimeName(update.label));
    if (before === undefined)
      return `${when}: ${name}, with ${facts.asset} at ${formatPrice(update.priceNow)} (the first reading).`;
    const reading =
      before.label === update.label
        ? `${name}, as at ${before.checkpoint}`
        : `${name}, was ${lower(regimeName(before.label))} at ${before.checkpoint}`;
    const priceFrac = update.priceNow / before.priceNow - 1;
    const price =
      Math.abs(priceFrac) < 0.0005
        ? `${facts.asset} unchanged at ${formatPrice(update.priceNow)}`
        : `${facts.asset} ${changeVerb(priceFrac)} ${formatPctSize(priceFrac)} to ${formatPrice(update.priceNow)}`;
    const oiFrac =
      update.oiNowBase !== null && before.oiNowBase !== null && before.oiNowBase > 0
        ? update.oiNowBase / before.oiNowBase - 1
        : null;
    const oi =
      oiFrac === null
        ? ''
        : Math.abs(oiFrac) < 0.0005
          ? ', open interest unchanged'
          : `, open interest ${changeVerb(oiFrac)} ${formatPctSize(oiFrac)}`;
    return `${when}: ${reading}; ${price}${oi}.`;
  });
  return section(
    'updates',
    'Updates',
    ['Each reading of this story, newest first, with what changed since the one before.'],
    bullets.reverse(),
  );
}

import type { FlushFacts, HourRankFacts, ReportFacts } from '../model/index.ts';
import { DAY_MS } from '../shared/time.ts';
import type { ArticleSection } from './article-types.ts';
import {
  capitalize,
  durationText,
  formatCount,
  formatPct,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatShare,
  formatUsdCompact,
  formatUtcMoment,
  formatUtcRange,
  largestText,
  listText,
} from './format.ts';
import { article, sideWords } from './side-words.ts';

/**
 * Within a tenth of the median, funding is "about" it: the floor of the band the readings' own
 * "near its 30-day median" rule uses (analysis fundingBand), so the two never disagree on a page
 * (5 Aug 2024 read "0.0084 %/8h, about its 30-day median of 0.010 %/8h" beside a ± 0.0010 band).
 */
const FUNDING_NEAR_FRAC = 0.1;

/** Builds a section; callers guarantee at least one paragraph. */
export function section(
  id: string,
  heading: string,
  paragraphs: string[],
  bullets: string[] = [],
  charts: string[] = [],
): ArticleSection {
  return {
    id,
    heading,
    paragraphs,
    bullets,
    evidence: [],
    winningEvidence: [],
    tables: [],
    charts,
  };
}

/** "at least $642M", "an estimated $642M" or "$642M", by how the total is known. */
export function liquidationAmount(flush: FlushFacts, usd = flush.liqTotalUsd): string {
  if (flush.liqEstimated) return `an estimated ${formatUsdCompact(usd)}`;
  if (flush.liqIsLowerBound) return `at least ${formatUsdCompact(usd)}`;
  return formatUsdCompact(usd);
}

/**
 * A moment inside the flush: with its day whenever the flush spans two days, so "21:00" cannot
 * be read as either of them.
 */
export function flushMoment(ms: number, flush: FlushFacts): string {
  const crosses =
    new Date(flush.startMs).toISOString().slice(0, 10) !==
    new Date(flush.endCloseMs - 1).toISOString().slice(0, 10);
  return formatUtcMoment(ms, crosses ? ms + DAY_MS : flush.startMs);
}

/** "from 15:00 UTC on 5 Feb to 03:00 UTC on 6 Feb 2026": the one flush window of the report. */
export function flushRange(flush: FlushFacts): string {
  return formatUtcRange(flush.startMs, flush.endCloseMs);
}

function endText(flush: FlushFacts): string {
  return Math.abs(flush.endMoveFrac) < 0.0005
    ? 'back where it began'
    : `${formatPct(flush.endMoveFrac)} from the start`;
}

/** The move: to the extreme, and where it stood at the end, each figure labelled. */
export function moveSentence(asset: string, flush: FlushFacts, withRange = true): string {
  const range = withRange ? ` ${flushRange(flush)}` : '';
  if (flush.side === 'two-sided') {
    return `${asset} whipsawed${range}: it went from ${formatPrice(flush.priceBefore)} as far as ${formatPrice(flush.extremePrice)} (${formatPct(flush.extremeMoveFrac)}) and ended the washout at ${formatPrice(flush.endPrice)} (${endText(flush)}).`;
  }
  const w = sideWords(flush.side);
  return `${asset} ${w.moved} from ${formatPrice(flush.priceBefore)} to ${formatPrice(flush.extremePrice)} (${formatPct(flush.extremeMoveFrac)})${range}, reaching its ${w.extreme} at ${flushMoment(flush.extremeMs, flush)}, and was at ${formatPrice(flush.endPrice)} when the ${w.event} ended (${endText(flush)}).`;
}

function liquidationSentences(flush: FlushFacts): string[] {
  // An estimate sides each fall in open interest with the price's move over it: "100 % shorts"
  // would claim a count no feed made, so the split says how it was made.
  const split = flush.liqEstimated
    ? ', sided by the price’s move over each fall in open interest'
    : '';
  const sidesText =
    flush.side === 'two-sided'
      ? `${formatUsdCompact(flush.liqLongUsd)} of longs and ${formatUsdCompact(flush.liqShortUsd)} of shorts${split}`
      : `${formatUsdCompact(flush.liqLongUsd)} of longs and ${formatUsdCompact(flush.liqShortUsd)} of shorts (${formatShare(flush.dominantShare)} ${sideWords(flush.side).liquidated}${split})`;
  const sentences = [
    `${capitalize(liquidationAmount(flush))} of positions were liquidated ${venueScope(flush)}: ${sidesText}.`,
  ];
  const busiest = flush.busiestLiquidationHour;
  if (busiest !== null) {
    const rank =
      busiest.rank <= 3
        ? `, ${largestText(busiest.rank)} hourly total in ${busiest.baselineDays} days`
        : '';
    sentences.push(
      `The busiest clock hour, from ${flushMoment(busiest.hourMs, flush)}, saw ${formatUsdCompact(busiest.value)}${rank}.`,
    );
  }
  const source = liquidationSourceSentence(flush);
  if (source) sentences.push(source);
  return sentences;
}

/** Where the totals come from: "on Binance alone", "in the CoinGlass aggregate", "across …". */
export function venueScope(flush: FlushFacts): string {
  const names = flush.venueNames;
  if (names.length === 0) return 'across the venues that reported';
  if (names.length === 1)
    return names[0]?.includes('aggregate') ? `in the ${names[0]}` : `on ${names[0]} alone`;
  return `across ${listText(names)}`;
}

/** How the total is known: estimated, a lower bound, or neither (null). */
function liquidationSourceSentence(flush: FlushFacts): string | null {
  if (flush.liqEstimated)
    return 'This data has no liquidation feed: these liquidations are estimated from the fall in open interest, which also counts traders who closed on their own, so treat them as a rough size.';
  if (flush.liqIsLowerBound)
    return 'Public liquidation feeds are throttled or missing on some venues, so the true total is higher.';
  return null;
}

/** Open interest through the flush, worded by its direction. */
export function oiSentences(asset: string, flush: FlushFacts): string[] {
  const change = flush.oiChangeFrac;
  const event = sideWords(flush.side, flush.endMoveFrac).event;
  if (change === null)
    return [
      'Open interest was not available, so the liquidations could not be cross-checked against it.',
    ];
  const from =
    flush.oiBeforeBase === null ? '' : ` from ${formatCount(flush.oiBeforeBase)} ${asset}`;
  // The measure is the lowest reading in the flush or the hour after it (hourly open interest
  // lags): said, so a reader does not take it for the change to the flush's end (7 Feb 2026).
  const toLow = ` to its lowest, during or just after the ${event}`;
  if (Math.abs(change) < 0.0005)
    return [
      `Open interest was unchanged through the ${event}${from.replace(' from', ' at')}: leverage was not reset.`,
    ];
  // The measure is open interest at its lowest in and just after the flush, against before
  // it: above zero, it never dipped below where it started (its end may be higher still).
  if (change > 0)
    return [
      // "During or just after": later readings may see it fall below (23 Feb 2026 at 24h).
      `Open interest did not fall below its level before the ${event}${from.replace(' from ', ', ')}${from === '' ? '' : ','} during or just after it: at its lowest then it was ${formatPctSize(change)} above it, so new positions replaced the liquidated ones and leverage was not reset.`,
    ];
  if (flush.oiConfirmation === 'unconfirmed')
    return [
      flush.liqEstimated
        ? // The estimate is this very fall: it cannot confirm itself, and the text says so.
          `Open interest fell only ${formatPctSize(change)}${from}${toLow}; the liquidations above are estimated from that fall, which is too small to show that leverage left the market rather than traders closing on their own.`
        : `Open interest fell only ${formatPctSize(change)}${from}${toLow}, too little to confirm that leverage left the market.`,
    ];
  const verdict =
    flush.oiConfirmation === 'deep-reset'
      ? 'a deep reset of leverage'
      : 'which confirms that leverage left the market';
  // Estimated liquidations come from that very fall: comparing them with it would prove nothing.
  if (flush.liqEstimated)
    return [`Open interest fell ${formatPctSize(change)}${from}${toLow}, ${verdict}.`];
  return [
    `Open interest fell ${formatPctSize(change)}${from}${toLow}, ${verdict}.`,
    flush.liqUndercountSuspected
      ? 'Reported liquidations are under a fifth of that fall in USD, so the feeds probably undercount them, or traders also closed positions of their own accord.'
      : flush.liqIsLowerBound
        ? // Beside "the true total is higher": a lower bound, but not one that misses most of it.
          'Reported liquidations are in line with that fall: the feeds undercount them, but not badly.'
        : 'Reported liquidations are in line with that fall, so they do not look badly undercounted.',
  ];
}

/** "What just happened": the move, the liquidations and the open-interest cross-check. */
export function whatHappenedSection(facts: ReportFacts, flush: FlushFacts): ArticleSection {
  return section(
    'what-just-happened',
    'What just happened',
    [
      moveSentence(facts.asset, flush),
      ...liquidationSentences(flush),
      ...oiSentences(facts.asset, flush),
    ],
    [],
    ['price.png', 'liquidations-by-venue.png'],
  );
}

function tierSentence(flush: FlushFacts): string {
  const t = flush.tierThresholds;
  const plain = (frac: number) => formatPctSize(frac, 2).replace(/\.?0+ %$/, ' %');
  const thresholds = `minor from ${plain(t.minor)}, major from ${plain(t.major)}, extreme from ${plain(t.extreme)}`;
  const w = sideWords(flush.side, flush.endMoveFrac);
  // Like for like: a venue without a feed holds open interest whose liquidations nobody counts.
  const venues = flush.liqToOiVenueNames;
  const own = `${formatPctSize(flush.liqToOi, 2)} of open interest${venues === null ? '' : ` on ${listText(venues)}, the venues with a liquidation feed`}`;
  const measure =
    Math.abs(flush.liqToOi24h - flush.liqToOi) < 0.00005
      ? `came to ${own}`
      : `came to ${own}; with the ${flush.side === 'two-sided' ? 'liquidations' : `${w.liquidated} liquidated`} in the rest of the day before it (other flushes left out), ${formatPctSize(flush.liqToOi24h, 2)}`;
  const tier = `${article(flush.tier).toLowerCase()} ${flush.tier} ${w.event} by that measure (${thresholds})`;
  // Estimated liquidations are the open interest's fall, sided: the tier then restates that fall.
  if (flush.liqEstimated)
    return `This ${w.event}’s estimated liquidations ${measure}: ${tier}. With no liquidation feed, that measure adds up the hourly falls in open interest, valued at each hour’s close: it restates those falls rather than counting liquidations.`;
  return `This ${w.event}’s liquidations ${measure}: ${tier}.`;
}

function rankText(rank: HourRankFacts, noun: string): string {
  if (rank.rank <= 5) return `${largestText(rank.rank)} ${noun} in ${rank.baselineDays} days`;
  const share = 1 - (rank.rank - 1) / rank.ofHours;
  return `bigger than ${formatShare(share)} of the hours in the last ${rank.baselineDays} days`;
}

function sharpestHourSentence(flush: FlushFacts): string | null {
  const hour = flush.sharpestHour;
  if (hour === null || flush.side === 'two-sided') return null;
  const w = sideWords(flush.side);
  return `Its sharpest hour ${w.moved} ${formatPctSize(hour.value)} from open to ${w.extreme} (the hour from ${flushMoment(hour.hourMs, flush)}), ${rankText(hour, `hourly ${w.move}`)}.`;
}

function levelSentence(flush: FlushFacts): string {
  if (flush.side === 'two-sided')
    return 'Both sides were liquidated in the same burst, so the washout ran through no single level.';
  const w = sideWords(flush.side);
  if (flush.referenceSource === 'flush-start')
    return `The ${w.event} did not go ${w.beyond} the ${w.extreme} of the 24 hours before it, so it broke no level; the aftermath is judged against where it began, ${formatPrice(flush.referencePrice)}.`;
  const forced =
    w.forced === 'selling'
      ? 'breaking it turned selling into forced selling'
      : 'breaking it turned buying into forced buying as shorts covered';
  return `The ${w.event} broke the ${w.extreme} of the 24 hours before it, ${formatPrice(flush.referencePrice)}, a level where stops tend to sit; ${forced}.`;
}

/**
 * Funding against the asset's 30-day median, after a comma; empty without a median.
 * @example fundingAgainstMedian(0.000092, 0.000059) // ", above its 30-day median of 0.0059 %/8h"
 */
export function fundingAgainstMedian(funding: number, median: number | null): string {
  if (median === null) return '';
  return Math.abs(funding - median) <= Math.max(FUNDING_NEAR_FRAC * Math.abs(median), 0.000005)
    ? `, about its 30-day median of ${formatRate8h(median)}`
    : `, ${funding > median ? 'above' : 'below'} its 30-day median of ${formatRate8h(median)}`;
}

function positioningSentence(flush: FlushFacts): string {
  const { fundingBefore8h: funding, fundingMedian8h: median, premiumBefore: premium } = flush;
  if (funding === null && premium === null)
    return 'Funding and premium before the flush are not in this data, so positioning going in cannot be judged.';
  let fundingText = '';
  if (funding !== null) {
    fundingText = `funding averaged ${formatRate8h(funding)}${fundingAgainstMedian(funding, median)}`;
  }
  const premiumText =
    premium === null
      ? ''
      : `the perp premium averaged ${formatPctSize(premium, 3)} ${premium < 0 ? 'below' : 'above'} index`;
  const both = [fundingText, premiumText].filter((t) => t !== '').join('; ');
  return `In the 24 hours before, ${both}.`;
}

/** "Why it cascaded": size against open interest, the sharpest hour, the broken level, positioning. */
export function whyCascadedSection(flush: FlushFacts): ArticleSection {
  const paragraphs = [
    tierSentence(flush),
    sharpestHourSentence(flush),
    levelSentence(flush),
    positioningSentence(flush),
  ];
  return section(
    'why-it-cascaded',
    'Why it cascaded',
    paragraphs.filter((p): p is string => p !== null),
    [],
    ['funding.png'],
  );
}

/** A follow-up's recap of the flush: the same facts as the flash, in one short section. */
export function recapSection(facts: ReportFacts, flush: FlushFacts): ArticleSection {
  const w = sideWords(flush.side, flush.endMoveFrac);
  const duration = durationText(flush.endCloseMs - flush.startMs);
  const lead = `${capitalize(liquidationAmount(flush))} of positions were liquidated in ${duration} ${flushRange(flush)}, ${formatShare(flush.dominantShare)} of them ${w.liquidated}.`;
  const source = liquidationSourceSentence(flush);
  return section('the-flush', `The ${w.event}, for the record`, [
    lead,
    ...(source === null ? [] : [source]),
    moveSentence(facts.asset, flush, false),
    ...oiSentences(facts.asset, flush),
    tierSentence(flush),
    levelSentence(flush),
  ]);
}

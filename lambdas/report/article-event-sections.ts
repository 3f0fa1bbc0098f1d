import type { FlushEvent, MarketSeries } from '../model/index.ts';
import {
  currentBar,
  flushTimeRange,
  liquidationAmount,
  meanOver,
  sumOver,
} from './article-facts.ts';
import type { ArticleSection } from './article-types.ts';
import {
  durationText,
  formatCount,
  formatPct,
  formatPrice,
  formatRate8h,
  formatShare,
  formatSigma,
  formatUsdCompact,
  formatUtcTime,
} from './format.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Builds a section; callers guarantee at least one paragraph. */
export function section(
  id: string,
  heading: string,
  paragraphs: string[],
  bullets: string[] = [],
): ArticleSection {
  return { id, heading, paragraphs, bullets, evidence: [], winningEvidence: [] };
}

function oiSentences(flush: FlushEvent): string[] {
  if (flush.oiChangePct === null) {
    return [
      'Open interest was not available, so the liquidation total could not be cross-checked against it.',
    ];
  }
  const before =
    flush.oiBeforeBase === null ? '' : ` from ${formatCount(flush.oiBeforeBase)} ${flush.asset}`;
  const verdict = {
    'deep-reset': 'a deep reset of leverage',
    confirmed: 'which confirms that real leverage left the market',
    unconfirmed: 'too small a drop to confirm a real deleveraging',
  }[flush.oiConfirmation];
  const sentences = [`Open interest changed ${formatPct(flush.oiChangePct)}${before}, ${verdict}.`];
  sentences.push(
    flush.liqUndercountSuspected
      ? 'Reported liquidations are under a fifth of the fall in open interest in USD, so the feeds probably undercount them, or traders also closed positions voluntarily.'
      : 'Reported liquidations are in line with the fall in open interest, so they do not look badly undercounted.',
  );
  return sentences;
}

function liquidationSentences(flush: FlushEvent): string[] {
  const sentences = [
    `${liquidationAmount(flush).replace(/^./, (c) => c.toUpperCase())} of positions were liquidated: ${formatUsdCompact(flush.liqLongUsd)} of longs and ${formatUsdCompact(flush.liqShortUsd)} of shorts (${formatShare(flush.dominance)} on the dominant side). They peaked in the ${formatUtcTime(flush.peakBarMs)} bar.`,
  ];
  if (flush.liqEstimated) {
    sentences.push(
      'These liquidations are estimated from the fall in open interest, not observed on exchange feeds.',
    );
  } else if (flush.liqIsLowerBound) {
    sentences.push(
      'Public liquidation feeds are throttled or missing on some venues, so the true total is higher.',
    );
  }
  return sentences;
}

/** "What just happened": the move, the liquidations and the open-interest cross-check. */
export function whatHappenedSection(
  series: MarketSeries,
  flush: FlushEvent | null,
  asOfMs: number,
): ArticleSection {
  if (!flush) return calmWhatHappened(series, asOfMs);
  const extremeMovePct = flush.extremePrice / flush.priceBefore - 1;
  const endPrice = flush.priceBefore * (1 + flush.priceMovePct);
  const move = `${flush.asset} went from ${formatPrice(flush.priceBefore)} to an extreme of ${formatPrice(flush.extremePrice)} (${formatPct(extremeMovePct)}, at ${formatUtcTime(flush.extremeMs)}) ${flushTimeRange(flush, series)}, and ended the flush at ${formatPrice(endPrice)} (${formatPct(flush.priceMovePct)}).`;
  return section('what-just-happened', 'What just happened', [
    move,
    ...liquidationSentences(flush),
    ...oiSentences(flush),
  ]);
}

/** A day of liquidations, or the part of it the feeds were listened to, said as such. */
function recentLiquidationsSentence(series: MarketSeries, asOfMs: number): string {
  const range = { fromMs: asOfMs - DAY_MS, toMs: asOfMs + 1 };
  const longs = sumOver(series.bars, range, (bar) => bar.liqLongUsd);
  const shorts = sumOver(series.bars, range, (bar) => bar.liqShortUsd);
  if (longs === null && shorts === null) {
    const feeds = Object.values(series.liquidationFeeds).some((feed) => feed !== 'none');
    return feeds
      ? 'The liquidation feeds were not listened to during any closed bar of the last 24 hours, so liquidations are unknown.'
      : 'No venue reported liquidations over the last 24 hours.';
  }
  const amounts = `${formatUsdCompact(longs ?? 0)} of longs and ${formatUsdCompact(shorts ?? 0)} of shorts`;
  const listenedMs =
    series.bars.filter(
      (bar) =>
        bar.openTimeMs >= range.fromMs && bar.openTimeMs < range.toMs && bar.liqLongUsd !== null,
    ).length *
    series.barMinutes *
    60_000;
  // Under 23 of the 24 hours listened: say how much, so a short collection is not read as a quiet day.
  return listenedMs >= DAY_MS - HOUR_MS
    ? `Reported liquidations over the last 24 hours: ${amounts}.`
    : `Liquidation feeds were listened to for only ${durationText(listenedMs)} of the last 24 hours; in that time venues reported ${amounts}.`;
}

/** "the 48 hours", or "the 20 minutes of data" when the series starts later than that. */
function lookbackText(series: MarketSeries, asOfMs: number, spanMs: number): string {
  const firstMs = series.bars[0]?.openTimeMs ?? asOfMs;
  return firstMs <= asOfMs - spanMs
    ? `the ${durationText(spanMs)}`
    : `the ${durationText(asOfMs - firstMs)} of data`;
}

/** The price move over the last day, or over what the series covers of it. */
function recentMoveSentence(series: MarketSeries, asOfMs: number): string | null {
  const now = currentBar(series, asOfMs);
  const first = series.bars[0];
  if (now === null || first === undefined || first === now) return null;
  const coversDay = first.openTimeMs <= asOfMs - DAY_MS;
  const from = coversDay ? currentBar(series, asOfMs - DAY_MS) : first;
  if (from === null) return null;
  const fromPrice = coversDay ? from.close : from.open;
  const over = coversDay ? '24 hours' : `the ${durationText(asOfMs - from.openTimeMs)} of data`;
  return `Price moved ${formatPct(now.close / fromPrice - 1)} over ${over}, from ${formatPrice(fromPrice)} to ${formatPrice(now.close)}.`;
}

function calmWhatHappened(series: MarketSeries, asOfMs: number): ArticleSection {
  const paragraphs = [
    `No liquidation flush was detected in ${series.asset} in ${lookbackText(series, asOfMs, 2 * DAY_MS)} to ${formatUtcTime(asOfMs)}.`,
  ];
  const move = recentMoveSentence(series, asOfMs);
  if (move) paragraphs.push(move);
  paragraphs.push(recentLiquidationsSentence(series, asOfMs));
  return section('what-just-happened', 'What just happened', paragraphs);
}

function positioningSentence(series: MarketSeries, flush: FlushEvent): string {
  const range = { fromMs: flush.startMs - DAY_MS, toMs: flush.startMs };
  const funding = meanOver(series.bars, range, (bar) => bar.fundingRate8h);
  const premium = meanOver(series.bars, range, (bar) => bar.premium);
  if (funding === null && premium === null) {
    return 'Funding and premium before the flush are not available, so positioning going in cannot be judged.';
  }
  const fundingText =
    funding === null ? 'funding not available' : `funding averaged ${formatRate8h(funding)}`;
  const premiumText =
    premium === null
      ? 'premium not available'
      : `the perp premium averaged ${formatPct(premium, 3)}`;
  return `In the 24 hours before the flush, ${fundingText} and ${premiumText} (neutral funding is 0.010 %/8h).`;
}

/** "Why it cascaded": size against open interest, displacement, the broken level, positioning. */
export function whyCascadedSection(series: MarketSeries, flush: FlushEvent | null): ArticleSection {
  if (!flush) {
    return section('why-it-cascaded', 'Why it cascaded', [
      'Nothing cascaded: without a flush there was no wave of forced orders feeding on itself.',
    ]);
  }
  const paragraphs = [
    `Liquidations came to ${formatPct(flush.liqToOi).replace('+', '')} of open interest, ${flush.tier === 'extreme' ? 'an' : 'a'} ${flush.tier} flush by that measure (minor from 0.5 %, major from 2 %, extreme from 5 %).`,
    `The move was a ${formatSigma(flush.displacementSigma)} displacement of normal volatility, and the liquidation burst scored ${formatSigma(flush.liqZScore).replace('σ', '')} on a robust z-score against its own 30-day history.`,
    flush.brokenLevel === null
      ? 'The flush did not break a confirmed swing level, so it was not a stop run through a known level.'
      : `Price broke the confirmed swing level at ${formatPrice(flush.brokenLevel)}, where stops and liquidation prices tend to cluster; breaking it turned selling into forced selling.`,
    positioningSentence(series, flush),
  ];
  return section('why-it-cascaded', 'Why it cascaded', paragraphs);
}

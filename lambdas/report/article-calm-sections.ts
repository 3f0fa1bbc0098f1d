import type { MarketSeries, ReportFacts } from '../model/index.ts';
import { DAY_MS, HOUR_MS } from '../shared/time.ts';
import { fundingAgainstMedian, section } from './article-event-sections.ts';
import type { ArticleSection } from './article-types.ts';
import {
  durationText,
  formatCount,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatUsdCompact,
  formatUtcRange,
  formatUtcTime,
} from './format.ts';
import { changeVerb } from './side-words.ts';

/**
 * How far back "no flush" reaches: "the last 30 days" (at most), "the last 48 hours", or "the
 * 20 minutes of data" when the series is shorter; "the last 24 hours" when a digest's day had
 * none but the data has an earlier one.
 */
export function lookbackText(series: MarketSeries, facts: ReportFacts): string {
  const { asOfMs } = facts;
  if (facts.earlierFlush !== null) return 'the last 24 hours';
  const firstMs = series.bars[0]?.openTimeMs ?? asOfMs;
  const spanMs = asOfMs - firstMs;
  if (spanMs >= 3 * DAY_MS)
    return `the last ${Math.floor(Math.min(spanMs, 30 * DAY_MS) / DAY_MS)} days`;
  return spanMs >= 2 * DAY_MS ? 'the last 48 hours' : `the ${durationText(spanMs)} of data`;
}

function liquidationSentence(series: MarketSeries, facts: ReportFacts): string {
  const r = facts.recent;
  if (r.liqLongUsd === null && r.liqShortUsd === null) {
    const feeds = Object.values(series.liquidationFeeds).some((feed) => feed !== 'none');
    return feeds
      ? 'The liquidation feeds were not heard during any closed bar of the last 24 hours, so liquidations are unknown.'
      : 'No venue in this data reports liquidations.';
  }
  const amounts = `${formatUsdCompact(r.liqLongUsd ?? 0)} of longs and ${formatUsdCompact(r.liqShortUsd ?? 0)} of shorts`;
  // Under 23 of the 24 hours heard: say how much, so a short collection is not read as a quiet day.
  return r.listenedMs >= DAY_MS - HOUR_MS
    ? `Reported liquidations over the last 24 hours: ${amounts}.`
    : `Liquidation feeds were heard for only ${durationText(r.listenedMs)} of the last 24 hours; in that time venues reported ${amounts}.`;
}

/** A report without a flush: what the market did over the last day. */
export function calmWhatHappenedSection(
  series: MarketSeries,
  facts: ReportFacts,
  extra: string[],
): ArticleSection {
  const paragraphs = [
    `No liquidation flush was detected in ${series.asset} in ${lookbackText(series, facts)} to ${formatUtcTime(facts.asOfMs)}.`,
  ];
  const earlier = earlierFlushSentence(facts);
  if (earlier !== null) paragraphs.push(earlier);
  const r = facts.recent;
  if (r.priceFromFrac !== null && r.priceFrom !== null && facts.now !== null) {
    const over =
      r.spanMs >= DAY_MS - HOUR_MS ? 'over 24 hours' : `over the ${durationText(r.spanMs)} of data`;
    paragraphs.push(
      `Price ${changeVerb(r.priceFromFrac)} ${formatPctSize(r.priceFromFrac)} ${over}, from ${formatPrice(r.priceFrom)} to ${formatPrice(facts.now.price)}.`,
    );
  }
  paragraphs.push(liquidationSentence(series, facts), ...leverageSentences(facts), ...extra);
  return section('what-just-happened', 'What just happened', paragraphs, [], ['price.png']);
}

/**
 * Open interest and funding in words: a quiet day gets no chart of them (one chart, the
 * price with its liquidations, tells it), so the page and the email say where they stand.
 */
function leverageSentences(facts: ReportFacts): string[] {
  const r = facts.recent;
  const sentences: string[] = [];
  if (r.oiNowBase !== null) {
    const level = `${formatCount(r.oiNowBase)} ${facts.asset}`;
    sentences.push(
      r.oiFromFrac === null
        ? `Open interest is ${level}.`
        : `Open interest ${changeVerb(r.oiFromFrac)} ${formatPctSize(r.oiFromFrac)} over the day to ${level}.`,
    );
  }
  if (r.fundingNow8h !== null) {
    sentences.push(
      `Funding is ${formatRate8h(r.fundingNow8h)}${fundingAgainstMedian(r.fundingNow8h, r.fundingMedian30d8h)}.`,
    );
  }
  return sentences;
}

/**
 * The last flush before a quiet day, named and dated (its story was told when it happened).
 * @example "The last one was a short squeeze from 22:00 to 23:00 UTC on 13 Jan 2026, with at least $119M liquidated."
 */
function earlierFlushSentence(facts: ReportFacts): string | null {
  const f = facts.earlierFlush;
  if (f === null) return null;
  const what =
    f.side === 'two-sided' ? 'a washout' : f.side === 'long' ? 'a long flush' : 'a short squeeze';
  const amount = f.liqEstimated
    ? `an estimated ${formatUsdCompact(f.liqTotalUsd)}`
    : f.liqIsLowerBound
      ? `at least ${formatUsdCompact(f.liqTotalUsd)}`
      : formatUsdCompact(f.liqTotalUsd);
  const range = formatUtcRange(f.startMs, f.endCloseMs).replace(/^between (\S+) and/, 'from $1 to');
  return `The last one was ${what} ${range}, with ${amount} liquidated.`;
}

/** The calm report's bottom line: where the market is, in one sentence. */
export function calmBottomLineSection(facts: ReportFacts): ArticleSection {
  const price = facts.now === null ? 'no recent price' : `at ${formatPrice(facts.now.price)}`;
  const funding =
    facts.recent.fundingNow8h === null
      ? ''
      : `, funding at ${formatRate8h(facts.recent.fundingNow8h)}`;
  return section('bottom-line', 'Bottom line', [
    `No flush: ${facts.asset} trades ${price}${funding}, and leverage was not forced out of the market.`,
  ]);
}

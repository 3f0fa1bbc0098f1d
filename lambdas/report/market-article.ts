import {
  MARKET_ASSET,
  type MarketCoinRow,
  type MarketFacts,
  type MarketMajor,
  type MarketWideSeries,
  type ReportMeta,
} from '../model/index.ts';
import { coinsPerLot } from '../shared/coin-lots.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { section } from './article-event-sections.ts';
import { absoluteUrl } from './article-identity.ts';
import type { ArticleSection, ArticleTable, KeyNumber } from './article-types.ts';
import { NOT_FINANCIAL_ADVICE, SIMULATED_NOTICE, SOCIAL_IMAGE_FILE } from './build-article.ts';
import {
  capitalize,
  durationText,
  formatPct,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatShare,
  formatUsdCompact,
  formatUsdPrecise,
  formatUtcDate,
  formatUtcDateTime,
  formatUtcMoment,
  formatUtcRange,
  formatUtcTime,
  listText,
  NOT_AVAILABLE,
} from './format.ts';
import { MARKET_COIN_CHART, MARKET_TIMELINE_CHART, MARKET_VENUE_CHART } from './market-charts.ts';
import { MOST_OF_FLUSH } from './market-facts.ts';
import { regimeName } from './regime-wording.ts';
import type { PageArticle } from './render-report.ts';
import { eventName } from './side-words.ts';
import { unwatchedSentences } from './unwatched-liquidation-sentences.ts';
import { venueName } from './venue-names.ts';

/** What the market article is worded from. */
export interface MarketArticleInput {
  facts: MarketFacts;
  siteBaseUrl: string;
}

const pad = (n: number) => n.toString().padStart(2, '0');

/** Id, slug and path: the market report is a story of its own, dated by its flush's start. */
function identity(facts: MarketFacts) {
  const d = new Date(facts.flush.startMs);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const event = eventName(facts.flush.side).replace(/ /g, '-');
  const storyId = `${date}-market-${event}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
  const storyPath = `reports/${date.replace(/-/g, '/')}/${storyId}/`;
  // One story per event, as a coin's flush: the flash is its 1h version, each follow-up another.
  const id = facts.version === '1h' ? storyId : `${storyId}-follow-up-${facts.version}`;
  return { id, slug: id, path: `${storyPath}v/${facts.version}/`, storyId, storyPath };
}

/** Words that depend on whether any feed undercounts; amounts to three significant digits. */
function wording(facts: MarketFacts) {
  const amount = (usd: number) =>
    `${facts.isLowerBound ? 'at least ' : ''}${formatUsdPrecise(usd)}`;
  const capital = (usd: number) => capitalize(amount(usd));
  return { amount, capital };
}

/** "in the 24 hours from 20:30 UTC on 12 Mar to 20:30 UTC on 13 Mar 2026", or a shorter span. */
function dayText(facts: MarketFacts): string {
  const span = facts.day.toMs - facts.day.fromMs;
  const range = formatUtcRange(facts.day.fromMs, facts.day.toMs);
  return `in the ${span >= DAY_MS ? '24 hours' : durationText(span)} ${range}`;
}

/**
 * The day's span as a table caption gives it: its length and where it ends, short enough for a
 * phone's width (the prose gives both ends).
 * @example captionDayText(followUpFacts) // "the 24 hours to 20:30 UTC on 13 Mar 2026"
 */
function captionDayText(facts: MarketFacts): string {
  return `the ${marketDayWords(facts)} to ${formatUtcTime(facts.day.toMs)} on ${formatUtcDate(facts.day.toMs)}`;
}

/**
 * How long the report's first day of the flush has run, as its headline says it.
 * @example marketDayWords(flashFacts) // "2 hours 50 minutes"
 * @example marketDayWords(followUpFacts) // "24 hours"
 */
export function marketDayWords(facts: MarketFacts): string {
  const span = facts.day.toMs - facts.day.fromMs;
  return span >= DAY_MS ? '24 hours' : durationText(span);
}

function longShare(facts: MarketFacts): number {
  return facts.day.totalUsd > 0 ? facts.day.longUsd / facts.day.totalUsd : 0;
}

/** A share as a reader reads it: "<1 %" rather than a "0 %" of a figure that is not zero. */
function shareText(fraction: number): string {
  return fraction > 0 && fraction < 0.005 ? '<1 %' : formatShare(fraction);
}

/** "fell 4.8 %" / "rose 2.1 %". */
function moved(fraction: number): string {
  return `${fraction < 0 ? 'fell' : 'rose'} ${formatPctSize(fraction)}`;
}

/**
 * The headline gives the market total; the flash says who took it, a follow-up (the story's
 * 4h/24h/72h version) how BTC, ETH and SOL read since.
 * The total has the key numbers' three digits, so the headline and the figure under it agree.
 * @example "At least $1.52B of crypto futures liquidated in 3 hours 25 minutes: 10 of 12 coins flushed, longs took 94 %"
 * @example "At least $1.65B of crypto futures liquidated in a day; 24h after the flush: BTC reclaim, ETH stabilizing, SOL grind lower"
 */
function headline(facts: MarketFacts): string {
  const span = facts.day.toMs - facts.day.fromMs >= DAY_MS ? 'a day' : marketDayWords(facts);
  const total = `${facts.isLowerBound ? 'At least ' : ''}${formatUsdPrecise(facts.day.totalUsd)} of crypto futures liquidated in ${span}`;
  const flushed = `${facts.coinsInFlush.length} of ${facts.coinsCovered.length} coins flushed`;
  if (facts.version !== '1h') {
    const readings = facts.majors.flatMap((m) =>
      m.reading === null ? [] : [`${m.coin} ${regimeName(m.reading.label).toLowerCase()}`],
    );
    return `${total}; ${facts.version} after the flush: ${readings.length > 0 ? readings.join(', ') : flushed}`;
  }
  const side =
    facts.flush.side === 'short'
      ? `shorts took ${formatShare(1 - longShare(facts))}`
      : `longs took ${formatShare(longShare(facts))}`;
  return `${total}: ${flushed}, ${side}`;
}

/**
 * Where a major stands against the flush, as a follow-up's summary says it: beyond its flush
 * extreme, or its price against before the flush.
 * @example majorStanding(btc, true) // "BTC trades 2.2 % above its price before it"
 * @example majorStanding(sol, false) // "SOL below its flush low"
 */
function majorStanding(m: MarketMajor, first: boolean): string {
  const trades = first ? ' trades' : '';
  const extreme = m.extremePrice;
  if (m.flushed && extreme !== null) {
    const down = extreme < m.priceBefore;
    if (down ? m.priceNow < extreme : m.priceNow > extreme)
      return `${m.coin}${trades} ${down ? 'below its flush low' : 'above its flush high'}`;
  }
  const vsBefore = m.priceNow / m.priceBefore - 1;
  const side = vsBefore < 0 ? 'below' : 'above';
  return `${m.coin}${trades} ${formatPctSize(vsBefore)} ${side}${first ? ' its price before it' : ''}`;
}

// A follow-up's summary is where the market stands at its checkpoint, not the flash's peak hour
// again: the reader of the 24h version had the flash's already.
function followUpSummary(facts: MarketFacts): string {
  const standing = facts.majors.map((m, i) => majorStanding(m, i === 0));
  const majors =
    standing.length === 0 ? '' : `${facts.version} after the flush, ${listText(standing)}.`;
  const oi = facts.openInterest;
  const leverage =
    oi.beforeUsd !== null && oi.nowUsd !== null
      ? `Open interest of the ${facts.coinsCovered.length} coins is ${formatUsdPrecise(oi.nowUsd)}, ${formatPctSize(oi.nowUsd / oi.beforeUsd - 1)} ${oi.nowUsd < oi.beforeUsd ? 'below' : 'above'} its level before the flush.`
      : '';
  const text = [majors, leverage].filter((t) => t !== '').join(' ');
  return text.length > 0 ? capitalize(text) : flashSummary(facts);
}

function summary(facts: MarketFacts): string {
  return facts.version === '1h' ? flashSummary(facts) : followUpSummary(facts);
}

function flashSummary(facts: MarketFacts): string {
  const oi = facts.openInterest;
  const peak = `${formatUsdPrecise(facts.peakHour.totalUsd)} of it went in the 60 minutes to ${formatUtcMoment(facts.peakHour.toMs, facts.flush.startMs)} on ${formatUtcDate(facts.peakHour.toMs)}.`;
  const leverage =
    oi.beforeUsd !== null && oi.lowUsd !== null && oi.lowUsd < oi.beforeUsd
      ? ` Open interest of the ${facts.coinsCovered.length} coins fell ${formatPctSize(oi.lowUsd / oi.beforeUsd - 1)}, from ${formatUsdPrecise(oi.beforeUsd)} to ${formatUsdPrecise(oi.lowUsd)} at its lowest${facts.version === '1h' ? ' so far' : ''}.`
      : '';
  return `${peak}${leverage}`;
}

function keyNumbers(facts: MarketFacts): KeyNumber[] {
  return [
    {
      label: facts.isLowerBound
        ? `Liquidated, first ${marketDayWords(facts)} (at least)`
        : `Liquidated, first ${marketDayWords(facts)}`,
      value: formatUsdPrecise(facts.day.totalUsd),
    },
    // A sliding 60 minutes, not the timeline's clock hours: named so, its end says which.
    {
      label: `Busiest 60 minutes, to ${formatUtcMoment(facts.peakHour.toMs, facts.flush.startMs)}`,
      value: formatUsdPrecise(facts.peakHour.totalUsd),
    },
    { label: 'Longs’ share', value: formatShare(longShare(facts)) },
    {
      label: 'Coins flushed',
      value: `${facts.coinsInFlush.length} of ${facts.coinsCovered.length}`,
    },
  ];
}

/** A table as a section builds it: cells without their alignment, and which columns hold words. */
interface DraftTable {
  caption: string;
  columns: string[];
  /** Headings of the columns after the first that hold words (a venue, a side), not figures. */
  textColumns?: string[];
  rows: Array<{ head: string; cells: Array<{ label: string; value: string }> }>;
}

/** Aligns a table's columns: the row names and `textColumns` left, every figure right. */
function aligned(table: DraftTable): ArticleTable {
  const text = new Set(table.textColumns ?? []);
  const alignOf = (label: string) => (text.has(label) ? ('left' as const) : ('right' as const));
  return {
    caption: table.caption,
    columns: table.columns,
    align: table.columns.map((c, i) => (i === 0 ? 'left' : alignOf(c))),
    rows: table.rows.map((r) => ({
      head: r.head,
      cells: r.cells.map((c) => ({ ...c, align: alignOf(c.label) })),
    })),
  };
}

/** A section as every article builds it ({@link section}), with the market's tables. */
function marketSection(
  id: string,
  heading: string,
  parts: { paragraphs?: string[]; bullets?: string[]; tables?: DraftTable[]; charts?: string[] },
): ArticleSection {
  return {
    ...section(id, heading, parts.paragraphs ?? [], parts.bullets ?? [], parts.charts ?? []),
    tables: (parts.tables ?? []).map(aligned),
  };
}

/** Venues listened to for their top N symbols only. */
function topScoped(facts: MarketFacts): Array<MarketFacts['venues'][number] & { scope: number }> {
  return facts.venues.filter(
    (v): v is MarketFacts['venues'][number] & { scope: number } =>
      v.feed !== 'none' && typeof v.scope === 'number',
  );
}

function throttledVenues(facts: MarketFacts): string[] {
  return facts.venues.filter((v) => v.feed === 'throttled').map((v) => venueName(v.venue));
}

/** "Binance and OKX publish at most one liquidation per symbol per second". */
function throttleClause(throttled: readonly string[]): string {
  return `${listText(throttled)} publish${throttled.length === 1 ? 'es' : ''} at most one liquidation per symbol per second`;
}

function unfedVenues(facts: MarketFacts): string[] {
  return facts.venues.filter((v) => v.feed === 'none').map((v) => venueName(v.venue));
}

/**
 * Open interest is read on every venue, the unfed ones too, unlike the liquidation share's base:
 * said where the two figures stand apart. `""` when every venue has a liquidation feed.
 * @example unfedIncluded(facts) // " on every venue, Hyperliquid’s included,"
 */
function unfedIncluded(facts: MarketFacts): string {
  const unfed = unfedVenues(facts);
  if (unfed.length === 0) return '';
  return ` on every venue, ${listText(unfed.map((v) => `${v}’s`))} included,`;
}

function extremeWord(facts: MarketFacts): 'low' | 'high' {
  return facts.flush.side === 'short' ? 'high' : 'low';
}

function coinTable(facts: MarketFacts): DraftTable {
  const extreme = extremeWord(facts);
  return {
    caption: `Liquidations by coin, ${captionDayText(facts)}. Flush ${extreme}, Now: price change from before the flush${(facts.otherCoins?.count ?? 0) > 0 ? ` (${NOT_AVAILABLE}: price not tracked)` : ''}`,
    columns: ['Coin', 'Total', 'Longs', 'Shorts', 'Share', `Flush ${extreme}`, 'Now'],
    rows: [
      ...facts.coins.map((c) => ({
        // A coin that did not flush with the market is marked, so its row is not read as one that did.
        head: c.flushed ? c.coin : `${c.coin} (no flush)`,
        cells: [
          { label: 'Total', value: formatUsdCompact(c.totalUsd) },
          { label: 'Longs', value: formatUsdCompact(c.longUsd) },
          { label: 'Shorts', value: formatUsdCompact(c.shortUsd) },
          { label: 'Share', value: shareText(c.shareOfTotal) },
          {
            label: `Flush ${extreme}`,
            value: c.extremeMovePct === null ? NOT_AVAILABLE : formatPct(c.extremeMovePct),
          },
          { label: 'Now', value: c.nowMovePct === null ? NOT_AVAILABLE : formatPct(c.nowMovePct) },
        ],
      })),
      ...otherCoinsRows(facts),
    ],
  };
}

// The feeds' other coins in one row, so the table adds up to the total; no price is read for them.
function otherCoinsRows(facts: MarketFacts): DraftTable['rows'] {
  const other = facts.otherCoins;
  if (other === null || other.count === 0) return [];
  return [
    {
      head: `${other.count} other coin${other.count === 1 ? '' : 's'}`,
      cells: [
        { label: 'Total', value: formatUsdCompact(other.totalUsd) },
        { label: 'Longs', value: formatUsdCompact(other.longUsd) },
        { label: 'Shorts', value: formatUsdCompact(other.shortUsd) },
        { label: 'Share', value: shareText(other.shareOfTotal) },
        { label: `Flush ${extremeWord(facts)}`, value: NOT_AVAILABLE },
        { label: 'Now', value: NOT_AVAILABLE },
      ],
    },
  ];
}

/** Other coins named one by one; past this many, the rest are counted. */
const MAX_OTHER_COINS_NAMED = 6;

// What is read of the other coins beyond their liquidations, so no reader takes the leverage
// figures for the whole market's when they are not.
function beyondLeverageNote(facts: MarketFacts): string {
  const read = facts.beyondLeverage;
  if (read === null)
    return 'They are in the totals. Their open interest and prices are not tracked, so the leverage figures below are the covered coins’.';
  return `They are in the totals. Their prices are not tracked; the open interest and funding of those among a venue’s ${read.topN} largest coins are shown separately under “How far leverage reset”.`;
}

/** What the feeds carried beyond the covered coins, and what they named but no venue lists. */
function beyondParagraphs(facts: MarketFacts): string[] {
  const paragraphs: string[] = [];
  const other = facts.otherCoins;
  if (other !== null && other.count > 0) {
    const shown = other.coins.slice(0, MAX_OTHER_COINS_NAMED);
    const named = shown.map((c) => `${c.coin} ${formatUsdPrecise(c.totalUsd)}`);
    const rest = other.count - shown.length;
    const list = rest > 0 ? `${named.join(', ')} and ${rest} more` : listText(named);
    paragraphs.push(
      `Beyond the ${facts.coinsCovered.length} covered coins, the feeds carried ${formatUsdPrecise(other.totalUsd)} of liquidations (${shareText(other.shareOfTotal)} of the total) on ${other.count} more: ${list}. ${beyondLeverageNote(facts)}`,
    );
  }
  const unmapped = facts.unmappedSymbols;
  if (unmapped.length > 0) {
    const count = unmapped.reduce((n, u) => n + u.count, 0);
    const valued = unmapped.filter((u) => u.usd !== null);
    const usd = valued.reduce((sum, u) => sum + (u.usd ?? 0), 0);
    const value =
      valued.length === unmapped.length
        ? ` worth ${formatUsdPrecise(usd)}`
        : valued.length > 0
          ? ` (${formatUsdPrecise(usd)} of them valued)`
          : '';
    paragraphs.push(
      `${count} liquidation${count === 1 ? '' : 's'}${value} came on ${unmapped.length === 1 ? 'a symbol' : `${unmapped.length} symbols`} no venue lists as a market (${listText(unmapped.slice(0, 3).map((u) => u.symbol))}${unmapped.length > 3 ? ', …' : ''}): no coin can be named for ${count === 1 ? 'it' : 'them'}, so ${count === 1 ? 'it is' : 'they are'} counted apart, not in these totals, and listed in this report’s data.`,
    );
  }
  return paragraphs;
}

function whoSection(facts: MarketFacts): ArticleSection {
  const { capital } = wording(facts);
  const venues = listText(
    facts.venues.filter((v) => v.feed !== 'none').map((v) => venueName(v.venue)),
  );
  const share = longShare(facts);
  const paragraphs = [
    `${capital(facts.day.totalUsd)} of positions were liquidated on ${venues} ${dayText(facts)}: ${formatUsdPrecise(facts.day.longUsd)} of longs (${formatShare(share)}) and ${formatUsdPrecise(facts.day.shortUsd)} of shorts.`,
  ];
  const calm = facts.coinsCovered.filter((c) => !facts.coinsInFlush.includes(c));
  paragraphs.push(
    calm.length === 0
      ? `Every one of the ${facts.coinsCovered.length} coins covered flushed at once.`
      : `${facts.coinsInFlush.length} of the ${facts.coinsCovered.length} coins covered flushed at once; ${listText(calm)} had no flush of ${calm.length === 1 ? 'its' : 'their'} own.`,
  );
  const top = facts.coins[0];
  if (top && top.totalUsd > 0)
    paragraphs.push(
      `${top.coin} positions took the largest share: ${formatUsdPrecise(top.totalUsd)}, ${formatShare(top.shareOfTotal)} of the total.`,
    );
  paragraphs.push(...beyondParagraphs(facts));
  const gaps = lowerBoundSentence(facts);
  if (gaps !== null) paragraphs.push(gaps);
  return marketSection('who-got-liquidated', 'Who got liquidated', {
    paragraphs,
    tables: [coinTable(facts)],
    charts: [MARKET_COIN_CHART],
  });
}

/**
 * Why the totals are lower bounds, in one sentence: the venues that publish only part of their
 * liquidations, and those whose per-symbol feeds were read for their top N only.
 */
function lowerBoundSentence(facts: MarketFacts): string | null {
  const throttled = throttledVenues(facts);
  const scoped = topScoped(facts).map(
    (v) =>
      `${venueName(v.venue)}’s feed is unthrottled but is read symbol by symbol, and only its ${v.scope} symbols with the most open interest were read`,
  );
  const unfed = unfedVenues(facts);
  const reasons = [
    ...(throttled.length > 0 ? [throttleClause(throttled)] : []),
    ...scoped,
    ...(unfed.length > 0
      ? [`${listText(unfed)} publish${unfed.length === 1 ? 'es' : ''} no liquidation feed at all`]
      : []),
  ];
  if (reasons.length === 0) return null;
  return `Every total here is a lower bound: ${reasons.join('; ')}.`;
}

/**
 * How far the coins that flushed went at their own extremes, beside the index's start-to-end
 * move (an index of closes moves less than each coin's low).
 * @example "; the coins that flushed were down 7.6 % to 8.0 % at their lows"
 */
function extremesClause(facts: MarketFacts): string {
  const side = facts.flush.side;
  if (side === 'two-sided') return '';
  // Each coin's move to its extreme in the flush's direction (a long flush's lows are falls).
  const moves = facts.coins
    .filter((c) => c.flushed && c.extremeMovePct !== null)
    .map((c) => (side === 'short' ? (c.extremeMovePct ?? 0) : -(c.extremeMovePct ?? 0)))
    .filter((move) => move > 0);
  if (moves.length < 2) return '';
  const [least, most] = [Math.min(...moves), Math.max(...moves)];
  const [dir, extreme] = side === 'short' ? ['up', 'highs'] : ['down', 'lows'];
  const range =
    formatPctSize(least) === formatPctSize(most)
      ? formatPctSize(most)
      : `${formatPctSize(least).replace(' %', '')} to ${formatPctSize(most)}`;
  return `; the coins that flushed were ${dir} ${range} at their ${extreme}`;
}

/**
 * The flush's liquidations against open interest, like for like: a venue without a liquidation
 * feed (Hyperliquid) holds open interest whose liquidations are not counted, so the share is
 * taken of the fed venues' open interest where it is known, and otherwise says which way the
 * all-venue share is off.
 * @example liqToOiText(facts, 'their') // "9.5 % of their $16.2B open interest before it on Bybit, Binance and OKX, the venues whose liquidations are counted"
 */
function liqToOiText(facts: MarketFacts, whose: 'the' | 'their'): string {
  const f = facts.flush;
  const unfed = unfedVenues(facts);
  if (unfed.length === 0) return `${formatPctSize(f.liqToOi)} of ${whose} open interest before it`;
  if (f.liqToOiOf === 'fed') {
    const fed = facts.venues.filter((v) => v.feed !== 'none').map((v) => venueName(v.venue));
    // The base is given: a reader dividing by the all-venue figure quoted elsewhere would not get it.
    const baseUsd = f.liqToOi > 0 ? ` ${formatUsdPrecise(f.coveredUsd / f.liqToOi)}` : '';
    return `${formatPctSize(f.liqToOi)} of ${whose}${baseUsd} open interest before it on ${listText(fed)}, the venues whose liquidations are counted`;
  }
  return `${formatPctSize(f.liqToOi)} of ${whose} open interest before it. That open interest includes ${listText(unfed)}’s, whose liquidations are not counted, so on the venues counted the share was higher`;
}

/**
 * The busiest hour's share of the flush. Beside "by 21:35, all but 5 % were done" (the
 * {@link MOST_OF_FLUSH} mark), a 94.7 % hour to 21:30 printed as "95 %" read as the same mark
 * at two times: it takes a decimal then.
 * @example peakShareText(0.947, true) // "94.7 %"
 */
function peakShareText(share: number, bulkSaid: boolean): string {
  return bulkSaid && share < MOST_OF_FLUSH && formatShare(share) === formatShare(MOST_OF_FLUSH)
    ? formatShare(share, 1)
    : formatShare(share);
}

function cascadeSection(facts: MarketFacts): ArticleSection {
  const { amount } = wording(facts);
  const f = facts.flush;
  // L/OI divides the covered coins' part: the feeds' other coins have no open interest read.
  const took =
    f.totalUsd - f.coveredUsd >= 1
      ? `took ${amount(f.totalUsd)}. Liquidations on the ${facts.coinsCovered.length} covered coins came to ${formatUsdPrecise(f.coveredUsd)}, equal to ${liqToOiText(facts, 'their')}`
      : `took ${amount(f.totalUsd)}: ${liqToOiText(facts, 'the')}`;
  // The detector's window runs through a tail of smaller bars; say when the bulk was over.
  const bulk =
    f.mostByMs < f.endMs - MINUTE_MS
      ? ` By ${formatUtcMoment(f.mostByMs, f.startMs)}, all but ${formatShare(1 - MOST_OF_FLUSH)} of its liquidations were done; the rest of its window, to ${formatUtcMoment(f.endMs, f.startMs)}, was their tail.`
      : '';
  const peakShare = f.totalUsd > 0 ? facts.peakHour.totalUsd / f.totalUsd : 0;
  const paragraphs = [
    `The ${eventName(f.side)} ran ${formatUtcRange(f.startMs, f.endMs)} and ${took}. The coins’ prices, weighted by open interest, ${moved(f.indexMovePct)} from the flush’s start to its end${extremesClause(facts)}.`,
    `Its busiest 60 minutes, to ${formatUtcMoment(facts.peakHour.toMs, f.startMs)}, took ${formatUsdPrecise(facts.peakHour.totalUsd)}, ${peakShareText(peakShare, bulk !== '')} of the flush.${bulk}`,
  ];
  const oi = facts.openInterest;
  if (oi.lowMs !== null && oi.lowMs >= f.startMs)
    paragraphs.push(
      // A flash is written hours after the flush: its low is the lowest so far, not a bottom.
      facts.version === '1h'
        ? `Open interest was at its lowest so far at ${formatUtcMoment(oi.lowMs, f.startMs)}, ${durationText(oi.lowMs - f.startMs)} after the flush began.`
        : `Open interest bottomed at ${formatUtcMoment(oi.lowMs, f.startMs)}, ${durationText(oi.lowMs - f.startMs)} after the flush began.`,
    );
  const after = facts.afterFlush.totalUsd;
  // To the end of the day the totals cover, so the flush and this add up to the day's total.
  const toMs = facts.day.toMs;
  const sinceHours = (toMs - f.endMs) / HOUR_MS;
  // Per hour, so a reader can tell a calm tail from a second wave.
  const rate =
    sinceHours >= 2 && after > 0 ? `, about ${formatUsdPrecise(after / sinceHours)} an hour` : '';
  paragraphs.push(
    toMs < facts.asOfMs
      ? `In the rest of the ${marketDayWords(facts)} the totals cover, to ${formatUtcMoment(toMs, f.startMs)}, ${amount(after)} more was liquidated${rate}.`
      : `Since it ended, ${amount(after)} more has been liquidated to ${formatUtcMoment(toMs, f.startMs)}${rate}.`,
  );
  return marketSection('how-it-cascaded', 'How it cascaded', {
    paragraphs,
    charts: [MARKET_TIMELINE_CHART],
  });
}

function venueSection(facts: MarketFacts): ArticleSection {
  const fed = facts.venues.filter((v) => v.feed !== 'none');
  const total = facts.day.totalUsd;
  const parts = fed.map(
    (v) =>
      `${venueName(v.venue)} ${formatUsdPrecise(v.totalUsd)} (${shareText(total > 0 ? v.totalUsd / total : 0)})`,
  );
  const paragraphs = [`By venue: ${listText(parts)}.`];
  const throttled = throttledVenues(facts);
  const complete = fed.filter((v) => v.feed === 'complete').map((v) => venueName(v.venue));
  const unfed = unfedVenues(facts);
  // Why these shares are not the venues' (the feeds' limits themselves are said once, with the
  // lower bound): a throttled total is cut short, a venue without a feed is not in them at all.
  const notShares = [
    ...(throttled.length > 0 && complete.length > 0
      ? [
          `the throttled feed${throttled.length === 1 ? '' : 's'} of ${listText(throttled)} cut ${throttled.length === 1 ? 'its total' : 'their totals'} short beside ${listText(complete)}’s unthrottled one${complete.length === 1 ? '' : 's'}`,
        ]
      : []),
    ...(unfed.length > 0 ? [`${listText(unfed)}’s liquidations are not in them at all`] : []),
  ];
  if (notShares.length > 0)
    paragraphs.push(`These are not the venues’ shares of the market: ${notShares.join(', and ')}.`);
  const scoped = scopeSentence(fed);
  if (scoped !== null) paragraphs.push(scoped);
  // "Complete" would overclaim for a feed read for its top symbols only: unthrottled is the fact.
  const feedText = { complete: 'unthrottled', throttled: 'throttled', none: 'none' } as const;
  // A venue without a feed has no figures, not zeros.
  const usd = (v: MarketFacts['venues'][number], value: number) =>
    v.feed === 'none' ? NOT_AVAILABLE : formatUsdCompact(value);
  return marketSection('the-venues', 'The venues', {
    paragraphs,
    tables: [
      {
        caption: `Liquidations by venue, ${captionDayText(facts)}${unfed.length > 0 ? `; ${NOT_AVAILABLE}: no liquidation feed` : ''}`,
        columns: ['Venue', 'Total', 'Longs', 'Shorts', 'Feed'],
        textColumns: ['Feed'],
        rows: facts.venues.map((v) => ({
          head: venueName(v.venue),
          cells: [
            { label: 'Total', value: usd(v, v.totalUsd) },
            { label: 'Longs', value: usd(v, v.longUsd) },
            { label: 'Shorts', value: usd(v, v.shortUsd) },
            {
              label: 'Feed',
              value:
                typeof v.scope === 'number'
                  ? `${feedText[v.feed]}, top ${v.scope}`
                  : feedText[v.feed],
            },
          ],
        })),
      },
    ],
    charts: [MARKET_VENUE_CHART],
  });
}

// Which symbols each feed was listened to for, where the collector listened beyond the coins.
function scopeSentence(venues: readonly MarketFacts['venues'][number][]): string | null {
  const all = venues.filter((v) => v.scope === 'all').map((v) => venueName(v.venue));
  const top = venues.filter((v) => typeof v.scope === 'number');
  if (all.length === 0 && top.length === 0) return null;
  const parts = [
    ...(all.length > 0
      ? [`${listText(all)} for all ${all.length === 1 ? 'its' : 'their'} perpetuals`]
      : []),
    ...top.map(
      (v) => `${venueName(v.venue)} for its ${v.scope} symbols with the most open interest`,
    ),
  ];
  return `Liquidations were collected from ${listText(parts)}.`;
}

const SIDE_WORD = { long: 'long', short: 'short' } as const;

/**
 * The order's price per coin: venues quote a coin listed in lots (`1000PEPE/USDT:USDT`) per lot.
 * @example pricePerCoin({ symbol: '1000PEPE/USDT:USDT', price: 0.012 }) // 0.000012
 */
function pricePerCoin(order: { symbol: string; price: number }): number {
  return order.price / coinsPerLot(order.symbol.split('/')[0] ?? '');
}

/**
 * A perp as traders name it: `BTC/USDT:USDT` → `BTCUSDT perpetual`, `BTC/USD:BTC` → `BTCUSD
 * inverse perpetual`.
 */
function perpName(symbol: string): string {
  const [pair = symbol, settle] = symbol.split(':');
  const [base = pair, quote = ''] = pair.split('/');
  const inverse = settle !== undefined && settle === base && quote !== base;
  return `${base}${quote} ${inverse ? 'inverse ' : ''}perpetual`;
}

function largestSection(facts: MarketFacts): ArticleSection | null {
  const orders = facts.largestOrders;
  const first = orders[0];
  if (first === undefined) return null;
  const paragraphs = [
    `The largest single liquidation was a ${formatUsdPrecise(first.usd)} ${first.coin} ${SIDE_WORD[first.side]} on ${venueName(first.venue)} (${perpName(first.symbol)}) at ${formatUtcMoment(first.timeMs, facts.flush.startMs)}, at a price of ${formatPrice(pricePerCoin(first))}.`,
  ];
  // The feeds' limits that make every total a lower bound (said under "Who got liquidated",
  // which comes first on the page and in the email) may hide a larger order too.
  if (lowerBoundSentence(facts) !== null)
    paragraphs.push(
      'The feeds’ limits that make every total a lower bound apply here too: a larger order may be missing from this list.',
    );
  return marketSection('largest-orders', 'The largest single liquidations', {
    paragraphs,
    tables: [
      {
        caption: `The ${orders.length} largest single liquidations, ${captionDayText(facts)}; times on ${formatUtcDate(facts.flush.startMs)} unless dated`,
        columns: ['Coin', 'Venue', 'Side', 'Size', 'Price', 'Time'],
        textColumns: ['Venue', 'Side'],
        rows: orders.map((o) => ({
          head: o.coin,
          cells: [
            { label: 'Venue', value: venueName(o.venue) },
            { label: 'Side', value: SIDE_WORD[o.side] },
            { label: 'Size', value: formatUsdPrecise(o.usd) },
            { label: 'Price', value: formatPrice(pricePerCoin(o)) },
            { label: 'Time', value: formatUtcMoment(o.timeMs, facts.flush.startMs) },
          ],
        })),
      },
    ],
  });
}

function leverageSection(facts: MarketFacts): ArticleSection | null {
  const oi = facts.openInterest;
  const paragraphs: string[] = [];
  const coins = `the ${facts.coinsCovered.length} coins`;
  if (oi.beforeUsd !== null && oi.lowUsd !== null && oi.lowMs !== null) {
    const change = oi.lowUsd / oi.beforeUsd - 1;
    const positions = oi.positionsChangePct;
    // Two measures on two bases printed alike would read as one: "9.5 % of open interest"
    // liquidated and positions "9.5 % fewer" (0.0953 of $16.2B, 0.0947 of $18.8B).
    const positionsText = (frac: number) =>
      formatPctSize(frac) === formatPctSize(facts.flush.liqToOi)
        ? formatPctSize(frac, 2)
        : formatPctSize(frac);
    paragraphs.push(
      change < 0
        ? `Open interest of ${coins}${unfedIncluded(facts)} fell ${formatPctSize(change)}, from ${formatUsdPrecise(oi.beforeUsd)} before the flush to ${formatUsdPrecise(oi.lowUsd)} at ${formatUtcMoment(oi.lowMs, facts.flush.startMs)}.`
        : `Open interest of ${coins} did not fall below the ${formatUsdPrecise(oi.beforeUsd)} it held before the flush.`,
    );
    // Positions at constant prices against the dollar fall at the same bar: which of the two
    // moved the dollars, said only the way the figures show it.
    if (change < 0 && positions !== null && positions < 0 && positions > change)
      paragraphs.push(
        `Counted in contracts (at constant prices), positions were ${positionsText(positions)} fewer at the low; the rest of the ${formatPctSize(change)} fall in dollars came from lower prices.`,
      );
    else if (change < 0 && positions !== null && positions < change - 0.0005)
      paragraphs.push(
        `Counted in contracts (at constant prices), positions were ${positionsText(positions)} fewer at the low: higher prices make the fall look smaller in dollars.`,
      );
    if (oi.nowUsd !== null) {
      const vsBefore = oi.nowUsd / oi.beforeUsd - 1;
      const offLow = oi.nowUsd / oi.lowUsd - 1;
      paragraphs.push(
        `It stands at ${formatUsdPrecise(oi.nowUsd)} now, ${formatPctSize(vsBefore)} ${vsBefore < 0 ? 'below' : 'above'} its level before the flush${offLow > 0.005 ? ` and ${formatPctSize(offLow)} above its low` : ''}.`,
      );
    }
  }
  const f = facts.funding;
  if (f.before8h !== null && f.now8h !== null)
    paragraphs.push(
      `Funding, weighted by open interest, averaged ${formatRate8h(f.before8h)} in the day before the flush and is ${formatRate8h(f.now8h)} now: ${fundingMeaning(f.before8h, f.now8h)}.`,
    );
  paragraphs.push(...beyondLeverageParagraphs(facts));
  return paragraphs.length === 0
    ? null
    : marketSection('leverage-reset', 'How far leverage reset', { paragraphs });
}

/** Readings left out, named one by one; past this many, the rest are counted. */
const MAX_EXCLUDED_NAMED = 4;

// The coins beyond the covered ones, from each venue's bulk readings before the flush and now.
function beyondLeverageParagraphs(facts: MarketFacts): string[] {
  const paragraphs: string[] = [];
  const read = facts.beyondLeverage;
  if (read !== null) {
    const change = read.nowUsd / read.beforeUsd - 1;
    const moved =
      Math.abs(change) < 0.0005
        ? 'about the same'
        : `${formatPctSize(change)} ${change < 0 ? 'lower' : 'higher'}`;
    const venues = read.venues.map(venueName);
    const shown = read.names.slice(0, MAX_OTHER_COINS_NAMED);
    const names =
      read.names.length > shown.length
        ? `${shown.join(', ')} and ${read.names.length - shown.length} more`
        : listText(shown);
    paragraphs.push(
      `The ${read.coins} other coin${read.coins === 1 ? '' : 's'} read among the ${read.topN} largest on ${listText(venues)} (${read.names.length > 1 ? `the most open interest first: ${names}` : names}) held ${formatUsdPrecise(read.beforeUsd)} of open interest at ${formatUtcMoment(read.beforeMs, facts.flush.startMs)}, before the flush, and ${formatUsdPrecise(read.nowUsd)} at ${formatUtcMoment(read.nowMs, facts.flush.startMs)}: ${moved}. Their funding, weighted by open interest, went from ${formatRate8h(read.funding.before8h)} to ${formatRate8h(read.funding.now8h)}.`,
    );
  }
  const excluded = facts.excludedReadings;
  if (excluded.length > 0) {
    const named = excluded
      .slice(0, MAX_EXCLUDED_NAMED)
      .map((e) => `${e.symbol} on ${venueName(e.venue)} (${e.reason})`);
    const rest = excluded.length - named.length;
    paragraphs.push(
      `Left out of the open interest and funding as unusable: ${rest > 0 ? `${named.join('; ')} and ${rest} more, listed in this report’s data` : listText(named)}.`,
    );
  }
  return paragraphs;
}

/** Within a tenth of the rate before, funding reads "about the same". */
const SAME_FUNDING_SHARE = 0.1;

function fundingMeaning(before: number, now: number): string {
  if (now < 0) return 'negative, so shorts now pay longs to hold their positions';
  if (Math.abs(now - before) <= SAME_FUNDING_SHARE * Math.abs(before))
    return 'about the same as before, so longs pay shorts about as much to hold their positions';
  if (now < before)
    return 'lower but still positive, so longs still pay shorts, though less than before';
  return 'higher than before, so longs pay shorts more than before to hold their positions';
}

function rankSection(facts: MarketFacts): ArticleSection {
  const { rank } = facts;
  const days = `${rank.historyDays} ${rank.historyDays === 1 ? 'day' : 'days'}`;
  const text =
    rank.largerBefore === null
      ? // The history is searched by 24-hour windows; none holding as much means no shorter span did either.
        `No earlier 24 hours in the ${days} of market history stored here saw as much liquidated${facts.day.toMs - facts.day.fromMs < DAY_MS ? ` as these ${marketDayWords(facts)}` : ''}.`
      : `The largest 24-hour total since ${formatUtcDate(rank.largerBefore.endMs)}, when ${formatUsdPrecise(rank.largerBefore.totalUsd)} was liquidated in the 24 hours to ${formatUtcDateTime(rank.largerBefore.endMs)}.`;
  return marketSection('how-it-ranks', 'How it ranks', { paragraphs: [text] });
}

function majorLine(m: MarketMajor, facts: MarketFacts): string {
  const now = `${formatPrice(m.priceNow)} now`;
  if (!m.flushed)
    return `${m.coin}: no flush of its own; ${formatUsdPrecise(m.liqDayUsd)} liquidated in the day, at ${now}.`;
  const extreme = m.extremePrice ?? m.priceBefore;
  const down = extreme < m.priceBefore;
  const vsBefore = m.priceNow / m.priceBefore - 1;
  // Whenever the two print differently: the coin table beside it gives the day's figure.
  const day =
    formatUsdPrecise(m.liqDayUsd) !== formatUsdPrecise(m.liqTotalUsd)
      ? ` (${formatUsdPrecise(m.liqDayUsd)} over the ${marketDayWords(facts)})`
      : '';
  const reading = m.reading
    ? ` At the ${m.reading.checkpoint} reading: ${regimeName(m.reading.label).toLowerCase()} (${m.reading.confidence} confidence)${sinceBefore(m.reading, facts.version !== '1h')}.`
    : m.firstReadingMs === null
      ? ''
      : ` Its first reading is due at ${formatUtcMoment(m.firstReadingMs, facts.asOfMs)}, an hour after its own flush ended.`;
  return `${m.coin}: ${formatUsdPrecise(m.liqTotalUsd)} liquidated in its own flush${day}. It ${down ? 'fell' : 'rose'} from ${formatPrice(m.priceBefore)} to ${formatPrice(extreme)} and trades at ${now}, ${formatPctSize(vsBefore)} ${vsBefore < 0 ? 'below' : 'above'} where it was before the flush.${reading}`;
}

/**
 * How a major's reading compares with its reading at the checkpoint before: what a follow-up
 * adds (and what decides whether it is mailed).
 * @example sinceBefore({ label: 'reclaim', checkpoint: '24h', previousLabel: 'stabilizing', previousCheckpoint: '4h' }, true) // ", changed from stabilizing at 4h"
 */
function sinceBefore(reading: NonNullable<MarketMajor['reading']>, followUp: boolean): string {
  const before = reading.previousCheckpoint;
  // A follow-up's first reading of a coin is news; the flash's are all first.
  if (reading.previousLabel === null || before === null)
    return followUp ? ', its first reading in this story' : '';
  // Read at the same checkpoint as the version before: nothing new to compare.
  if (before === reading.checkpoint) return '';
  return reading.previousLabel === reading.label
    ? `, as at ${before}`
    : `, changed from ${regimeName(reading.previousLabel).toLowerCase()} at ${before}`;
}

function majorsSection(facts: MarketFacts): ArticleSection | null {
  if (facts.majors.length === 0) return null;
  const names = listText(facts.majors.map((m) => m.coin));
  return marketSection('the-majors', `${names} on their own`, {
    bullets: facts.majors.map((m) => majorLine(m, facts)),
  });
}

/**
 * The covered coins beyond BTC, ETH and SOL whose price has gone past its flush extreme since.
 * Only coins that flushed have a flush extreme to break; and a break the printed figures cannot
 * show ("−0.3 % now, −0.3 % at its low") is not one a reader can check, so it is not named.
 */
function coinsPastTheirExtreme(facts: MarketFacts): MarketCoinRow[] {
  const majors = new Set(facts.majors.map((m) => m.coin));
  const down = facts.flush.side !== 'short';
  return facts.coins.filter(
    (c) =>
      c.flushed &&
      !majors.has(c.coin) &&
      c.extremeMovePct !== null &&
      c.nowMovePct !== null &&
      formatPct(c.nowMovePct) !== formatPct(c.extremeMovePct) &&
      (down ? c.nowMovePct < c.extremeMovePct : c.nowMovePct > c.extremeMovePct),
  );
}

/**
 * The level to watch for a major whose flush extreme held: its price before the flush where it
 * is back beyond it (a long flush's reclaim, a squeeze's rejection), else the extreme.
 * @example "BTC has reclaimed its price before the flush, $83,769, and trades 2.2 % above it: falling back below it would undo the reclaim. Its flush low, $77,439, is 9.5 % below its price now."
 */
function heldLevelLine(m: MarketMajor, extreme: number): string {
  const down = extreme < m.priceBefore;
  const low = down ? 'low' : 'high';
  const back = down ? 'below' : 'above';
  const toExtreme = `Its flush ${low}, ${formatPrice(extreme)}, is ${formatPctSize(extreme / m.priceNow - 1)} ${back} its price now.`;
  const beyond = formatPctSize(m.priceNow / m.priceBefore - 1);
  // "Reclaim" and "rejection" are regime names: the line uses one only where the reading does.
  const label = m.reading?.label;
  if (down && m.priceNow > m.priceBefore)
    return label === 'reclaim'
      ? `${m.coin} has reclaimed its price before the flush, ${formatPrice(m.priceBefore)}, and trades ${beyond} above it: falling back below it would undo the reclaim. ${toExtreme}`
      : `${m.coin} is back above its price before the flush, ${formatPrice(m.priceBefore)}, by ${beyond}: falling back below it would give up that recovery. ${toExtreme}`;
  if (!down && m.priceNow < m.priceBefore)
    return label === 'rejection'
      ? `${m.coin} has given back the whole squeeze and trades ${beyond} below its price before it, ${formatPrice(m.priceBefore)}: rising back above that would undo the rejection. ${toExtreme}`
      : `${m.coin} has given back the whole squeeze and trades ${beyond} below its price before it, ${formatPrice(m.priceBefore)}: rising back above that would put the squeeze back in play. ${toExtreme}`;
  return `${m.coin}’s flush ${low} at ${formatPrice(extreme)}, ${formatPctSize(extreme / m.priceNow - 1)} ${back} its price now, is the level to watch: trading ${back} it would mean the flush’s ${low} has not held for ${m.coin}.`;
}

function watchSection(facts: MarketFacts): ArticleSection {
  const bullets: string[] = [];
  const flushed = facts.majors.filter((m) => m.flushed && m.extremePrice !== null);
  const beyond = flushed.filter((m) => {
    const extreme = m.extremePrice ?? 0;
    return extreme < m.priceBefore ? m.priceNow < extreme : m.priceNow > extreme;
  });
  for (const m of beyond) {
    const down = (m.extremePrice ?? 0) < m.priceBefore;
    bullets.push(
      `${m.coin} trades ${down ? 'below' : 'above'} its flush ${down ? 'low' : 'high'} of ${formatPrice(m.extremePrice)}, at ${formatPrice(m.priceNow)}: the flush’s extreme has not held for it.`,
    );
  }
  const others = coinsPastTheirExtreme(facts);
  if (others.length > 0) {
    const low = extremeWord(facts);
    const side = low === 'low' ? 'below' : 'above';
    const moves = listText(
      others.map(
        (c) =>
          `${c.coin} (${formatPct(c.nowMovePct)} now, ${formatPct(c.extremeMovePct)} at its ${low})`,
      ),
    );
    // "Also" only after a major's own break; alone, it would point at nothing.
    const also = beyond.length > 0;
    bullets.push(
      others.length === 1
        ? `${moves} ${also ? 'also ' : ''}trades ${side} its flush ${low}, both measured from before the flush.`
        : `${also ? `Also ${side}` : `${side === 'below' ? 'Below' : 'Above'}`} their flush ${low}s now, measured from before the flush: ${moves}.`,
    );
  }
  const held = flushed.find((m) => !beyond.includes(m));
  if (held && held.extremePrice !== null) bullets.push(heldLevelLine(held, held.extremePrice));
  const oi = facts.openInterest;
  if (oi.beforeUsd !== null && oi.nowUsd !== null && oi.lowUsd !== null && oi.nowUsd < oi.beforeUsd)
    bullets.push(
      `Open interest: ${formatUsdPrecise(oi.nowUsd)} now, between its low of ${formatUsdPrecise(oi.lowUsd)} and the ${formatUsdPrecise(oi.beforeUsd)} before the flush. Rebuilding towards ${formatUsdPrecise(oi.beforeUsd)} while prices hold would mean the flushed leverage is returning.`,
    );
  const f = facts.funding;
  if (f.before8h !== null && f.now8h !== null)
    bullets.push(
      f.now8h < f.before8h
        ? `Funding: ${formatRate8h(f.now8h)} now, below the ${formatRate8h(f.before8h)} before the flush. Funding back above it while open interest rebuilds would mean longs are crowding back in.`
        : `Funding: ${formatRate8h(f.now8h)} now, no cooler than before the flush: leverage that pays this much can be flushed again.`,
    );
  if (bullets.length === 0)
    bullets.push(
      'Whether liquidations stay near their calm level: a second wave would show first in the coins that flushed.',
    );
  return marketSection('what-to-watch', 'What to watch', { bullets });
}

/**
 * A major since the flash: its move, and whether its flush extreme held.
 * @example "BTC rose 5.8 %, from $80,912 to $85,591; its lowest since, $80,100, stayed above its flush low of $77,439."
 */
function majorSinceLine(
  since: NonNullable<MarketFacts['sinceFlash']>['majors'][number],
  major: MarketMajor | undefined,
): string {
  const change = since.priceNow / since.priceThen - 1;
  const move =
    Math.abs(change) < 0.0005
      ? `${since.coin} is at ${formatPrice(since.priceNow)}, as at the flash`
      : `${since.coin} ${moved(change)}, from ${formatPrice(since.priceThen)} to ${formatPrice(since.priceNow)}`;
  const extreme = major?.flushed ? major.extremePrice : null;
  if (major === undefined || extreme === null) return `${move}.`;
  const down = extreme < major.priceBefore;
  const [word, past] = down ? ['low', 'below'] : ['high', 'above'];
  const furthest = `its ${down ? 'lowest' : 'highest'} since`;
  const held = down ? since.extremeSince >= extreme : since.extremeSince <= extreme;
  return held
    ? `${move}; ${furthest}, ${formatPrice(since.extremeSince)}, did not go ${past} its flush ${word} of ${formatPrice(extreme)}.`
    : `${move}, and went ${past} its flush ${word} of ${formatPrice(extreme)} (${furthest}: ${formatPrice(since.extremeSince)}).`;
}

/**
 * A follow-up's first section: what moved between the flash's figures and this version's, for
 * the reader who had the flash (prices and whether each flush extreme held, the liquidations
 * since and their side, open interest and funding).
 */
function sinceFlashSection(facts: MarketFacts): ArticleSection | null {
  const since = facts.sinceFlash;
  if (since === null) return null;
  const { capital } = wording(facts);
  const bullets = since.majors.map((m) =>
    majorSinceLine(
      m,
      facts.majors.find((major) => major.coin === m.coin),
    ),
  );
  const liq = since.liquidated;
  const flushLongShare = facts.flush.totalUsd > 0 ? facts.flush.longUsd / facts.flush.totalUsd : 0;
  const flushSide =
    flushLongShare >= 0.5
      ? `the flush’s own were ${shareText(flushLongShare)} longs`
      : `the flush’s own were ${shareText(1 - flushLongShare)} shorts`;
  bullets.push(
    liq.totalUsd > 0
      ? `${capital(liq.totalUsd)} more was liquidated, ${liq.longUsd >= liq.shortUsd ? `${shareText(liq.longUsd / liq.totalUsd)} of it longs` : `${shareText(liq.shortUsd / liq.totalUsd)} of it shorts`} (${flushSide}).`
      : 'No more liquidations were counted.',
  );
  if (since.oiThenUsd !== null && since.oiNowUsd !== null) {
    const change = since.oiNowUsd / since.oiThenUsd - 1;
    bullets.push(
      Math.abs(change) < 0.0005
        ? `Open interest of the ${facts.coinsCovered.length} coins is ${formatUsdPrecise(since.oiNowUsd)}, about where it was.`
        : `Open interest of the ${facts.coinsCovered.length} coins ${moved(change)}, from ${formatUsdPrecise(since.oiThenUsd)} to ${formatUsdPrecise(since.oiNowUsd)}.`,
    );
  }
  if (since.fundingThen8h !== null && since.fundingNow8h !== null) {
    const [then8h, now8h] = [formatRate8h(since.fundingThen8h), formatRate8h(since.fundingNow8h)];
    // "went from 0.0065 % to 0.0065 %" reads as a typo; the same printed rate is no move.
    bullets.push(
      then8h === now8h
        ? `Funding, weighted by open interest, is ${now8h}, as at the flash.`
        : `Funding, weighted by open interest, went from ${then8h} to ${now8h}.`,
    );
  }
  const lead = `Between the flash report’s figures and this ${facts.version} version’s, ${formatUtcRange(since.fromMs, facts.asOfMs)}:`;
  return marketSection('since-the-flash', 'Since the flash', { paragraphs: [lead], bullets });
}

function missingSection(facts: MarketFacts): ArticleSection | null {
  const lines = [
    ...unwatchedSentences(facts.unwatched),
    ...facts.excludedCoins.map((e) => `${e.coin} is left out of every figure: ${e.reason}.`),
    ...facts.missingCoins.map((m) => `${m.coin} has no usable data: ${m.reason}`),
  ];
  return lines.length === 0
    ? null
    : marketSection('what-is-missing', 'What is missing', { bullets: lines });
}

/**
 * The digest's one line on a day without a market-wide flush: what the covered coins' feeds
 * showed in the 24 hours to `toMs`.
 * @example calmMarketLine(series, nowMs) // "No market-wide flush in the 24 hours to 07:00 UTC on 6 Dec 2026: at least $41.2M liquidated across BTC, ETH and SOL, 58 % of it longs."
 */
export function calmMarketLine(series: MarketWideSeries, toMs: number): string {
  const day = series.bars.filter((b) => b.openTimeMs >= toMs - DAY_MS && b.openTimeMs < toMs);
  const longUsd = day.reduce((sum, b) => sum + b.liqLongUsd, 0);
  const totalUsd = day.reduce((sum, b) => sum + b.liqLongUsd + b.liqShortUsd, 0);
  const when = `in the 24 hours to ${formatUtcDateTime(toMs).replace(/^(.*), (.*)$/, '$2 on $1')}`;
  const amount = `${series.liqIsLowerBound ? 'at least ' : ''}${formatUsdPrecise(totalUsd)}`;
  const share = totalUsd > 0 ? `, ${formatShare(longUsd / totalUsd)} of it longs` : '';
  return `No market-wide flush ${when}: ${amount} liquidated across ${listText(series.coins)}${share}.`;
}

/**
 * Words the market report (DESIGN.md §4 "The whole market"): the headline gives the total; it
 * then tells who got liquidated (longs and shorts, the coins in a table and a chart, the venues),
 * how far leverage reset, how the day ranks in stored history, BTC, ETH and SOL on their own, and
 * what to watch. Every sentence is built from {@link MarketFacts}, published in `data.json`.
 */
export function buildMarketArticle(input: MarketArticleInput): PageArticle {
  const { facts } = input;
  const id = identity(facts);
  const meta: ReportMeta = {
    ...id,
    kind: facts.version === '1h' ? 'flash' : 'follow-up',
    title: headline(facts),
    summary: summary(facts),
    asOf: new Date(facts.asOfMs).toISOString(),
    // Whoever follows a coin in the flush (or a major read here) is mailed the market's report;
    // its follow-ups only the market's followers, as each coin's follow-up goes to the coin's.
    assets: [MARKET_ASSET, ...new Set([...facts.majors.map((m) => m.coin), ...facts.coinsInFlush])],
    ...(facts.version === '1h' ? {} : { mailAssets: [MARKET_ASSET] }),
    simulated: facts.simulated,
    imagePath: `${id.path}${SOCIAL_IMAGE_FILE}`,
  };
  const sections = [
    sinceFlashSection(facts),
    whoSection(facts),
    cascadeSection(facts),
    venueSection(facts),
    largestSection(facts),
    leverageSection(facts),
    rankSection(facts),
    majorsSection(facts),
    watchSection(facts),
    missingSection(facts),
  ].filter((s): s is ArticleSection => s !== null);
  return {
    meta,
    url: absoluteUrl(input.siteBaseUrl, id.path),
    dataUrl: absoluteUrl(input.siteBaseUrl, `${id.path}data.json`),
    imageUrl: absoluteUrl(input.siteBaseUrl, meta.imagePath),
    asOfText: formatUtcDateTime(facts.asOfMs),
    keyNumbers: keyNumbers(facts),
    sections,
    simulatedNotice: facts.simulated ? SIMULATED_NOTICE : null,
    disclaimer: NOT_FINANCIAL_ADVICE,
  };
}

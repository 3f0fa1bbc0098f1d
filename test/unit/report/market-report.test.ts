import { beforeAll, describe, expect, it } from 'vitest';
import { describeMarketFinding } from '../../../bin/commands/describe-outcome.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { NoMarketFlushError } from '../../../lambdas/errors.ts';
import { generateMarketScenario } from '../../../lambdas/market/scenarios/index.ts';
import type { MarketCoinRow, MarketHour, Snapshot } from '../../../lambdas/model/index.ts';
import {
  formatPct,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatUsdCompact,
  formatUsdPrecise,
  formatUtcMoment,
  listText,
} from '../../../lambdas/report/index.ts';
import { buildMarketArticle } from '../../../lambdas/report/market-article.ts';
import { startMarketCharts } from '../../../lambdas/report/market-charts.ts';
import { CHART_COLORS } from '../../../lambdas/report/render-chart.ts';
import { keepUnitsTogether } from '../../../lambdas/report/template-renderer.ts';
import {
  analyseMarket,
  type BuiltMarketReport,
  buildMarketReport,
  renderMarketFlush,
} from '../../../lambdas/use-cases/build-market-report.ts';
import {
  buildMarketStory,
  type MarketStoryVersion,
} from '../../../lambdas/use-cases/build-market-story.ts';

const config = configSchema.parse({});
const FORBIDDEN = /\b(NaN|undefined|Infinity|null)\b/;

function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The market report of a simulated market, as `npm start` builds it. */
function reportOf(scenario: ReturnType<typeof generateMarketScenario>): Promise<BuiltMarketReport> {
  return buildMarketReport({
    snapshots: scenario.snapshots,
    coins: scenario.coins,
    configuredVenues: scenario.configuredVenues,
    config,
  });
}

/** The market story `npm start` publishes: the flash, then each follow-up the data reaches. */
function storyOf(
  scenario: ReturnType<typeof generateMarketScenario>,
): Promise<MarketStoryVersion[]> {
  return buildMarketStory({
    snapshots: scenario.snapshots,
    coins: scenario.coins,
    configuredVenues: scenario.configuredVenues,
    config,
  });
}

describe('the market report of the simulated wipeout', () => {
  const scenario = generateMarketScenario({ seed: 1 });
  let built: BuiltMarketReport;

  beforeAll(async () => {
    built = await reportOf(scenario);
  });

  it('gives the market total in its headline, as a lower bound, with the coins that flushed', async () => {
    // The flash, an hour after the flush: who took the losses.
    const flash = await buildMarketReport({
      snapshots: scenario.snapshots,
      coins: scenario.coins,
      configuredVenues: scenario.configuredVenues,
      config,
      asOfMs: built.flush.event.endMs + 65 * 60_000,
    });
    const share = Math.round((100 * flash.facts.day.longUsd) / flash.facts.day.totalUsd);
    expect(flash.rendered.meta.title).toMatch(
      new RegExp(
        `^At least \\$1\\.\\d\\dB of crypto futures liquidated in \\d+ hours \\d+ minutes: 10 of 12 coins flushed, longs took ${share} %$`,
      ),
    );
    expect(flash.rendered.meta).toMatchObject({
      kind: 'flash',
      id: '2026-03-12-market-long-flush-2030',
      path: 'reports/2026/03/12/2026-03-12-market-long-flush-2030/v/1h/',
      storyPath: 'reports/2026/03/12/2026-03-12-market-long-flush-2030/',
    });
    expect(flash.rendered.email.subject).toMatch(/^\[Simulated\] At least \$1\.\d\dB/);
    // Written hours after the flush, the flash cannot know its low was the bottom.
    const flashPage = textOf(flash.rendered.pageHtml);
    expect(flashPage).toMatch(/to \$16\.\dB at its lowest so far\./);
    expect(flashPage).toMatch(/Open interest was at its lowest so far at \d\d:\d\d UTC/);
    expect(flashPage).not.toContain('bottomed');
    // On a phone the email's numbers stand apart: right-aligned, the row's name left.
    expect(flash.rendered.email.html).toMatch(/<td align="right"[^>]*>\$\d+M<\/td>/);
    expect(flash.rendered.email.html).toMatch(/<th class="row-head" align="left"[^>]*>Coin<\/th>/);
    // The command line's finding gives the same span as the headline, not a day not yet over.
    const span = /liquidated in (\d+ hours \d+ minutes)/.exec(flash.rendered.meta.title)?.[1];
    expect(span).not.toBe('24 hours');
    expect(describeMarketFinding(flash)).toMatch(new RegExp(`liquidated in ${span}$`));
    // Link previews and tabs are labelled too, not only the page's banner.
    const title = keepUnitsTogether(`[Simulated] ${flash.rendered.meta.title} · Aftershock`);
    expect(flash.rendered.pageHtml).toContain(`<title>${title}</title>`);
    expect(flash.rendered.pageHtml).toContain(`<meta property="og:title" content="${title}">`);
    // A day on, its 24h version: the same total, then how BTC, ETH and SOL read since. The
    // headline's total has the key number's three digits, so the two never disagree.
    const { facts, rendered } = built;
    expect(textOf(rendered.pageHtml)).toContain(
      `Liquidated, first 24 hours (at least) ${formatUsdPrecise(facts.day.totalUsd)}`,
    );
    expect(textOf(rendered.email.html), 'the email’s dateline says it is a follow-up').toContain(
      'Market · Follow-up · as of 13 Mar 2026, 22:50 UTC',
    );
    expect(rendered.meta.title).toBe(
      `At least ${formatUsdPrecise(facts.day.totalUsd)} of crypto futures liquidated in a day; 24h after the flush: BTC reclaim, ETH stabilizing, SOL grind lower`,
    );
    expect(rendered.meta).toMatchObject({
      kind: 'follow-up',
      id: '2026-03-12-market-long-flush-2030-follow-up-24h',
      path: 'reports/2026/03/12/2026-03-12-market-long-flush-2030/v/24h/',
      storyId: '2026-03-12-market-long-flush-2030',
    });
    // Every coin in the flush, so a subscriber following any of them is mailed the report.
    expect(rendered.meta.assets.slice(0, 4)).toEqual(['Market', 'BTC', 'ETH', 'SOL']);
    expect([...rendered.meta.assets.slice(4)].sort()).toEqual(
      facts.coinsInFlush.filter((c) => !['BTC', 'ETH', 'SOL'].includes(c)).sort(),
    );
    expect([...facts.coinsInFlush].sort()).toEqual([...scenario.expected.coinsInFlush].sort());
  });

  describe('as a story: the flash, then its follow-ups', () => {
    let story: MarketStoryVersion[];

    beforeAll(async () => {
      story = await storyOf(scenario);
    });

    it('publishes the flash when the detector first sees the flush ended, then each checkpoint reached', () => {
      expect(story.map((v) => v.built.rendered.meta.path)).toEqual([
        'reports/2026/03/12/2026-03-12-market-long-flush-2030/v/1h/',
        'reports/2026/03/12/2026-03-12-market-long-flush-2030/v/4h/',
        'reports/2026/03/12/2026-03-12-market-long-flush-2030/v/24h/',
      ]);
      const event = built.flush.event;
      const quietMs = config.detector.quietMinutes * 60_000;
      expect(story[0]?.built.facts.asOfMs).toBe(event.endMs + 5 * 60_000 + quietMs);
      expect(story.at(-1)?.built.facts.asOfMs).toBe(built.facts.asOfMs);
      // Mailed as the scheduled reporter mails them: the flash, then each version whose readings
      // changed or are new to the story (BTC's first is at 4h: its own 1h came after the flash).
      expect(story.map((v) => v.mail)).toEqual([true, true, true]);
      // A flash's few hours are ranked against whole earlier days, and says so.
      expect(textOf(story[0]?.built.rendered.pageHtml ?? '')).toContain(
        'No earlier 24 hours in the 10 days of market history stored here saw as much liquidated as these 2 hours 50 minutes.',
      );
      expect(story[1]?.note).toBeNull();
    });

    it('never prints two measures on two bases as the same figure', () => {
      // 24h: "equal to 9.5 % of their $16.2B open interest" and "positions were 9.5 % fewer"
      // (0.0953 of three venues', 0.0947 of four): read as one number.
      let compared = 0;
      for (const { built: version } of story) {
        const page = textOf(version.rendered.pageHtml);
        const share = /equal to (\d+\.\d+) % of their/.exec(page)?.[1];
        const positions = /positions were (\d+\.\d+) % fewer/.exec(page)?.[1];
        if (share === undefined || positions === undefined) continue;
        compared += 1;
        expect(positions, version.rendered.meta.id).not.toBe(share);
      }
      expect(compared).toBeGreaterThan(0);
    });

    it('tells a follow-up’s reader what changed since the flash, from the prices the flash gave', () => {
      const [flash, , latest] = story.map((v) => v.built);
      if (!flash || !latest) throw new Error('the story has no flash or no 24h version');
      const since = latest.facts.sinceFlash;
      if (since === null) throw new Error('the 24h version has no comparison with the flash');
      expect(since.fromMs).toBe(flash.facts.asOfMs);
      // "Then" is what the flash said "now" was: a reader of both reads one price.
      for (const m of since.majors)
        expect(m.priceThen, m.coin).toBe(
          flash.facts.majors.find((f) => f.coin === m.coin)?.priceNow,
        );
      // The flash's day and the liquidations since it are the bars from the flush's start on.
      const barMs = 5 * 60_000;
      const fromStart = latest.market.series.bars
        .filter((b) => b.openTimeMs >= latest.facts.flush.startMs)
        .reduce((sum, b) => sum + b.liqLongUsd + b.liqShortUsd, 0);
      expect(flash.facts.day.toMs).toBe(since.fromMs);
      expect(flash.facts.day.totalUsd + since.liquidated.totalUsd).toBeCloseTo(fromStart, 0);
      expect(latest.market.series.bars.at(-1)?.openTimeMs).toBe(latest.facts.asOfMs - barMs);
      const page = textOf(latest.rendered.pageHtml);
      expect(page).toContain(
        'Since the flash Between the flash report’s figures and this 24h version’s, from 23:20 UTC on 12 Mar to 22:50 UTC on 13 Mar 2026:',
      );
      const btc = since.majors.find((m) => m.coin === 'BTC');
      const sol = since.majors.find((m) => m.coin === 'SOL');
      const solFlush = latest.facts.majors.find((m) => m.coin === 'SOL');
      const btcFlush = latest.facts.majors.find((m) => m.coin === 'BTC');
      if (!btc || !sol || !solFlush || !btcFlush) throw new Error('BTC or SOL not read');
      expect(btc.extremeSince).toBeGreaterThan(btcFlush.extremePrice ?? Infinity);
      expect(page).toContain(
        `BTC rose ${formatPctSize(btc.priceNow / btc.priceThen - 1)}, from ${formatPrice(btc.priceThen)} to ${formatPrice(btc.priceNow)}; its lowest since, ${formatPrice(btc.extremeSince)}, did not go below its flush low of ${formatPrice(btcFlush.extremePrice)}.`,
      );
      expect(sol.extremeSince).toBeLessThan(solFlush.extremePrice ?? 0);
      expect(page).toContain(
        `SOL fell ${formatPctSize(sol.priceNow / sol.priceThen - 1)}, from ${formatPrice(sol.priceThen)} to ${formatPrice(sol.priceNow)}, and went below its flush low of ${formatPrice(solFlush.extremePrice)} (its lowest since: ${formatPrice(sol.extremeSince)}).`,
      );
      const liq = since.liquidated;
      expect(liq.shortUsd, 'the rebound liquidated shorts').toBeGreaterThan(liq.longUsd);
      expect(page).toContain(
        `At least ${formatUsdPrecise(liq.totalUsd)} more was liquidated, ${Math.round((100 * liq.shortUsd) / liq.totalUsd)} % of it shorts (the flush’s own were ${Math.round((100 * latest.facts.flush.longUsd) / latest.facts.flush.totalUsd)} % longs).`,
      );
      expect(page).toContain(
        `Open interest of the 12 coins rose ${formatPctSize((since.oiNowUsd ?? 0) / (since.oiThenUsd ?? 1) - 1)}, from ${formatUsdPrecise(since.oiThenUsd)} to ${formatUsdPrecise(since.oiNowUsd)}.`,
      );
      expect(FORBIDDEN.exec(page)?.[0]).toBeUndefined();
    });

    it('opens a follow-up with what changed, and sums it up as where the market stands, not the flash’s peak hour', () => {
      const [flash, fourHours, latest] = story.map((v) => v.built);
      if (!flash || !fourHours || !latest) throw new Error('the story is short');
      const ids = [
        ...latest.rendered.pageHtml.matchAll(/<section class="article-section" id="([^"]+)"/g),
      ].map((m) => m[1]);
      expect(ids[0]).toBe('since-the-flash');
      expect(flash.rendered.meta.summary).toMatch(/of it went in the 60 minutes to/);
      expect(flash.facts.sinceFlash, 'the flash has nothing to compare with').toBeNull();
      const btc = latest.facts.majors[0];
      const oi = latest.facts.openInterest;
      if (!btc || oi.nowUsd === null || oi.beforeUsd === null) throw new Error('no BTC or OI');
      expect(latest.rendered.meta.summary).toBe(
        `24h after the flush, BTC trades ${formatPctSize(btc.priceNow / btc.priceBefore - 1)} above its price before it, ETH ${formatPctSize((latest.facts.majors[1]?.priceNow ?? 0) / (latest.facts.majors[1]?.priceBefore ?? 1) - 1)} below and SOL below its flush low. Open interest of the 12 coins is ${formatUsdPrecise(oi.nowUsd)}, ${formatPctSize(oi.nowUsd / oi.beforeUsd - 1)} below its level before the flush.`,
      );
      expect(fourHours.rendered.meta.summary).toMatch(/^4h after the flush, BTC trades /);
      expect(fourHours.rendered.meta.title).toMatch(
        /^At least \$1\.\d\dB of crypto futures liquidated in 6 hours 20 minutes; 4h after the flush: BTC stabilizing/,
      );
    });

    it('says when a major’s first reading is due, and calls it the first in the story when a follow-up gives it', () => {
      const [flash, fourHours] = story.map((v) => v.built);
      if (!flash || !fourHours) throw new Error('the story is short');
      const page = textOf(flash.rendered.pageHtml);
      // Each major's checkpoints count from its own flush's end; BTC's ended last.
      const unread = flash.facts.majors.filter((m) => m.reading === null);
      expect(unread.map((m) => m.coin)).toContain('BTC');
      for (const m of unread) {
        if (!m.flushed || m.firstReadingMs === null) throw new Error(`${m.coin} did not flush`);
        expect(m.firstReadingMs).toBeGreaterThan(flash.facts.asOfMs);
        expect(page).toMatch(
          new RegExp(
            `${m.coin}: [^:]+ Its first reading is due at ${formatUtcMoment(m.firstReadingMs, flash.facts.asOfMs)}, an hour after its own flush ended\\.`,
          ),
        );
        // Its own 1h reading came after the flash, which never published it: the 4h version's
        // reading is its first in the story, not "as at 1h".
        const later = fourHours.facts.majors.find((f) => f.coin === m.coin)?.reading;
        expect(later?.previousCheckpoint).toBeNull();
        expect(m.firstReadingMs).toBeLessThanOrEqual(fourHours.facts.asOfMs);
        expect(textOf(fourHours.rendered.pageHtml)).toMatch(
          new RegExp(
            `${m.coin}: [^:]+ At the 4h reading: [a-z -]+ \\(\\w+ confidence\\), its first reading in this story\\.`,
          ),
        );
      }
      expect(textOf(fourHours.rendered.pageHtml)).not.toMatch(
        /BTC: [^:]+ At the 4h reading: [^.]+, as at 1h/,
      );
      expect(page).not.toContain('Its first reading comes');
    });

    it('calls a major’s recovery a reclaim only where its reading is one', () => {
      const fourHours = story[1]?.built;
      const btc = fourHours?.facts.majors.find((m) => m.coin === 'BTC');
      if (!fourHours || !btc) throw new Error('no 4h BTC');
      expect(btc.reading?.label).toBe('stabilizing');
      expect(btc.priceNow).toBeGreaterThan(btc.priceBefore);
      const page = textOf(fourHours.rendered.pageHtml);
      expect(page).toContain(
        `BTC is back above its price before the flush, ${formatPrice(btc.priceBefore)}, by ${formatPctSize(btc.priceNow / btc.priceBefore - 1)}: falling back below it would give up that recovery.`,
      );
      expect(page).not.toMatch(/reclaim/i);
    });

    it('says funding is unchanged, not that it went from a rate to the same rate, when the printed rates match', () => {
      const fourHours = story[1]?.built;
      const since = fourHours?.facts.sinceFlash;
      if (!fourHours || !since?.fundingThen8h || !since.fundingNow8h)
        throw new Error('no 4h funding');
      expect(formatRate8h(since.fundingThen8h)).toBe(formatRate8h(since.fundingNow8h));
      const page = textOf(fourHours.rendered.pageHtml);
      expect(page).toContain(
        `Funding, weighted by open interest, is ${formatRate8h(since.fundingNow8h)}, as at the flash.`,
      );
      expect(page).not.toMatch(/went from (\S+ %\/8h) to \1/);
    });

    it('names a coin past its flush low only when it flushed and the printed figures show the break', () => {
      const fourHours = story[1]?.built;
      if (!fourHours) throw new Error('no 4h version');
      const avax = fourHours.facts.coins.find((c) => c.coin === 'AVAX');
      if (avax?.nowMovePct == null || avax.extremeMovePct === null) throw new Error('no AVAX');
      // AVAX is a hair under its low at 4h, −0.3 % both; it had no flush of its own either.
      expect(formatPct(avax.nowMovePct)).toBe(formatPct(avax.extremeMovePct));
      expect(avax.nowMovePct).toBeLessThan(avax.extremeMovePct);
      expect(fourHours.facts.majors.every((m) => m.priceNow > (m.extremePrice ?? 0))).toBe(true);
      const watchOf = (coins: MarketCoinRow[]) =>
        JSON.stringify(
          buildMarketArticle({
            facts: { ...fourHours.facts, coins },
            siteBaseUrl: config.site.baseUrl,
          }).sections.find((sec) => sec.id === 'what-to-watch'),
        );
      const withAvax = (row: Partial<MarketCoinRow>) =>
        fourHours.facts.coins.map((c) => (c.coin === 'AVAX' ? { ...c, ...row } : c));
      expect(watchOf(fourHours.facts.coins), 'no flush of its own').not.toContain('AVAX (');
      expect(watchOf(withAvax({ flushed: true })), 'a break no reader can see').not.toContain(
        'AVAX (',
      );
      expect(
        watchOf(withAvax({ flushed: true, nowMovePct: avax.extremeMovePct - 0.01 })),
        'a printed break',
      ).toContain(
        // No major broke its low at 4h: nothing for an "also" to point back to.
        'AVAX (−1.3 % now, −0.3 % at its low) trades below its flush low, both measured from before the flush.',
      );
    });
  });

  it('is as of the flush’s latest reading the data reaches (24 hours after it)', () => {
    const { facts } = built;
    expect(facts.asOfMs - facts.flush.endMs).toBe(24 * 3_600_000);
    expect(facts.majors.map((m) => m.reading?.checkpoint)).toEqual(['24h', '24h', '24h']);
  });

  it('tells who got liquidated in figures that add up: sides, coins and venues', () => {
    const { facts } = built;
    expect(facts.day.longUsd + facts.day.shortUsd).toBeCloseTo(facts.day.totalUsd, 0);
    const coins = facts.coins.reduce((sum, c) => sum + c.totalUsd, 0);
    expect(
      coins + (facts.otherCoins?.totalUsd ?? 0),
      'the covered and the other coins',
    ).toBeCloseTo(facts.day.totalUsd, 0);
    const venues = facts.venues.reduce((sum, v) => sum + v.totalUsd, 0);
    expect(venues).toBeCloseTo(facts.day.totalUsd, 0);
    expect(facts.coins[0]?.coin, 'largest first').toBe('BTC');
    expect(facts.peakHour.totalUsd).toBeLessThanOrEqual(facts.day.totalUsd);
    expect(facts.flush.totalUsd).toBeLessThanOrEqual(facts.day.totalUsd);
    expect(facts.venues.find((v) => v.venue === 'hyperliquid')).toMatchObject({
      feed: 'none',
      totalUsd: 0,
    });
  });

  it('runs its sections in the order a reader asks: who, how it cascaded, venues, the largest orders, leverage, rank, the majors, what to watch', () => {
    const ids = [
      ...built.rendered.pageHtml.matchAll(/<section class="article-section" id="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(ids).toEqual([
      'who-got-liquidated',
      'how-it-cascaded',
      'the-venues',
      'largest-orders',
      'leverage-reset',
      'how-it-ranks',
      'the-majors',
      'what-to-watch',
    ]);
  });

  it('says what a reader cannot see in the totals: throttled feeds and a venue without one', () => {
    const page = textOf(built.rendered.pageHtml);
    expect(page).toContain(
      'Every total here is a lower bound: Binance and OKX publish at most one liquidation per symbol per second; Bybit’s feed is unthrottled but is read symbol by symbol, and only its 30 symbols with the most open interest were read; Hyperliquid publishes no liquidation feed at all.',
    );
    expect(page, 'a throttled venue’s share is not its market share').toContain(
      'These are not the venues’ shares of the market: the throttled feeds of Binance and OKX cut their totals short beside Bybit’s unthrottled one, and Hyperliquid’s liquidations are not in them at all.',
    );
    expect(page, 'the one-a-second limit is explained once').not.toMatch(
      /one liquidation per symbol per second[\s\S]*one liquidation per symbol per second/,
    );
    expect(page).toContain('Hyperliquid n/a n/a n/a none');
    // Captions stay short enough for a phone: the row says which venue has no feed.
    expect(page).toContain(
      'Liquidations by venue, the 24 hours to 20:30 UTC on 13 Mar 2026; n/a: no liquidation feed',
    );
    expect(page).toContain(
      'Liquidations by coin, the 24 hours to 20:30 UTC on 13 Mar 2026. Flush low, Now: price change from before the flush (n/a: price not tracked)',
    );
    expect(page).toContain('BNB and AVAX had no flush of their own.');
  });

  it('rounds each share on its own, as a reader checks it against its amount', () => {
    const page = textOf(built.rendered.pageHtml);
    // $503M of $1.65B is 30.5 %: it reads 30 %, even though the three then sum to 99 %.
    expect(page).toContain(
      'By venue: Bybit $766M (46 %), Binance $503M (30 %) and OKX $380M (23 %).',
    );
  });

  it('says how each major’s reading changed since the checkpoint before', () => {
    const page = textOf(built.rendered.pageHtml);
    const btc = built.facts.majors.find((m) => m.coin === 'BTC')?.reading;
    const eth = built.facts.majors.find((m) => m.coin === 'ETH')?.reading;
    expect(btc).toMatchObject({
      label: 'reclaim',
      checkpoint: '24h',
      previousLabel: 'stabilizing',
      previousCheckpoint: '4h',
    });
    expect(page).toContain(
      'At the 24h reading: reclaim (high confidence), changed from stabilizing at 4h.',
    );
    expect(eth?.previousLabel).toBe(eth?.label);
    expect(page).toContain('At the 24h reading: stabilizing (high confidence), as at 4h.');
  });

  it('ranks the day against the stored history and reads BTC, ETH and SOL on their own', () => {
    const { facts } = built;
    expect(facts.rank).toEqual({ historyDays: 10, largerBefore: null });
    const page = textOf(built.rendered.pageHtml);
    expect(page).toContain(
      'No earlier 24 hours in the 10 days of market history stored here saw as much liquidated.',
    );
    expect(page).toMatch(
      /BTC: \$\d+M liquidated in its own flush \(\$\d+M over the 24 hours\)\. It fell from \$[\d,]+ to \$[\d,]+ and trades at \$[\d,]+ now, \d\.\d % above where it was before the flush\. At the 24h reading: reclaim/,
    );
    expect(page).toMatch(/SOL: .* At the 24h reading: grind lower/);
  });

  it('gives a major’s day figure beside its own flush’s whenever the two print differently', async () => {
    const [flash] = (await storyOf(scenario)).map((v) => v.built);
    if (!flash) throw new Error('no flash');
    const page = textOf(flash.rendered.pageHtml);
    for (const m of flash.facts.majors) {
      const [own, day] = [formatUsdPrecise(m.liqTotalUsd), formatUsdPrecise(m.liqDayUsd)];
      const line = `${m.coin}: ${own} liquidated in its own flush`;
      // The coin table shows `day`: a reader comparing the two sees why they differ.
      expect(page, m.coin).toContain(own === day ? `${line}. ` : `${line} (${day} over the `);
    }
  });

  describe('against the market history stored in the rollups', () => {
    const HOUR = 3_600_000;
    /** `count` clock hours from `fromIso`, each with `usd` liquidated (three quarters longs). */
    const hours = (fromIso: string, count: number, usd: number): MarketHour[] =>
      Array.from({ length: count }, (_, i) => ({
        hourMs: Date.parse(fromIso) + i * HOUR,
        longUsd: usd * 0.75,
        shortUsd: usd * 0.25,
      }));
    const rankWith = async (history: MarketHour[]) => {
      const { facts, rendered } = await renderMarketFlush({
        market: built.market,
        flush: built.flush,
        asOfMs: built.facts.asOfMs,
        config,
        history,
      });
      return { rank: facts.rank, page: textOf(rendered.pageHtml) };
    };

    it('names the last earlier 24 hours with as much liquidated when the history holds one', async () => {
      const dayUsd = built.facts.day.totalUsd;
      // One hour of 10 Oct 2025 with a fifth more than the day, among quiet hours: the last 24
      // hours holding it are those to 12:00 UTC the next day.
      const history = [
        ...hours('2025-09-01T00:00:00Z', 24 * 39 + 12, dayUsd / 1000),
        ...hours('2025-10-10T12:00:00Z', 1, dayUsd * 1.2),
        ...hours('2025-10-10T13:00:00Z', 24 * 60, dayUsd / 1000),
      ];
      const { rank, page } = await rankWith(history);
      expect(rank.largerBefore?.endMs).toBe(Date.parse('2025-10-11T12:00:00Z'));
      expect(rank.largerBefore?.totalUsd).toBeCloseTo(dayUsd * 1.2 + (dayUsd / 1000) * 23, 0);
      expect(rank.historyDays).toBe(
        Math.floor((built.facts.day.fromMs - Date.parse('2025-09-01T00:00:00Z')) / 86_400_000),
      );
      expect(page).toContain(
        `The largest 24-hour total since 11 Oct 2025, when ${formatUsdPrecise(rank.largerBefore?.totalUsd ?? 0)} was liquidated in the 24 hours to 11 Oct 2025, 12:00 UTC.`,
      );
    });

    it('counts the history’s days and finds nothing larger when every earlier day was smaller', async () => {
      const dayUsd = built.facts.day.totalUsd;
      const { rank, page } = await rankWith(hours('2025-12-01T00:00:00Z', 24 * 60, dayUsd / 30));
      expect(rank.largerBefore).toBeNull();
      const days = Math.floor(
        (built.facts.day.fromMs - Date.parse('2025-12-01T00:00:00Z')) / 86_400_000,
      );
      expect(rank.historyDays).toBe(days);
      expect(page).toContain(
        `No earlier 24 hours in the ${days} days of market history stored here saw as much liquidated.`,
      );
    });

    it('adds nothing for hours not collected: two halves two days apart are not one day', async () => {
      const dayUsd = built.facts.day.totalUsd;
      const { rank } = await rankWith([
        ...hours('2026-01-10T00:00:00Z', 1, dayUsd * 0.6),
        ...hours('2026-01-12T00:00:00Z', 1, dayUsd * 0.6),
      ]);
      expect(rank.largerBefore).toBeNull();
    });

    it('never ranks the day against its own hours, which the history holds too', async () => {
      const { day } = built.facts;
      const own = hours(
        new Date(Math.floor(day.fromMs / HOUR) * HOUR).toISOString(),
        24,
        day.totalUsd,
      );
      const { rank } = await rankWith(own);
      expect(rank.largerBefore).toBeNull();
      expect(rank.historyDays).toBe(built.facts.rank.historyDays);
    });
  });

  it('shows the coins and venues as tables and charts on the page, in the email and in its text', () => {
    const { rendered } = built;
    expect(
      rendered.pageHtml.match(/<table class="figures">/g),
      'coins, venues, largest orders',
    ).toHaveLength(3);
    expect(rendered.charts.map((c) => c.file)).toEqual(
      expect.arrayContaining([
        'market-timeline.png',
        'liquidations-by-coin.png',
        'liquidations-by-venue.png',
      ]),
    );
    expect(rendered.email.html).toMatch(/<caption[^>]*>Liquidations by coin/);
    expect(rendered.email.text).toMatch(
      /- BTC: Total \$\d+M, Longs \$\d+M, Shorts \$\d+M, Share \d+ %, Flush low −\d\.\d %, Now [+−]\d\.\d %/,
    );
  });

  it('tells how it cascaded: its span, its busiest 60 minutes’ share, the coins’ own lows, when open interest bottomed, what came after', () => {
    const page = textOf(built.rendered.pageHtml);
    // Like for like: the counted liquidations over the open interest of the venues counted.
    const f = built.facts.flush;
    const before = built.market.series.asAsset.bars.filter((b) => b.openTimeMs < f.startMs).at(-1);
    const fedOiUsd = before?.fedOiUsd ?? 0;
    expect(fedOiUsd, 'Hyperliquid’s open interest left out').toBeLessThan(before?.oiUsd ?? 0);
    expect(f.liqToOiOf).toBe('fed');
    expect(f.liqToOi).toBeCloseTo(f.coveredUsd / fedOiUsd, 12);
    expect(page).toContain(
      `The long flush ran between 20:30 and 22:50 UTC on 12 Mar 2026 and took at least ${formatUsdPrecise(f.totalUsd)}. Liquidations on the 12 covered coins came to ${formatUsdPrecise(f.coveredUsd)}, equal to ${formatPctSize(f.liqToOi)} of their ${formatUsdPrecise(fedOiUsd)} open interest before it on Bybit, Binance and OKX, the venues whose liquidations are counted.`,
    );
    // The leverage section's all-venue figure says it holds the venue the share above leaves out.
    const oi = built.facts.openInterest;
    expect(oi.beforeUsd).toBeCloseTo(before?.oiUsd ?? 0, 0);
    expect(page).toContain(
      `Open interest of the 12 coins on every venue, Hyperliquid’s included, fell ${formatPctSize((oi.lowUsd ?? 0) / (oi.beforeUsd ?? 1) - 1)}, from ${formatUsdPrecise(oi.beforeUsd)} before the flush`,
    );
    expect(page).toMatch(
      /The coins’ prices, weighted by open interest, fell \d\.\d % from the flush’s start to its end; the coins that flushed were down \d\.\d to \d\.\d % at their lows\./,
    );
    expect(page).toMatch(
      /Its busiest 60 minutes, to 21:30 UTC, took \$1\.\d\dB, \d+(\.\d)? % of the flush\./,
    );
    // 94.7 % by 21:30 printed "95 %" beside "by 21:35, all but 5 %": the same mark twice.
    expect(page).not.toMatch(/Its busiest 60 minutes, [^.]+, 95 % of the flush\. By /);
    // The detector's window runs on through a tail: when the bulk was over, from the bars.
    expect(f.mostByMs).toBeLessThan(f.endMs);
    expect(page).toContain(
      `By ${formatUtcMoment(f.mostByMs, f.startMs)}, all but 5 % of its liquidations were done; the rest of its window, to 22:50 UTC, was their tail.`,
    );
    expect(page).toMatch(
      /Open interest bottomed at \d\d:\d\d UTC, \d+ minutes after the flush began\./,
    );
    // The rest of the day the totals cover, so the flush and it add up to the day's total.
    const { day, afterFlush } = built.facts;
    expect(f.totalUsd + afterFlush.totalUsd).toBeCloseTo(day.totalUsd, 0);
    const perHour = afterFlush.totalUsd / ((day.toMs - f.endMs) / 3_600_000);
    expect(page).toContain(
      `In the rest of the 24 hours the totals cover, to 20:30 UTC on 13 Mar, at least ${formatUsdPrecise(afterFlush.totalUsd)} more was liquidated, about ${formatUsdPrecise(perHour)} an hour.`,
    );
  });

  it('says which way the share is off when the venues’ own open interest is unknown, as in older rollups', async () => {
    const older = built.market.series.coinSeries.map((c) => ({
      ...c,
      bars: c.bars.map((b) => ({ ...b, fedOiUsd: null })),
    }));
    const market = analyseMarket(older, built.facts.asOfMs, config, built.market.series.beyond);
    const flush = market.flushes.find((m) => m.event.startMs === built.flush.event.startMs);
    if (flush === undefined) throw new Error('the flush is found without the fed venues’ OI');
    const { facts, rendered } = await renderMarketFlush({
      market,
      flush,
      asOfMs: built.facts.asOfMs,
      config,
    });
    expect(facts.flush.liqToOiOf).toBe('all');
    expect(facts.flush.liqToOi, 'diluted by Hyperliquid’s open interest').toBeLessThan(
      built.facts.flush.liqToOi,
    );
    const before = market.series.asAsset.bars
      .filter((b) => b.openTimeMs < flush.event.startMs)
      .at(-1);
    expect(facts.flush.liqToOi).toBeCloseTo(facts.flush.coveredUsd / (before?.oiUsd ?? 0), 3);
    expect(textOf(rendered.pageHtml)).toContain(
      `equal to ${formatPctSize(facts.flush.liqToOi)} of their open interest before it. That open interest includes Hyperliquid’s, whose liquidations are not counted, so on the venues counted the share was higher.`,
    );
  });

  it('counts the coins the all-market feeds carried beyond the covered ones, in one row of the table', () => {
    const { facts } = built;
    const other = facts.otherCoins;
    expect(other?.coins.map((c) => c.coin)).toEqual(['PEPE', 'WIF', 'TON', 'NEAR', 'APT', 'TRX']);
    expect(other?.totalUsd).toBeCloseTo(
      other?.coins.reduce((sum, c) => sum + c.totalUsd, 0) ?? 0,
      0,
    );
    expect(facts.coinsCovered, 'the long tail is not a covered coin').not.toContain('PEPE');
    const page = textOf(built.rendered.pageHtml);
    expect(page).toContain(
      `6 other coins ${formatUsdCompact(other?.totalUsd)} ${formatUsdCompact(other?.longUsd)} ${formatUsdCompact(other?.shortUsd)}`,
    );
    expect(page).toMatch(
      /Beyond the 12 covered coins, the feeds carried \$[\d.]+M of liquidations \(\d+ % of the total\) on 6 more: PEPE \$[\d.]+M, WIF \$[\d.]+M, TON \$[\d.]+M, NEAR \$[\d.]+M, APT \$[\d.]+M and TRX \$[\d.]+K\./,
    );
    expect(facts.flush.coveredUsd).toBeLessThan(facts.flush.totalUsd);
    expect(facts.venues.map((v) => [v.venue, v.scope])).toEqual(
      expect.arrayContaining([
        ['binanceusdm', 'all'],
        ['bybit', 30],
        ['hyperliquid', null],
      ]),
    );
  });

  it('reads the other coins’ open interest and funding before the flush and now, coin by coin', () => {
    const { facts } = built;
    const read = facts.beyondLeverage;
    // The same figures, added up here from the ticks' bulk readings.
    const at = (ms: number) => {
      const tick = scenario.snapshots.find((s) => Date.parse(s.takenAt) === ms);
      return (tick?.venues ?? []).flatMap((v) => v.marketDerivatives?.coins ?? []);
    };
    const before = at(read?.beforeMs ?? 0);
    const now = at(read?.nowMs ?? 0);
    const sum = (coins: typeof before) => coins.reduce((usd, c) => usd + c.openInterestUsd, 0);
    expect(read?.coins).toBe(6);
    expect(read?.topN).toBe(30);
    expect(read?.beforeMs, 'the tick at the flush’s start').toBe(facts.flush.startMs);
    expect(read?.nowMs).toBe(facts.asOfMs);
    expect(read?.beforeUsd).toBeCloseTo(sum(before), 0);
    expect(read?.nowUsd).toBeCloseTo(sum(now), 0);
    expect(read?.funding.before8h).toBeCloseTo(
      before.reduce(
        (f, c) => f + ((c.fundingRate * 8) / c.fundingIntervalHours) * c.openInterestUsd,
        0,
      ) / sum(before),
      12,
    );
    const change = (read?.nowUsd ?? 0) / (read?.beforeUsd ?? 1) - 1;
    expect(textOf(built.rendered.pageHtml)).toContain(
      `The 6 other coins read among the 30 largest on Binance, Bybit, Hyperliquid and OKX (the most open interest first: ${listText(read?.names ?? [])}) held ${formatUsdPrecise(read?.beforeUsd)} of open interest at 20:30 UTC, before the flush, and ${formatUsdPrecise(read?.nowUsd)} at 22:50 UTC on 13 Mar: ${formatPctSize(change)} ${change < 0 ? 'lower' : 'higher'}.`,
    );
    expect(read?.names, 'named, the most open interest before the flush first').toEqual(
      [...new Set(before.map((c) => c.coin))].sort(
        (a, b) => sum(before.filter((c) => c.coin === b)) - sum(before.filter((c) => c.coin === a)),
      ),
    );
    expect(textOf(built.rendered.pageHtml)).toContain(
      'the open interest and funding of those among a venue’s 30 largest coins are shown separately under “How far leverage reset”',
    );
    expect(facts.excludedReadings).toEqual([]);
  });

  it('names the largest single liquidations of the day, largest first, with the throttled feeds’ caveat', () => {
    const { facts } = built;
    const orders = facts.largestOrders;
    expect(orders).toHaveLength(10);
    expect(orders.map((o) => o.usd)).toEqual([...orders.map((o) => o.usd)].sort((a, b) => b - a));
    for (const o of orders) {
      expect(o.timeMs).toBeGreaterThanOrEqual(facts.day.fromMs);
      expect(o.timeMs).toBeLessThan(facts.day.toMs);
    }
    const first = orders[0];
    const page = textOf(built.rendered.pageHtml);
    expect(page).toContain(
      `The largest single liquidation was a ${formatUsdPrecise(first?.usd)} ${first?.coin} ${first?.side} on`,
    );
    expect(page).toContain(
      'The feeds’ limits that make every total a lower bound apply here too: a larger order may be missing from this list.',
    );
    expect(page, 'a perp as traders name it').toMatch(/on \w+ \([A-Z]+USDT perpetual\) at/);
    expect(page, 'the coverage caveat is said once, not in every section').not.toMatch(
      /Every total here is a lower bound[\s\S]*Every total here is a lower bound/,
    );
    // Words read from the left, figures line up on the right, on the page and in the email.
    const { pageHtml, email } = built.rendered;
    expect(pageHtml).toContain(
      '<th scope="col" class="left">Venue</th><th scope="col" class="left">Side</th><th scope="col" class="right">Size</th>',
    );
    expect(pageHtml).toMatch(
      /<td class="left">Bybit<\/td><td class="left">long<\/td><td class="right">\$[\d.]+M<\/td>/,
    );
    expect(email.html).toMatch(
      /<td align="left"[^>]*>Bybit<\/td><td align="left"[^>]*>long<\/td><td align="right"[^>]*>\$[\d.]+M<\/td>/,
    );
  });

  it('watches each major’s levels: a broken flush low says so, a reclaimed price before the flush is the level to hold', () => {
    const page = textOf(built.rendered.pageHtml);
    const sol = built.facts.majors.find((m) => m.coin === 'SOL');
    const btc = built.facts.majors.find((m) => m.coin === 'BTC');
    expect(sol && sol.priceNow < (sol.extremePrice ?? 0), 'SOL trades below its low').toBe(true);
    expect(page).toContain(
      `SOL trades below its flush low of ${formatPrice(sol?.extremePrice)}, at ${formatPrice(sol?.priceNow)}`,
    );
    // BTC trades above where it was before the flush: that level is the one to hold.
    const distance = formatPctSize((btc?.extremePrice ?? 0) / (btc?.priceNow ?? 1) - 1);
    const above = formatPctSize((btc?.priceNow ?? 0) / (btc?.priceBefore ?? 1) - 1);
    expect(page).toContain(
      `BTC has reclaimed its price before the flush, ${formatPrice(btc?.priceBefore)}, and trades ${above} above it: falling back below it would undo the reclaim. Its flush low, ${formatPrice(btc?.extremePrice)}, is ${distance} below its price now.`,
    );
    // The other covered coins past their own flush lows, from the coin table's figures.
    const past = built.facts.coins.filter(
      (c) =>
        !['BTC', 'ETH', 'SOL'].includes(c.coin) &&
        c.nowMovePct !== null &&
        c.extremeMovePct !== null &&
        c.nowMovePct < c.extremeMovePct,
    );
    expect(past.map((c) => c.coin)).toEqual(['DOGE']);
    // Funding below its level before the flush: what its return would mean, not a restatement.
    const { before8h, now8h } = built.facts.funding;
    expect(page).toContain(
      `Funding: ${formatRate8h(now8h)} now, below the ${formatRate8h(before8h)} before the flush. Funding back above it while open interest rebuilds would mean longs are crowding back in.`,
    );
    expect(page).toContain(
      `DOGE (${formatPct(past[0]?.nowMovePct)} now, ${formatPct(past[0]?.extremeMovePct)} at its low) also trades below its flush low, both measured from before the flush.`,
    );
  });

  it('labels the phone timeline every 12 hours and draws open interest on its own range', async () => {
    const started = startMarketCharts(built.facts, built.rendered.data.hourly);
    const charts = await started.encoded;
    const timeline = charts.find((c) => c.wide.image.file === 'market-timeline.png')?.narrow;
    if (!timeline) throw new Error('no timeline chart');
    // Its alt text dates the busiest hour (the chart spans days) and gives the page's figures.
    const oi = built.facts.openInterest;
    expect(timeline.image.alt).toMatch(
      /the busiest clock hour, from \d\d:00 UTC on 12 Mar 2026, had /,
    );
    expect(timeline.image.alt).toContain(
      `Open interest of the coins went from ${formatUsdPrecise(oi.beforeUsd)} before the flush to ${formatUsdPrecise(oi.lowUsd)} at its lowest.`,
    );
    // Tick texts are drawn on a moved canvas, so they are told apart by what they say.
    const texts = timeline.texts.map((t) => t.text);
    const times = texts.filter((t) => /^(\d\d:\d\d|\d+ Mar)$/.test(t));
    expect(times, 'two days need more than their two dates').toEqual([
      '12 Mar',
      '12:00',
      '13 Mar',
      '12:00',
    ]);
    const zeros = texts.filter((t) => t === '$0');
    expect(zeros, 'only the liquidations axis starts at $0, not open interest').toHaveLength(1);
    const billions = texts.filter((t) => /^\$\d+B$/.test(t)).map((t) => Number(t.slice(1, -1)));
    const oiTicks = timeline.texts.filter((t) => /^\$\d+B$/.test(t.text));
    expect(
      new Set(oiTicks.map((t) => t.color)),
      'the open-interest axis in its line’s colour, as the phone has no axis titles',
    ).toEqual(new Set([CHART_COLORS.oi]));
    expect(Math.min(...billions) * 1e9).toBeLessThanOrEqual(built.facts.openInterest.lowUsd ?? 0);
    expect(Math.min(...billions) * 1e9, 'its own range').toBeGreaterThan(
      (built.facts.openInterest.lowUsd ?? 0) / 2,
    );
  });

  it('shows no NaN, undefined or null anywhere a reader looks', () => {
    const { rendered } = built;
    for (const [where, text] of [
      ['page', textOf(rendered.pageHtml)],
      ['email', textOf(rendered.email.html)],
      ['text', rendered.email.text],
      ['feed', textOf(rendered.feedHtml)],
    ] as const)
      expect(FORBIDDEN.exec(text)?.[0], where).toBeUndefined();
  });

  it('sizes the feed’s lead chart as the phone drawing it shows, as the email does', () => {
    const { rendered } = built;
    const feedImg = /<img src="[^"]+-narrow\.png" width="(\d+)" height="(\d+)"/.exec(
      rendered.feedHtml,
    );
    const emailImg = /<img src="[^"]+-narrow\.png" width="(\d+)" height="(\d+)"/.exec(
      rendered.email.html,
    );
    // Was 600 × 300 for a 720 × 640 drawing: squashed in every feed reader.
    expect(feedImg?.slice(1)).toEqual(emailImg?.slice(1));
    const [width = 0, height = 0] = (feedImg?.slice(1) ?? []).map(Number);
    expect(height / width).toBeCloseTo(640 / 720, 2);
  });

  it('publishes every fact and the hourly totals in data.json', () => {
    const data = built.rendered.data;
    expect(built.rendered.pageHtml).toContain(
      'Every number above comes from this report’s <a href="data.json">data.json</a>.',
    );
    expect(textOf(built.rendered.pageHtml), 'no raw URL to overflow a phone').not.toMatch(
      /https?:\/\/\S+data\.json/,
    );
    expect(data.facts).toBe(built.facts);
    expect(data.facts.excludedCoins).toEqual([]);
    const hours = data.hourly.map((h) => h.hour);
    expect(hours[0]).toBe(
      new Date(built.facts.flush.startMs - 24 * 3_600_000).toISOString().replace(':30:', ':00:'),
    );
    const flushHour = data.hourly.find((h) => h.hour === '2026-03-12T21:00:00.000Z');
    expect((flushHour?.longUsd ?? 0) > 100e6).toBe(true);
  });
});

describe('the market report of a simulated short squeeze', () => {
  // The mirror of the wipeout: shorts take the losses and prices rise into the flush.
  const scenario = generateMarketScenario({
    coins: [
      { coin: 'BTC', plan: 'short-squeeze-rejection' },
      { coin: 'ETH', plan: 'short-squeeze-grind-higher' },
      { coin: 'SOL', plan: 'short-squeeze-stabilizing' },
    ],
  });
  let built: BuiltMarketReport;

  beforeAll(async () => {
    built = await reportOf(scenario);
  });

  it('words every side the other way: highs, a rise, shorts, a rejection to hold', () => {
    const page = textOf(built.rendered.pageHtml);
    const btc = built.facts.majors.find((m) => m.coin === 'BTC');
    expect(built.facts.flush.side).toBe('short');
    expect(page).toMatch(
      /rose \d\.\d % from the flush’s start to its end; the coins that flushed were up \d\.\d to \d\.\d % at their highs\./,
    );
    expect(btc && btc.priceNow < btc.priceBefore, 'BTC gave the squeeze back').toBe(true);
    expect(page).toContain(
      `BTC has given back the whole squeeze and trades ${formatPctSize((btc?.priceNow ?? 0) / (btc?.priceBefore ?? 1) - 1)} below its price before it, ${formatPrice(btc?.priceBefore)}: rising back above that would undo the rejection.`,
    );
    expect(page).toMatch(/ETH trades above its flush high of \$[\d,]+, at \$[\d,]+/);
    expect(FORBIDDEN.exec(page)?.[0]).toBeUndefined();
  });

  it('says since the flash whether each flush high held, the highest price since against it', async () => {
    const story = await storyOf(scenario);
    const latest = story.at(-1)?.built;
    const since = latest?.facts.sinceFlash;
    if (!latest || !since) throw new Error('no follow-up with a comparison');
    const page = textOf(latest.rendered.pageHtml);
    for (const m of since.majors) {
      const high = latest.facts.majors.find((f) => f.coin === m.coin)?.extremePrice ?? 0;
      expect(page, m.coin).toContain(
        m.extremeSince <= high
          ? `its highest since, ${formatPrice(m.extremeSince)}, did not go above its flush high of ${formatPrice(high)}.`
          : `and went above its flush high of ${formatPrice(high)} (its highest since: ${formatPrice(m.extremeSince)}).`,
      );
    }
    expect(page).not.toMatch(/lowest since|flush low/);
  });

  it('never credits lower prices with a fall in open interest when prices were higher', () => {
    const page = textOf(built.rendered.pageHtml);
    const oi = built.facts.openInterest;
    const dollars = (oi.lowUsd ?? 0) / (oi.beforeUsd ?? 1) - 1;
    expect(oi.positionsChangePct, 'more contracts closed than the dollars show').toBeLessThan(
      dollars,
    );
    expect(page).not.toContain('came from lower prices');
    expect(page).toContain(
      `positions were ${formatPctSize(oi.positionsChangePct)} fewer at the low: higher prices make the fall look smaller in dollars.`,
    );
  });
});

describe('buildMarketReport on bad input', () => {
  it('counts a symbol no venue lists apart, names it in data.json, and reads a capped venue as a lower bound', async () => {
    const scenario = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'long-flush-reclaim' },
        { coin: 'ETH', plan: 'long-flush-stabilizing' },
      ],
      longTail: [{ coin: 'PEPE', plan: 'long-flush-grind-lower' }],
    });
    const flushAt = Date.parse('2026-03-12T20:45:00Z');
    const snapshots = scenario.snapshots.map((snapshot) => {
      if (Date.parse(snapshot.takenAt) !== flushAt) return snapshot;
      return {
        ...snapshot,
        venues: snapshot.venues.map((v) =>
          v.marketLiquidations === undefined
            ? v
            : {
                ...v,
                marketLiquidations: {
                  ...v.marketLiquidations,
                  capped: v.venue === 'okx',
                  unmapped:
                    v.venue === 'binanceusdm'
                      ? [{ symbol: 'NEWCOINUSDT', count: 3, usd: 12_000 }]
                      : v.venue === 'okx'
                        ? [{ symbol: 'NEWCOIN-USDT-SWAP', count: 2, usd: null }]
                        : [],
                },
              },
        ),
      };
    });
    const built = await buildMarketReport({
      snapshots,
      coins: scenario.coins,
      configuredVenues: scenario.configuredVenues,
      config,
    });
    expect(built.rendered.data.facts.unmappedSymbols).toEqual([
      { venue: 'binanceusdm', symbol: 'NEWCOINUSDT', count: 3, usd: 12_000 },
      { venue: 'okx', symbol: 'NEWCOIN-USDT-SWAP', count: 2, usd: null },
    ]);
    expect(textOf(built.rendered.pageHtml)).toContain(
      '5 liquidations ($12.0K of them valued) came on 2 symbols no venue lists as a market (NEWCOINUSDT and NEWCOIN-USDT-SWAP): no coin can be named for them, so they are counted apart, not in these totals, and listed in this report’s data.',
    );
    expect(built.market.series.beyond?.cappedVenues).toEqual(['okx']);
    expect(built.market.series.liqIsLowerBound).toBe(true);
    expect(built.facts.otherCoins?.coins.map((c) => c.coin)).toEqual(['PEPE']);
  });

  it('leaves out and names a coin whose open interest is absurd, on the page and in data.json', async () => {
    const scenario = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'long-flush-reclaim' },
        { coin: 'ETH', plan: 'long-flush-stabilizing' },
        { coin: 'XYZ', plan: 'calm' },
      ],
    });
    // XYZ's venues report 10,000× its real open interest: $8 trillion, under the $10T any one reading may show.
    const snapshots: Snapshot[] = scenario.snapshots.map((s) => ({
      ...s,
      venues: s.venues.map((v) => ({
        ...v,
        instruments: v.instruments.map((i) =>
          i.asset === 'XYZ' && i.openInterest
            ? {
                ...i,
                openInterest: { base: i.openInterest.base * 1e4, usd: i.openInterest.usd * 1e4 },
              }
            : i,
        ),
      })),
    }));
    const built = await buildMarketReport({
      snapshots,
      coins: scenario.coins,
      configuredVenues: scenario.configuredVenues,
      config,
    });
    expect(built.facts.coinsCovered).toEqual(['BTC', 'ETH']);
    expect(built.rendered.data.facts.excludedCoins).toEqual([
      {
        coin: 'XYZ',
        reason: expect.stringMatching(
          /^its open interest read [\d,]+× that of all other coins together$/,
        ),
      },
    ]);
    expect(textOf(built.rendered.pageHtml)).toMatch(
      /XYZ is left out of every figure: its open interest read [\d,]+× that of all other coins together\./,
    );
  });

  it('names a coin whose bulk reading was left out, and reads no leverage beyond without a reading before the flush', async () => {
    const scenario = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'long-flush-reclaim' },
        { coin: 'ETH', plan: 'long-flush-stabilizing' },
      ],
      longTail: [{ coin: 'PEPE', plan: 'long-flush-grind-lower' }],
    });
    const flushAt = Date.parse('2026-03-12T20:30:00Z');
    // Gate's bulk answer gave WIF a mark 900 % off its index; and no tick read the market before
    // the flush (a collector that started listening to it late).
    const snapshots: Snapshot[] = scenario.snapshots.map((snapshot) => ({
      ...snapshot,
      venues: snapshot.venues.flatMap((v) => {
        if (v.marketDerivatives === undefined) return [v];
        if (Date.parse(snapshot.takenAt) <= flushAt)
          return [{ ...v, marketDerivatives: undefined }];
        const excluded =
          v.venue === 'okx'
            ? [{ symbol: 'WIF/USDT:USDT', reason: 'mark price 25 is 900 % from the index 2.5' }]
            : [];
        return [{ ...v, marketDerivatives: { ...v.marketDerivatives, excluded } }];
      }),
    }));
    const built = await buildMarketReport({
      snapshots,
      coins: scenario.coins,
      configuredVenues: scenario.configuredVenues,
      config,
    });
    expect(built.facts.beyondLeverage).toBeNull();
    expect(built.rendered.data.facts.excludedReadings).toEqual([
      {
        venue: 'okx',
        symbol: 'WIF/USDT:USDT',
        reason: 'mark price 25 is 900 % from the index 2.5',
      },
    ]);
    const text = textOf(built.rendered.pageHtml);
    expect(text).toContain(
      'Left out of the open interest and funding as unusable: WIF/USDT:USDT on OKX (mark price 25 is 900 % from the index 2.5).',
    );
    expect(text).toContain(
      'They are in the totals. Their open interest and prices are not tracked, so the leverage figures below are the covered coins’.',
    );
    expect(text).not.toMatch(FORBIDDEN);
  });

  it('marks a venue whose stream dropped and says the totals are "at least" because of it', async () => {
    const scenario = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'long-flush-reclaim' },
        { coin: 'ETH', plan: 'long-flush-stabilizing' },
      ],
    });
    // Bybit alone: its feed is complete, so only a drop can make the totals a lower bound.
    const bybitOnly = scenario.snapshots.map((s) => ({
      ...s,
      venues: s.venues.filter((v) => v.venue === 'bybit'),
    }));
    const dropFrom = Date.UTC(2026, 2, 12, 21, 0);
    const dropTo = Date.UTC(2026, 2, 12, 21, 30);
    const dropped = bybitOnly.map((s) => {
      const from = Date.parse(s.window.from);
      const to = Date.parse(s.window.to);
      if (to <= dropFrom || from >= dropTo) return s;
      const gap = {
        from: new Date(Math.max(from, dropFrom)).toISOString(),
        to: new Date(Math.min(to, dropTo)).toISOString(),
      };
      return { ...s, venues: s.venues.map((v) => ({ ...v, liquidationGaps: [gap] })) };
    });
    const build = (snapshots: Snapshot[]) =>
      buildMarketReport({ snapshots, coins: scenario.coins, configuredVenues: ['bybit'], config });
    const watched = await build(bybitOnly);
    expect(watched.facts.isLowerBound).toBe(false);
    expect(watched.rendered.meta.title).toMatch(/^\$[\d.]+[MB] of crypto futures liquidated/);
    const report = await build(dropped);
    expect(report.facts.isLowerBound).toBe(true);
    expect(report.facts.unwatched).toEqual([{ venue: 'bybit', fromMs: dropFrom, toMs: dropTo }]);
    expect(report.rendered.meta.title).toMatch(
      /^At least \$[\d.]+[MB] of crypto futures liquidated/,
    );
    expect(textOf(report.rendered.pageHtml)).toContain(
      'For 30 minutes from 21:00 UTC on 12 Mar 2026, Bybit’s liquidation feed was not listened to, so liquidations then are missing from the totals, not zero.',
    );
  });

  it('names a configured coin without data and refuses a market without a flush', async () => {
    const calm = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'calm' },
        { coin: 'ETH', plan: 'calm' },
      ],
    });
    await expect(
      buildMarketReport({
        snapshots: calm.snapshots,
        coins: [...calm.coins, 'PEPE'],
        configuredVenues: calm.configuredVenues,
        config,
      }),
    ).rejects.toThrow(
      new NoMarketFlushError(
        'No market-wide flush among 2 coins (BTC, ETH) by 2026-03-14T00:40:00.000Z. PEPE had no data (No PEPE bars in the snapshots.)',
      ),
    );
  });
});

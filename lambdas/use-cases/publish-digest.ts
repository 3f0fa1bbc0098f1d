import {
  MARKET_ASSET,
  type MarketBeyond,
  type MarketHour,
  type MarketSeries,
  type RenderedReport,
} from '../model/index.ts';
import { flushStateKeys } from '../publish/flush-state/flush-state-store.ts';
import {
  calmMarketLine,
  type DigestMarketPart,
  renderDigestMailing,
  siteSettingsOf,
} from '../report/index.ts';
import { errorText } from '../shared/error-text.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { analyseMarket, atLatestReading, renderMarketFlush } from './build-market-report.ts';
import { buildReportFromSeries } from './build-report.ts';
import { describeRunEntry, resolveDetectSettings } from './detect-and-report.ts';
import {
  type DigestRunInput,
  detectionLookbackHours,
  type RunEntry,
  type RunSummary,
} from './detect-settings.ts';
import { segmentAt } from './find-flushes.ts';
import { describeUnknownDays } from './market-series-source.ts';

/**
 * A digest tells the last day as it stands now; when the newest stored bar closed longer ago
 * than this (the collector stopped, a venue outage), it would present old prices as today's,
 * so it is skipped and the run says why.
 */
export const DIGEST_MAX_DATA_AGE_HOURS = 6;

/**
 * Why a digest at `nowMs` would describe stale data, or null when its newest bar is recent.
 * @example staleDataNote(series, nowMs) // "stale data: the newest bar closed at 2026-06-02T06:00:00.000Z, 25 h before the digest, …"
 */
export function staleDataNote(series: MarketSeries, nowMs: number): string | null {
  const last = series.bars.filter((b) => b.openTimeMs + series.barMinutes * 60_000 <= nowMs).at(-1);
  const closeMs = last === undefined ? null : last.openTimeMs + series.barMinutes * 60_000;
  if (closeMs !== null && nowMs - closeMs <= DIGEST_MAX_DATA_AGE_HOURS * HOUR_MS) return null;
  if (closeMs === null) return 'no market data before the digest';
  const hours = Math.floor((nowMs - closeMs) / HOUR_MS);
  return `stale data: the newest bar closed at ${new Date(closeMs).toISOString()}, ${hours} h before the digest, so there is nothing fresh to tell`;
}

/**
 * The flush-state partition of the day's digest claim: one claim covers every asset's page
 * and the one mailing, so a re-run after a crash redoes them all (pages are rewritten in
 * place, the send ledger mails nobody twice) and a concurrent run does nothing.
 */
export const DIGEST_CLAIM_PARTITION = 'daily-digest';

/** One asset's digest page, published without mail; the day's mailing carries it. */
async function digestPage(
  input: DigestRunInput,
  asset: string,
  series: MarketSeries | undefined,
): Promise<{ entry: RunEntry; published?: Pick<RenderedReport, 'meta' | 'lead'> }> {
  if (series === undefined) {
    return {
      entry: { asset, task: 'digest', outcome: 'skipped', note: 'no market data in the last day' },
    };
  }
  const stale = staleDataNote(series, input.nowMs);
  if (stale !== null) return { entry: { asset, task: 'digest', outcome: 'skipped', note: stale } };
  try {
    // The latest contiguous stretch: detection never joins data across unknown time.
    const segment = segmentAt(series, input.nowMs) ?? series;
    const built = await buildReportFromSeries({
      series: segment,
      asset,
      asOfMs: input.nowMs,
      kind: 'digest',
      config: input.config,
    });
    const meta = await input.publish(built.rendered, { mail: false });
    return {
      entry: { asset, task: 'digest', outcome: 'published', reportId: meta.id },
      published: { meta, lead: built.rendered.lead },
    };
  } catch (error) {
    return { entry: { asset, task: 'digest', outcome: 'failed', note: errorText(error) } };
  }
}

/**
 * The market's part of the digest, when the day's series cover at least two coins (with the
 * market beyond them, where the ticks read it): a market
 * flush that ended in the day gets its market report (published without mail, linked from the
 * part); a day without one gets one line. A market of one coin is that coin, told in its part.
 */
async function marketPart(
  input: DigestRunInput,
  series: readonly MarketSeries[],
  beyond: MarketBeyond | null,
  history: readonly MarketHour[],
): Promise<{ entry: RunEntry; part: DigestMarketPart | null } | null> {
  const fresh = series.filter((s) => staleDataNote(s, input.nowMs) === null);
  if (fresh.length < 2) return null;
  try {
    // The latest contiguous stretch of each coin, as of the digest's time.
    const segments = fresh.map((s) => segmentAt(s, input.nowMs) ?? s);
    const market = analyseMarket(segments, input.nowMs, input.config, beyond);
    const wide = market.series;
    const barMs = wide.barMinutes * MINUTE_MS;
    const flush = market.flushes
      .filter((f) => f.event.endMs + barMs > input.nowMs - DAY_MS && f.event.side !== 'two-sided')
      .at(-1);
    if (flush === undefined) {
      const line = calmMarketLine(wide, input.nowMs);
      return {
        entry: { asset: MARKET_ASSET, task: 'digest', outcome: 'skipped', note: `calm: ${line}` },
        part: { kind: 'calm', line },
      };
    }
    // The story's latest version (the flash, or its latest follow-up): the same report the
    // detector publishes for it, not a new reading of its own.
    const reading = atLatestReading(segments, input.config, beyond, { market, flush }, input.nowMs);
    const { rendered } = await renderMarketFlush({ ...reading, config: input.config, history });
    const meta = await input.publish(rendered, { mail: false });
    return {
      entry: { asset: MARKET_ASSET, task: 'digest', outcome: 'published', reportId: meta.id },
      part: { kind: 'report', report: { meta, lead: rendered.lead } },
    };
  } catch (error) {
    return {
      entry: { asset: MARKET_ASSET, task: 'digest', outcome: 'failed', note: errorText(error) },
      part: null,
    };
  }
}

/**
 * The daily digest: one `digest` page per configured asset on the last 24 h (liquidations,
 * price, open interest, funding, and the latest flush with its regime when there was one; a
 * calm market gets the calm-market article), built from the last day plus the detector's
 * baseline, then one email for the day that covers them all (`renderDigestMailing`): each
 * subscriber gets one digest, the market first (its report on a flush day, one line on a calm
 * one), then the assets they follow, not one email per asset. The day (UTC
 * date of `nowMs`) is claimed once in the flush state, so a repeated or concurrent run
 * publishes and mails the day's digest once.
 */
export async function publishDailyDigest(input: DigestRunInput): Promise<RunSummary> {
  const settings = resolveDetectSettings(input);
  const key = flushStateKeys.digest(new Date(input.nowMs).toISOString().slice(0, 10));
  const claim = { asset: DIGEST_CLAIM_PARTITION, key, data: {} };
  if (!(await input.state.claim(claim, input.nowMs, settings.staleClaimMinutes * 60_000))) {
    const entries = input.config.assets.map(
      (asset): RunEntry => ({
        asset,
        task: 'digest',
        outcome: 'skipped',
        note: 'already published today',
      }),
    );
    for (const entry of entries) input.log?.(describeRunEntry(entry));
    return { entries };
  }
  const read = await input.market.read({
    assets: input.config.assets,
    fromMs: input.nowMs - (24 + detectionLookbackHours(input.config, settings)) * HOUR_MS,
    toMs: input.nowMs,
    barMinutes: settings.barMinutes,
    beyond: true,
  });
  if (read.unknownDays.length > 0) input.log?.(describeUnknownDays(read.unknownDays));
  const pages: Array<{ entry: RunEntry; published?: Pick<RenderedReport, 'meta' | 'lead'> }> = [];
  for (const asset of input.config.assets) {
    pages.push(await digestPage(input, asset, read.series.get(asset)));
  }
  const market = await marketPart(input, [...read.series.values()], read.beyond, read.history);
  const published = pages.flatMap((page) => (page.published ? [page.published] : []));
  let entries = [...(market ? [market.entry] : []), ...pages.map((page) => page.entry)];
  try {
    if (published.length > 0) {
      const mailing = renderDigestMailing(published, siteSettingsOf(input.config), input.nowMs, {
        market: market?.part ?? null,
      });
      await input.mail(mailing);
      entries = entries.map((entry) =>
        entry.outcome === 'published'
          ? { ...entry, emailed: true, mailingId: mailing.meta.id }
          : entry,
      );
    }
    await input.state.settle(DIGEST_CLAIM_PARTITION, key, 'done', {
      reportIds: published.map((p) => p.meta.id).join(' '),
    });
  } catch (error) {
    // Nothing was queued (or the queue refused): the next run may try the day again.
    await input.state.release(DIGEST_CLAIM_PARTITION, key);
    const note = `the digest mailing failed: ${errorText(error)}`;
    entries = entries.map((entry) =>
      entry.outcome === 'published' ? { ...entry, outcome: 'failed', note } : entry,
    );
  }
  for (const entry of entries) input.log?.(describeRunEntry(entry));
  return { entries };
}

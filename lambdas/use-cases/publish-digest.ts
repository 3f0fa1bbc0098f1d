import type { MarketSeries } from '../model/index.ts';
import { flushStateKeys } from '../publish/flush-state/flush-state-store.ts';
import { errorText } from '../shared/error-text.ts';
import { HOUR_MS } from '../shared/time.ts';
import { buildReportFromSeries } from './build-report.ts';
import {
  describeRunEntry,
  describeUnknownDays,
  detectionLookbackHours,
  resolveDetectSettings,
} from './detect-and-report.ts';
import type { ReporterRunInput, RunEntry, RunSummary } from './detect-settings.ts';
import { segmentAt } from './find-flushes.ts';

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

async function digestOne(
  input: ReporterRunInput,
  asset: string,
  series: MarketSeries,
): Promise<RunEntry> {
  const { state, nowMs, config } = input;
  const stale = staleDataNote(series, nowMs);
  if (stale !== null) return { asset, task: 'digest', outcome: 'skipped', note: stale };
  const key = flushStateKeys.digest(new Date(nowMs).toISOString().slice(0, 10));
  const staleMs = resolveDetectSettings(input).staleClaimMinutes * 60_000;
  if (!(await state.claim({ asset, key, data: {} }, nowMs, staleMs))) {
    return { asset, task: 'digest', outcome: 'skipped', note: 'already published today' };
  }
  try {
    // The latest contiguous stretch: detection never joins data across unknown time.
    const segment = segmentAt(series, nowMs) ?? series;
    const built = await buildReportFromSeries({
      series: segment,
      asset,
      asOfMs: nowMs,
      kind: 'digest',
      config,
    });
    const meta = await input.publish(built.rendered, { mail: true });
    await state.settle(asset, key, 'done', { reportId: meta.id });
    return { asset, task: 'digest', outcome: 'published', reportId: meta.id, emailed: true };
  } catch (error) {
    await state.release(asset, key);
    return { asset, task: 'digest', outcome: 'failed', note: errorText(error) };
  }
}

/**
 * The daily digest: one `digest` report per configured asset on the last 24 h
 * (liquidations, price, open interest, funding, and the latest flush with its
 * regime when there was one; a calm market gets the calm-market article), built
 * from the last day plus the detector's baseline, and mailed to subscribers of
 * that asset. The day (UTC date of `nowMs`) is claimed per asset in the flush
 * state, so a repeated or concurrent run publishes each asset's digest once.
 */
export async function publishDailyDigest(input: ReporterRunInput): Promise<RunSummary> {
  const settings = resolveDetectSettings(input);
  const read = await input.market.read({
    assets: input.config.assets,
    fromMs: input.nowMs - (24 + detectionLookbackHours(input.config, settings)) * HOUR_MS,
    toMs: input.nowMs,
    barMinutes: settings.barMinutes,
  });
  if (read.unknownDays.length > 0) input.log?.(describeUnknownDays(read.unknownDays));
  const entries: RunEntry[] = [];
  for (const asset of input.config.assets) {
    const series = read.series.get(asset);
    entries.push(
      series === undefined
        ? { asset, task: 'digest', outcome: 'skipped', note: 'no market data in the last day' }
        : await digestOne(input, asset, series),
    );
  }
  for (const entry of entries) input.log?.(describeRunEntry(entry));
  return { entries };
}

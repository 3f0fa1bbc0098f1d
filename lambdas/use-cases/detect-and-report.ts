import { MARKET_ASSET } from '../model/index.ts';
import { errorText } from '../shared/error-text.ts';
import { HOUR_MS } from '../shared/time.ts';
import { reportNewFlushes } from './detect-flash.ts';
import { reportDueFollowUps } from './detect-follow-ups.ts';
import { type MarketCover, reportMarketFlushes } from './detect-market-flash.ts';
import { reportDueMarketFollowUps } from './detect-market-follow-ups.ts';
import {
  DEFAULT_DETECT_SETTINGS,
  type DetectSettings,
  detectionLookbackHours,
  type ReporterRunInput,
  type RunEntry,
  type RunSummary,
} from './detect-settings.ts';
import { describeUnknownDays } from './market-series-source.ts';

/** Which parts of the scheduled work a run does (the stack schedules them separately). */
export interface DetectTasks {
  flashes: boolean;
  followUps: boolean;
}

/** Inputs of {@link detectAndReport}. */
export interface DetectAndReportInput extends ReporterRunInput {
  tasks?: DetectTasks;
}

/** Settings with defaults filled in. */
export function resolveDetectSettings(
  input: Pick<ReporterRunInput, 'settings' | 'config'>,
): DetectSettings {
  return { ...DEFAULT_DETECT_SETTINGS, ...input.config.reporting, ...input.settings };
}

async function flashesOfEveryAsset(
  input: ReporterRunInput,
  settings: DetectSettings,
): Promise<RunEntry[]> {
  // One read for every asset: each day rollup holds all of them.
  const request = {
    assets: input.config.assets,
    fromMs: input.nowMs - detectionLookbackHours(input.config, settings) * HOUR_MS,
    toMs: input.nowMs,
    barMinutes: settings.barMinutes,
  };
  const read = await input.market.read(request);
  if (read.unknownDays.length > 0) input.log?.(describeUnknownDays(read.unknownDays));
  const entries: RunEntry[] = [];
  // The market first: a coin's own flash waits for, or defers to, the market-wide one it is in.
  let covers: MarketCover[] = [];
  try {
    const market = await reportMarketFlushes(input, settings, read, request);
    entries.push(...market.entries);
    covers = market.covers;
  } catch (error) {
    entries.push({ asset: MARKET_ASSET, task: 'flash', outcome: 'failed', note: errorText(error) });
  }
  for (const asset of input.config.assets) {
    const series = read.series.get(asset);
    if (series === undefined) {
      const note = 'no market data in the detection window';
      entries.push({ asset, task: 'flash', outcome: 'skipped', note });
      continue;
    }
    try {
      entries.push(...(await reportNewFlushes(input, settings, series, asset, covers)));
    } catch (error) {
      entries.push({ asset, task: 'flash', outcome: 'failed', note: errorText(error) });
    }
  }
  return entries;
}

/**
 * The scheduled reporter (DESIGN.md §8): for each configured asset, reads its 5-minute market
 * series over the detector's baseline (`detector.baselineDays`, 30 days, the baseline replay was
 * calibrated with) from day rollups, detects flushes with the same code as replay
 * (`findFlushes`) and publishes a flash report for each new directional flush once it
 * has ended; then publishes the +4h/+24h/+72h follow-ups that are due. Subscribers are mailed
 * only when the flush's liquidations reach the asset's `emailFloorUsd` (else the report is on
 * the site only, and the summary says so); follow-ups are mailed when their flash was. Days
 * without a rollup are gaps (unknown), logged once per run.
 *
 * Every publication is claimed in the flush state first (and a flash also takes
 * the per-asset cooldown), so running twice — or two runs at once — publishes
 * nothing twice. A failed publication releases its claims and is retried by the
 * next run; a run that dies mid-publication holds its claim for
 * `staleClaimMinutes`, then the next run takes it over.
 */
export async function detectAndReport(input: DetectAndReportInput): Promise<RunSummary> {
  const settings = resolveDetectSettings(input);
  const tasks = input.tasks ?? { flashes: true, followUps: true };
  const entries: RunEntry[] = [];
  if (tasks.flashes) entries.push(...(await flashesOfEveryAsset(input, settings)));
  if (tasks.followUps) {
    try {
      entries.push(...(await reportDueMarketFollowUps(input, settings)));
    } catch (error) {
      const note = errorText(error);
      entries.push({ asset: MARKET_ASSET, task: 'follow-up', outcome: 'failed', note });
    }
    for (const asset of input.config.assets) {
      try {
        entries.push(...(await reportDueFollowUps(input, settings, asset)));
      } catch (error) {
        entries.push({ asset, task: 'follow-up', outcome: 'failed', note: errorText(error) });
      }
    }
  }
  for (const entry of entries) input.log?.(describeRunEntry(entry));
  return { entries };
}

/**
 * One log line for a run entry.
 * @example describeRunEntry({ asset: 'BTC', task: 'flash', outcome: 'published', reportId: 'r', emailed: true })
 * // 'BTC flash: published r, emailed to subscribers'
 */
export function describeRunEntry(entry: RunEntry): string {
  const mail =
    entry.outcome === 'published'
      ? entry.emailed
        ? ', emailed to subscribers'
        : ', not emailed'
      : '';
  const id = entry.reportId === undefined ? '' : ` ${entry.reportId}`;
  const note = entry.note === undefined ? '' : ` (${entry.note})`;
  return `${entry.asset} ${entry.task}: ${entry.outcome}${id}${mail}${note}`;
}

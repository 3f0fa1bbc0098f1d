import { reportNewFlushes } from './detect-flash.ts';
import { reportDueFollowUps } from './detect-follow-ups.ts';
import {
  DEFAULT_DETECT_SETTINGS,
  type DetectSettings,
  errorText,
  type ReporterRunInput,
  type RunEntry,
  type RunSummary,
} from './detect-settings.ts';

const HOUR_MS = 3_600_000;

/** Which parts of the scheduled work a run does (the stack schedules them separately). */
export interface DetectTasks {
  flashes: boolean;
  followUps: boolean;
}

/** Inputs of {@link detectAndReport}. */
export interface DetectAndReportInput extends ReporterRunInput {
  tasks?: DetectTasks;
}

/** Settings with defaults filled in; the baseline never goes below the detector's minimum. */
export function resolveDetectSettings(
  input: Pick<ReporterRunInput, 'settings' | 'config'>,
): DetectSettings {
  const settings = { ...DEFAULT_DETECT_SETTINGS, ...input.config.reporting, ...input.settings };
  const minimumHours = input.config.detector.minBaselineHours + 1;
  return { ...settings, baselineHours: Math.max(settings.baselineHours, minimumHours) };
}

async function flashesOfEveryAsset(
  input: ReporterRunInput,
  settings: DetectSettings,
): Promise<RunEntry[]> {
  // One read for every asset: each snapshot holds all of them.
  const snapshots = await input.snapshots.list({
    fromMs: input.nowMs - (settings.baselineHours + settings.maxFlashAgeHours + 6) * HOUR_MS,
    toMs: input.nowMs,
  });
  if (snapshots.length === 0) {
    return input.config.assets.map((asset) => ({
      asset,
      task: 'flash',
      outcome: 'skipped',
      note: 'no stored snapshots in the detection window',
    }));
  }
  const entries: RunEntry[] = [];
  for (const asset of input.config.assets) {
    try {
      entries.push(...(await reportNewFlushes(input, settings, snapshots, asset)));
    } catch (error) {
      entries.push({ asset, task: 'flash', outcome: 'failed', note: errorText(error) });
    }
  }
  return entries;
}

/**
 * The scheduled reporter (DESIGN.md §8): for each configured asset, detects flushes
 * in the last `baselineHours` (default 48) of stored snapshots and publishes a
 * flash report for each new directional flush once it has ended; then publishes
 * the +4h/+24h/+72h follow-ups that are due. Subscribers are mailed only when the
 * flush's liquidations reach the asset's `emailFloorUsd` (else the report is on
 * the site only, and the summary says so); follow-ups are mailed when their flash was.
 *
 * Every publication is claimed in the flush state first (and a flash also takes
 * the per-asset cooldown), so running twice — or two runs at once — publishes
 * nothing twice. A failed publication releases its claims and is retried by the
 * next run; a run that dies mid-publication holds its claim for
 * `staleClaimMinutes`, then the next run takes it over.
 *
 * Trade-off of the short baseline: with two days instead of 30, the
 * 99th-percentile test compares against ~48 hourly windows, so after a quiet
 * weekend a moderate burst qualifies more easily, and one big flush raises the
 * bar for two days rather than a month. The `minLiqToOi` and displacement tests
 * are unaffected; the email floor keeps small events off subscribers' inboxes.
 */
export async function detectAndReport(input: DetectAndReportInput): Promise<RunSummary> {
  const settings = resolveDetectSettings(input);
  const tasks = input.tasks ?? { flashes: true, followUps: true };
  const entries: RunEntry[] = [];
  if (tasks.flashes) entries.push(...(await flashesOfEveryAsset(input, settings)));
  if (tasks.followUps) {
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

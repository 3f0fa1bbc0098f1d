import { checkpointHours } from '../analysis/index.ts';
import type { SimulatedMarket } from '../market/history/history-ticks.ts';
import { flushStateKeys } from '../publish/flush-state/flush-state-store.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { detectAndReport, resolveDetectSettings } from './detect-and-report.ts';
import { dueFollowUps } from './detect-follow-ups.ts';
import type { DetectSettings, DigestRunInput, RunEntry } from './detect-settings.ts';
import {
  type MarketSeriesRequest,
  type MarketSeriesSource,
  rollupSeriesSource,
} from './market-series-source.ts';
import { publishDailyDigest } from './publish-digest.ts';

/**
 * When the scheduled functions run, as the stack schedules them (lib/stack-settings.ts):
 * collection `rate(5 minutes)`, detection `cron(1/5 * * * ? *)`, follow-ups
 * `cron(3/15 * * * ? *)`, the digest `cron(0 7 * * ? *)`, all in UTC.
 */
export interface ScheduleTimes {
  /** The simulated clock's step: one collection tick every this many minutes. */
  stepMinutes: number;
  /** Detection runs this many minutes after each collection tick. */
  detectOffsetMinutes: number;
  followUpEveryMinutes: number;
  /** Minute past the hour of the first follow-up run (3 → :03, :18, :33, :48). */
  followUpOffsetMinutes: number;
  /** UTC hour of the daily digest. */
  digestHourUtc: number;
}

/** The stack's default schedule. */
export const DEFAULT_SCHEDULE: ScheduleTimes = {
  stepMinutes: 5,
  detectOffsetMinutes: 1,
  followUpEveryMinutes: 15,
  followUpOffsetMinutes: 3,
  digestHourUtc: 7,
};

/** Which scheduled function a run was. */
export type ScheduledTask = 'detect' | 'follow-ups' | 'digest';

/** One thing a scheduled run did (or deliberately did not do), at simulated time `atMs`. */
export interface SimulatedEntry extends RunEntry {
  atMs: number;
  run: ScheduledTask;
}

/** Inputs of {@link simulateSchedule}. */
export interface SimulateScheduleInput {
  /** The history the simulated collector stored, tick by tick. */
  market: SimulatedMarket;
  /** First and last moment of the simulated clock (epoch ms); runs are scheduled in between. */
  fromMs: number;
  toMs: number;
  /**
   * One scheduled run at `nowMs`, wired as the Lambdas wire it (flush state, publish and mail
   * through the local adapters), reading the market from `market`.
   */
  runInput: (nowMs: number, market: MarketSeriesSource) => DigestRunInput;
  schedule?: Partial<ScheduleTimes>;
  /** Called with each entry as the simulation makes it (progress, live output). */
  onEntry?: (entry: SimulatedEntry) => void;
  /**
   * Make every scheduled run, even those shown to do nothing (tests check with it that the
   * skipped runs indeed publish nothing). Months of 5-minute steps then take minutes.
   */
  everyRun?: boolean;
}

/** What a simulation did. */
export interface SimulationResult {
  fromMs: number;
  toMs: number;
  schedule: ScheduleTimes;
  /** Settings the reporter ran with, after {@link simulationSettings}. */
  settings: DetectSettings;
  /** Days of the detector's baseline (`detector.baselineDays`), read before each run. */
  baselineDays: number;
  entries: SimulatedEntry[];
  /** Clock steps taken, and how many of the detection runs due then actually ran the detector. */
  steps: number;
  detectRuns: number;
  detectRunsSkipped: number;
  followUpRuns: number;
  digestRuns: number;
  /**
   * Wall time spent in runs that published something (building and rendering reports,
   * publishing, mailing) and in runs that published nothing (reading ticks, detecting).
   */
  runMs: { publishing: number; quiet: number };
}

/**
 * Reporter settings for bars of `barMinutes`: the configured ones, with the flash age limit
 * raised to what the bar size needs. A flush is known to be over one bar plus the quiet period
 * (rounded up to whole bars) after its last bar opened; on 5-minute bars that is 35 minutes and
 * the default 2 h leaves room, on hourly history it is 2 h, so the limit becomes 2 h + 30 min there
 * (else the detection at :01 after the deciding bar is already a minute too late), rounded
 * up to whole bars: 3 h.
 * @example simulationSettings(settings, 60, 30).maxFlashAgeHours // 3 with the default 2
 */
export function simulationSettings(
  settings: DetectSettings,
  barMinutes: number,
  quietMinutes: number,
): DetectSettings {
  const knownOverMinutes = barMinutes + Math.ceil(quietMinutes / barMinutes) * barMinutes;
  // Whole bars, so the detection window moves in step with the ticks.
  const neededHours = (Math.ceil((knownOverMinutes + 30) / barMinutes) * barMinutes) / 60;
  return { ...settings, maxFlashAgeHours: Math.max(settings.maxFlashAgeHours, neededHours) };
}

/** The scheduled runs due in the clock step starting at `stepMs`, in time order. */
export function runsOfStep(
  stepMs: number,
  schedule: ScheduleTimes,
): Array<{ atMs: number; run: ScheduledTask }> {
  const runs: Array<{ atMs: number; run: ScheduledTask }> = [];
  const stepMs0 = schedule.stepMinutes * MINUTE_MS;
  if (stepMs % DAY_MS === schedule.digestHourUtc * HOUR_MS)
    runs.push({ atMs: stepMs, run: 'digest' });
  runs.push({ atMs: stepMs + schedule.detectOffsetMinutes * MINUTE_MS, run: 'detect' });
  const every = schedule.followUpEveryMinutes * MINUTE_MS;
  const offset = schedule.followUpOffsetMinutes * MINUTE_MS;
  // The follow-up runs inside [stepMs, stepMs + step).
  const first = stepMs + ((((offset - stepMs) % every) + every) % every);
  for (let at = first; at < stepMs + stepMs0; at += every)
    runs.push({ atMs: at, run: 'follow-ups' });
  return runs.sort((a, b) => a.atMs - b.atMs);
}

/**
 * What the detector read at its last run, and what it would read now: the ticks visible in
 * each range it asked for, with the range moved along with the clock.
 */
class ReadRecord {
  private reads: Array<{ fromOffsetMs: number; toOffsetMs: number; span: string }> = [];

  public constructor(private readonly market: SimulatedMarket) {}

  /** Wraps `source` so the reads made at `nowMs` are recorded. */
  public recording(source: MarketSeriesSource, nowMs: number): MarketSeriesSource {
    this.reads = [];
    return {
      read: async (request) => {
        this.reads.push({
          fromOffsetMs: request.fromMs - nowMs,
          toOffsetMs: request.toMs - nowMs,
          span: this.spanKey(request, nowMs),
        });
        return source.read(request);
      },
    };
  }

  private spanKey(range: Pick<MarketSeriesRequest, 'fromMs' | 'toMs'>, nowMs: number): string {
    const { fromIndex, toIndex } = this.market.visibleSpan(range, nowMs);
    return `${fromIndex}:${toIndex}`;
  }

  /** True when a run at `nowMs` would read exactly the ticks the last run read. */
  public unchangedAt(nowMs: number): boolean {
    return (
      this.reads.length > 0 &&
      this.reads.every(
        (r) =>
          this.spanKey({ fromMs: nowMs + r.fromOffsetMs, toMs: nowMs + r.toOffsetMs }, nowMs) ===
          r.span,
      )
    );
  }
}

/**
 * True when a detection run's entries leave nothing to retry: a failed publication released its
 * claims (the next run tries again), and a claim held by "another run" is taken over once stale.
 */
function settledRun(entries: readonly RunEntry[]): boolean {
  return entries.every((e) => e.outcome !== 'failed' && e.note !== 'another run is reporting it');
}

/**
 * The earliest time a follow-up that is not yet in the flush state becomes due (its checkpoint
 * plus the grace period), over the flashes the follow-up run would look at; null when none is.
 */
export async function nextFollowUpDueMs(
  input: Pick<DigestRunInput, 'state' | 'config'>,
  settings: DetectSettings,
  nowMs: number,
): Promise<number | null> {
  const lastCheckpointHours = Math.max(0, ...settings.followUpCheckpoints.map(checkpointHours));
  const lookbackHours = lastCheckpointHours + settings.followUpMaxLateHours + 24;
  const sinceIso = new Date(nowMs - lookbackHours * HOUR_MS).toISOString();
  let next: number | null = null;
  for (const asset of input.config.assets) {
    const flashes = await input.state.list(asset, flushStateKeys.flushesFrom(sinceIso));
    if (flashes.length === 0) continue;
    const settled = new Set(
      (await input.state.list(asset, { fromKey: 'follow-up#', toKey: 'follow-up#~' })).map(
        (item) => item.key,
      ),
    );
    for (const due of dueFollowUps(flashes, Number.POSITIVE_INFINITY, settings)) {
      if (settled.has(due.key)) continue;
      const dueMs = due.asOfMs + settings.followUpGraceMinutes * MINUTE_MS;
      next = next === null ? dueMs : Math.min(next, dueMs);
    }
  }
  return next;
}

/**
 * The time machine (DESIGN.md §8): drives the scheduled system over replayed history with a
 * simulated clock. Every `stepMinutes` the collector's ticks taken by then become visible;
 * detection runs after each tick as the detect function does (flash with the per-asset cooldown
 * and the email floor), follow-ups run on their schedule, and the daily digest at its hour. Each
 * run is the same use case the Lambdas run ({@link detectAndReport}, {@link publishDailyDigest}),
 * through whatever adapters `runInput` wires.
 *
 * Runs that provably do nothing are not made, which is what makes months of 5-minute steps fast:
 * - A detection run is skipped when it would read exactly the ticks the last detection run read
 *   and that run left nothing to retry. Same ticks → same day-rollup bars → same series (its
 *   gaps are derived from its bars) → same flushes (`findFlushes` reads the series alone, its
 *   30-day baseline inside it); the last run claimed every new ended flush it found (published,
 *   or settled "skipped" by the cooldown), so each is now known in the flush state, whose list
 *   reaches back the baseline plus a day, far beyond any flush young enough to flash; and the
 *   only condition that moves with the clock, "ended at most `maxFlashAgeHours` ago", only ever
 *   drops flushes. So no flush is new.
 * - A follow-up run is skipped before the earliest unpublished follow-up is due
 *   ({@link nextFollowUpDueMs}): a follow-up run acts only on follow-ups that are due and not
 *   yet in the flush state.
 * The digest always runs at its hour.
 */
export async function simulateSchedule(input: SimulateScheduleInput): Promise<SimulationResult> {
  const schedule = { ...DEFAULT_SCHEDULE, ...input.schedule };
  const stepMs = schedule.stepMinutes * MINUTE_MS;
  let nowMs = input.fromMs;
  // The live path's read of day rollups, over the rollups the collector had written by now.
  const source = rollupSeriesSource(input.market.rollupStore(() => nowMs));
  const record = new ReadRecord(input.market);
  const probe = input.runInput(input.fromMs, source);
  const settings = simulationSettings(
    resolveDetectSettings(probe),
    input.market.barMinutes,
    probe.config.detector.quietMinutes,
  );
  const result: SimulationResult = {
    fromMs: input.fromMs,
    toMs: input.toMs,
    schedule,
    settings,
    baselineDays: probe.config.detector.baselineDays,
    entries: [],
    steps: 0,
    detectRuns: 0,
    detectRunsSkipped: 0,
    followUpRuns: 0,
    digestRuns: 0,
    runMs: { publishing: 0, quiet: 0 },
  };
  const runAt = (atMs: number, market: MarketSeriesSource): DigestRunInput => ({
    ...input.runInput(atMs, market),
    settings,
  });
  let runStartedMs = performance.now();
  const keep = (atMs: number, run: ScheduledTask, entries: readonly RunEntry[]) => {
    const tookMs = performance.now() - runStartedMs;
    if (entries.some((e) => e.outcome === 'published')) result.runMs.publishing += tookMs;
    else result.runMs.quiet += tookMs;
    for (const entry of entries) {
      const simulated = { ...entry, atMs, run };
      result.entries.push(simulated);
      input.onEntry?.(simulated);
    }
  };
  let lastDetectSettled = false;
  let followUpDueMs: number | null = null;
  for (let step = Math.ceil(input.fromMs / stepMs) * stepMs; step <= input.toMs; step += stepMs) {
    result.steps += 1;
    for (const { atMs, run } of runsOfStep(step, schedule)) {
      if (atMs < input.fromMs || atMs > input.toMs) continue;
      nowMs = atMs;
      runStartedMs = performance.now();
      if (run === 'digest') {
        result.digestRuns += 1;
        keep(atMs, run, (await publishDailyDigest(runAt(atMs, source))).entries);
      } else if (run === 'detect') {
        if (!input.everyRun && lastDetectSettled && record.unchangedAt(atMs)) {
          result.detectRunsSkipped += 1;
          continue;
        }
        result.detectRuns += 1;
        const summary = await detectAndReport({
          ...runAt(atMs, record.recording(source, atMs)),
          tasks: { flashes: true, followUps: false },
        });
        keep(atMs, run, summary.entries);
        lastDetectSettled = settledRun(summary.entries);
        if (summary.entries.some((e) => e.outcome !== 'failed'))
          followUpDueMs = await nextFollowUpDueMs(probe, settings, atMs);
      } else {
        if (!input.everyRun && (followUpDueMs === null || followUpDueMs > atMs)) continue;
        result.followUpRuns += 1;
        const summary = await detectAndReport({
          ...runAt(atMs, source),
          tasks: { flashes: false, followUps: true },
        });
        keep(atMs, run, summary.entries);
        followUpDueMs = await nextFollowUpDueMs(probe, settings, atMs);
      }
    }
  }
  return result;
}

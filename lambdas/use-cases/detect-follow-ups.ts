import { checkpointAsOfMs, checkpointHours, detectLiquidationEvents } from '../analysis/index.ts';
import type { DetectorConfig } from '../config.ts';
import type {
  Checkpoint,
  FlushEvent,
  MarketSeries,
  RegimeAssessment,
  RegimeLabel,
} from '../model/index.ts';
import { flushStateKeys, type StateItem } from '../publish/flush-state/flush-state-store.ts';
import { errorText } from '../shared/error-text.ts';
import { HOUR_MS } from '../shared/time.ts';
import { buildReportFromSeries } from './build-report.ts';
import {
  type DetectSettings,
  detectionLookbackHours,
  type ReporterRunInput,
  type RunEntry,
  sameEvent,
} from './detect-settings.ts';
import { segmentAt } from './find-flushes.ts';
import { type FlushRecord, flushRecordOf } from './flush-record.ts';

/** A follow-up that is due: the flash it follows, its checkpoint and when it describes. */
export interface DueFollowUp {
  asset: string;
  record: FlushRecord;
  /**
   * Whether its follow-ups go to subscribers: its flash was mailed, or it was at the email floor
   * and the market report that covered it was mailed instead (`mailFollowUps`).
   */
  emailed: boolean;
  checkpoint: Checkpoint;
  /**
   * What its flash's figures ran to (the close of the last bar it read; for records before that
   * was kept, when it was published); null for records without either.
   */
  flashDataToMs: number | null;
  /** The checkpoint time (flush end bar's close + checkpoint hours): the report's `asOf`. */
  asOfMs: number;
  key: string;
}

/** Follow-ups of reported flashes whose checkpoint (plus the grace period) has passed. */
export function dueFollowUps(
  flashes: readonly StateItem[],
  nowMs: number,
  settings: DetectSettings,
): DueFollowUp[] {
  return flashes.flatMap((item) => {
    const record = flushRecordOf(item);
    if (item.status !== 'done' || record === null) return [];
    const startIso = new Date(record.startMs).toISOString();
    return settings.followUpCheckpoints.flatMap((checkpoint) => {
      const asOfMs =
        record.endMs + record.barMinutes * 60_000 + checkpointHours(checkpoint) * HOUR_MS;
      if (asOfMs + settings.followUpGraceMinutes * 60_000 > nowMs) return [];
      const key = flushStateKeys.followUp(startIso, record.side, checkpoint);
      // Records from before `mailFollowUps` carry `emailed` alone.
      const emailed = (item.data.mailFollowUps ?? item.data.emailed) === true;
      const toMs = item.data.flashDataToMs ?? item.data.flashedAtMs;
      const flashDataToMs = typeof toMs === 'number' ? toMs : null;
      return [{ asset: item.asset, record, emailed, checkpoint, flashDataToMs, asOfMs, key }];
    });
  });
}

/** The segment holding the flush, with every bar closed by `toMs`; null without data there. */
async function segmentUpTo(
  input: ReporterRunInput,
  settings: DetectSettings,
  due: DueFollowUp,
  toMs: number,
): Promise<MarketSeries | null> {
  // The flush's own baseline before it, as the flash run read it, up to the checkpoint.
  const lookbackHours = detectionLookbackHours(input.config, settings);
  const read = await input.market.read({
    assets: [due.asset],
    fromMs: due.record.startMs - lookbackHours * HOUR_MS,
    toMs,
    barMinutes: settings.barMinutes,
  });
  const series = read.series.get(due.asset);
  return series === undefined ? null : segmentAt(series, due.record.startMs);
}

/** The flush the flash reported, as detection sees it in the bars closed by `asOfMs`. */
function flushAsSeenAt(
  segment: MarketSeries,
  due: DueFollowUp,
  detector: DetectorConfig,
  asOfMs: number,
): FlushEvent | null {
  const barMs = segment.barMinutes * 60_000;
  const visible = { ...segment, bars: segment.bars.filter((b) => b.openTimeMs + barMs <= asOfMs) };
  const marginMs = detector.mergeMinutes * 60_000;
  return (
    detectLiquidationEvents(visible, detector).flushes.find((f) =>
      sameEvent(f, due.record, marginMs),
    ) ?? null
  );
}

/** Builds, publishes and records one follow-up; skips it when it is too late or the flush is gone. */
async function publishFollowUp(
  input: ReporterRunInput,
  settings: DetectSettings,
  due: DueFollowUp,
): Promise<RunEntry> {
  const { state, config } = input;
  const task = `follow-up ${due.checkpoint}`;
  const base = { asset: due.asset, task };
  const skip = async (note: string): Promise<RunEntry> => {
    await state.settle(due.asset, due.key, 'skipped', { reason: note });
    return { ...base, outcome: 'skipped', note };
  };
  if (input.nowMs > due.asOfMs + settings.followUpMaxLateHours * HOUR_MS) {
    return skip(`more than ${settings.followUpMaxLateHours} h late`);
  }
  let segment = await segmentUpTo(input, settings, due, due.asOfMs);
  if (segment === null) return skip('no market data around the flush');
  // Later data can show the flush ran on past the end the flash saw; its checkpoints move
  // with its end, so the reading waits for the moved time instead of being lost.
  const seen = flushAsSeenAt(segment, due, config.detector, due.asOfMs);
  let asOfMs = due.asOfMs;
  if (seen !== null && seen.endMs > due.record.endMs) {
    asOfMs = checkpointAsOfMs(seen, due.checkpoint, segment.barMinutes);
    if (asOfMs + settings.followUpGraceMinutes * 60_000 > input.nowMs) {
      await state.release(due.asset, due.key);
      const note = `not due yet: the flush ran on to ${new Date(seen.endMs + segment.barMinutes * 60_000).toISOString()}, so its ${due.checkpoint} reading is at ${new Date(asOfMs).toISOString()}`;
      return { ...base, outcome: 'skipped', note };
    }
    segment = await segmentUpTo(input, settings, due, asOfMs);
    if (segment === null) return skip('no market data around the flush');
  }
  const built = await buildReportFromSeries({
    series: segment,
    asset: due.asset,
    asOfMs,
    kind: 'follow-up',
    event: due.record,
    config,
  });
  const marginMs = config.detector.mergeMinutes * 60_000;
  if (built.flush === null || !sameEvent(built.flush, due.record, marginMs)) {
    return skip('the flush the flash reported is no longer in the data');
  }
  if (built.assessment?.checkpoint !== due.checkpoint) {
    return skip(`no regime assessment at the ${due.checkpoint} checkpoint`);
  }
  const mailing = followUpMailing(due, built.assessment.label, built.history, settings);
  return publishAndSettleFollowUp(input, built.rendered, base, due.key, mailing);
}

/**
 * Publishes a follow-up (mailed or not, as decided), settles its claim with what was done and
 * says so in the run's entry: one way for a coin's follow-ups and the market's.
 */
export async function publishAndSettleFollowUp(
  input: Pick<ReporterRunInput, 'publish' | 'state'>,
  rendered: Parameters<ReporterRunInput['publish']>[0],
  base: Pick<RunEntry, 'asset' | 'task'>,
  key: string,
  { mail, note }: { mail: boolean; note: string | null },
): Promise<RunEntry> {
  const meta = await input.publish(rendered, { mail });
  await input.state.settle(base.asset, key, 'done', { reportId: meta.id, emailed: mail });
  return {
    ...base,
    outcome: 'published',
    reportId: meta.id,
    emailed: mail,
    ...(note === null ? {} : { note }),
  };
}

/**
 * Whether a follow-up is mailed: never when its flash was not; otherwise by
 * `followUpMail` (`when-changed`: only when the reading differs from the one before it).
 */
export function followUpMailing(
  due: Pick<DueFollowUp, 'emailed'>,
  label: RegimeLabel,
  history: readonly RegimeAssessment[],
  settings: Pick<DetectSettings, 'followUpMail'>,
): { mail: boolean; note: string | null } {
  if (!due.emailed) return { mail: false, note: 'its flash was not mailed' };
  if (settings.followUpMail === 'off') return { mail: false, note: 'follow-up mail is off' };
  const previous = history.at(-1);
  if (settings.followUpMail === 'when-changed' && previous?.label === label) {
    return {
      mail: false,
      note: `not mailed: the reading is ${label}, as at ${previous.checkpoint}; the story page is updated`,
    };
  }
  return { mail: true, note: null };
}

/** The follow-ups of `asset`'s flashes (or the market's) that are due at the run's time. */
export async function listDueFollowUps(
  input: Pick<ReporterRunInput, 'state' | 'nowMs'>,
  settings: DetectSettings,
  asset: string,
): Promise<DueFollowUp[]> {
  const lastCheckpointHours = Math.max(0, ...settings.followUpCheckpoints.map(checkpointHours));
  const lookbackHours = lastCheckpointHours + settings.followUpMaxLateHours + 24;
  const sinceIso = new Date(input.nowMs - lookbackHours * HOUR_MS).toISOString();
  const flashes = await input.state.list(asset, flushStateKeys.flushesFrom(sinceIso));
  return dueFollowUps(flashes, input.nowMs, settings);
}

/**
 * Publishes the follow-ups of one asset that are due: each is claimed first (so a
 * concurrent run skips it), then built as of its checkpoint, re-classifying the
 * regime, and mailed when its flash was. A failure releases the claim for a retry.
 */
export async function reportDueFollowUps(
  input: ReporterRunInput,
  settings: DetectSettings,
  asset: string,
): Promise<RunEntry[]> {
  const { state, nowMs } = input;
  const entries: RunEntry[] = [];
  for (const due of await listDueFollowUps(input, settings, asset)) {
    const claimed = await state.claim(
      { asset, key: due.key, data: { checkpoint: due.checkpoint } },
      nowMs,
      settings.staleClaimMinutes * 60_000,
    );
    if (!claimed) continue;
    try {
      entries.push(await publishFollowUp(input, settings, due));
    } catch (error) {
      await state.release(asset, due.key);
      entries.push({
        asset,
        task: `follow-up ${due.checkpoint}`,
        outcome: 'failed',
        note: errorText(error),
      });
    }
  }
  return entries;
}

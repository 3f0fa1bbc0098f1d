import { checkpointHours } from '../analysis/index.ts';
import type { Checkpoint } from '../model/index.ts';
import { flushStateKeys, type StateItem } from '../publish/flush-state/flush-state-store.ts';
import { buildReportFromSeries } from './build-report.ts';
import {
  type DetectSettings,
  errorText,
  type ReporterRunInput,
  type RunEntry,
  sameEvent,
} from './detect-settings.ts';
import { segmentAt } from './find-flushes.ts';
import { type FlushRecord, flushRecordOf } from './flush-record.ts';

const HOUR_MS = 3_600_000;

/** A follow-up that is due: the flash it follows, its checkpoint and when it describes. */
export interface DueFollowUp {
  asset: string;
  record: FlushRecord;
  /** Whether the flash went to subscribers; its follow-ups do the same. */
  emailed: boolean;
  checkpoint: Checkpoint;
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
      return [
        { asset: item.asset, record, emailed: item.data.emailed === true, checkpoint, asOfMs, key },
      ];
    });
  });
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
  // The flush's own baseline before it, as the flash run read it, up to the checkpoint.
  const lookbackHours = config.detector.baselineDays * 24 + settings.maxFlashAgeHours + 6;
  const read = await input.market.read({
    assets: [due.asset],
    fromMs: due.record.startMs - lookbackHours * HOUR_MS,
    toMs: due.asOfMs,
    barMinutes: settings.barMinutes,
  });
  const series = read.series.get(due.asset);
  const segment = series === undefined ? null : segmentAt(series, due.record.startMs);
  if (segment === null) return skip('no market data around the flush');
  const built = await buildReportFromSeries({
    series: segment,
    asset: due.asset,
    asOfMs: due.asOfMs,
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
  const meta = await input.publish(built.rendered, { mail: due.emailed });
  await state.settle(due.asset, due.key, 'done', { reportId: meta.id, emailed: due.emailed });
  return { ...base, outcome: 'published', reportId: meta.id, emailed: due.emailed };
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
  const lastCheckpointHours = Math.max(0, ...settings.followUpCheckpoints.map(checkpointHours));
  const lookbackHours = lastCheckpointHours + settings.followUpMaxLateHours + 24;
  const sinceIso = new Date(nowMs - lookbackHours * HOUR_MS).toISOString();
  const flashes = await state.list(asset, flushStateKeys.flushesFrom(sinceIso));
  const entries: RunEntry[] = [];
  for (const due of dueFollowUps(flashes, nowMs, settings)) {
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

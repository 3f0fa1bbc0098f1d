import type { FlushEvent, FlushSide } from '../model/index.ts';
import type { StateData, StateItem } from '../publish/flush-state/flush-state-store.ts';

/** What the flush state keeps of a flush: enough to find it again and to schedule its follow-ups. */
export interface FlushRecord {
  side: FlushSide;
  startMs: number;
  endMs: number;
  barMinutes: number;
  liqTotalUsd: number;
}

/**
 * The state data of a detected flush.
 * @example recordData(flush, 5) // { side: 'long', startMs, endMs, barMinutes: 5, liqTotalUsd }
 */
export function recordData(flush: FlushEvent, barMinutes: number): StateData {
  return {
    side: flush.side,
    startMs: flush.startMs,
    endMs: flush.endMs,
    barMinutes,
    liqTotalUsd: flush.liqTotalUsd,
  };
}

/** Reads a flush record back from a state item; null when the item is not a readable flush. */
export function flushRecordOf(item: StateItem): FlushRecord | null {
  const { side, startMs, endMs, barMinutes, liqTotalUsd } = item.data;
  if (side !== 'long' && side !== 'short') return null;
  if (typeof startMs !== 'number' || typeof endMs !== 'number') return null;
  return {
    side,
    startMs,
    endMs,
    barMinutes: typeof barMinutes === 'number' ? barMinutes : 5,
    liqTotalUsd: typeof liqTotalUsd === 'number' ? liqTotalUsd : 0,
  };
}

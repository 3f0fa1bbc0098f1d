import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulationWorld } from '../../bin/commands/simulate-wiring.ts';
import { configSchema } from '../../lambdas/config.ts';
import { simulatedMarketOf } from '../../lambdas/market/history/history-ticks.ts';
import { loadHistoryFolder, replayHistory } from '../../lambdas/market/history/index.ts';
import type { FlushEvent } from '../../lambdas/model/index.ts';
import {
  flushStateKeys,
  type StateItem,
} from '../../lambdas/publish/flush-state/flush-state-store.ts';
import { JsonFlushStateStore } from '../../lambdas/publish/flush-state/json-flush-state-store.ts';
import { emailFloorUsd, sameEvent } from '../../lambdas/use-cases/detect-settings.ts';
import { flushRecordOf } from '../../lambdas/use-cases/flush-record.ts';
import {
  type SimulationResult,
  simulateSchedule,
} from '../../lambdas/use-cases/simulate-schedule.ts';

/** Real history beside the repository (CI has it); never copied in. */
const DATA_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const keyOf = (e: { side: string; startMs: number }) => `${iso(e.startMs)} ${e.side}`;

/**
 * Replay events above the email floor that the scheduled system does not flash, and why. Replay
 * reads each series whole with a 30-day baseline; the scheduled reporter sees only what was
 * collected by each run and reads `reporting.baselineHours` (48 h) of it.
 */
const NOT_FLASHED: Record<string, { reason: 'cooldown' | 'baseline'; why: string }> = {
  // Binance 2024-08-05 (liquidations estimated from OI drops): four flushes in 15 hours.
  '2024-08-05T06:00 long': {
    reason: 'cooldown',
    why: '~$166M, over at 09:01, 4 h after the 01:00 flush was flashed (05:01): inside the 6 h cooldown',
  },
  '2024-08-05T14:00 short': {
    reason: 'cooldown',
    why: '~$97M, over at 18:01, 4 h after the 09:00 flush was flashed (14:01)',
  },
  // Its largest hour, 17:00, liquidated $36M. The 48 hourly windows before it hold 02-03 18:00
  // ($58M), which that short view reads as a 2.9σ spike rather than a flush, so it stays in the
  // baseline and $36M is under its 99th percentile; replay's 30-day baseline leaves the 02-03
  // flush out. The rollups' 30-day baseline is meant to close this gap.
  '2026-02-04T14:00 long': {
    reason: 'baseline',
    why: '$76M over 6 h, no hour above the 48-hour baseline',
  },
};

/**
 * Mailed flashes whose replay event is under the floor, and why. 2026-02-23: replay's event is
 * the 01:00 hour alone ($46M); the scheduled reporter's 48-hour start threshold is lower, so its
 * event starts at 00:00 and counts that hour's $9M too: $55M, above the $50M floor.
 */
const MAILED_BELOW_REPLAY_FLOOR: Record<string, string> = {
  '2026-02-23T00:00 long': 'replay 01:00 $46M; scheduled 00:00–01:00 $55M',
};

describe.runIf(existsSync(DATA_DIR))('simulate over ../shared/data (real markets)', () => {
  const config = configSchema.parse({});
  const mergeMs = config.detector.mergeMinutes * 60_000;
  let dir = '';
  let result: SimulationResult;
  /** Replay's directional flushes, and those at or above the email floor. */
  let allFlushes: FlushEvent[] = [];
  let aboveFloor: FlushEvent[] = [];
  /** Every flush the simulated detector claimed, from its flush state. */
  let claimed: StateItem[] = [];

  beforeAll(async () => {
    const { series } = await loadHistoryFolder(DATA_DIR, { barMinutes: 60 });
    const { market } = simulatedMarketOf(series);
    allFlushes = replayHistory(
      series.filter((h) => h.series.barMinutes === 60),
      { detector: config.detector, regime: config.regime, fromMs: null, toMs: null },
    )
      .flatMap((s) => s.findings.map((f) => f.flush))
      .filter((f) => f.side !== 'two-sided');
    aboveFloor = allFlushes.filter((f) => f.liqTotalUsd >= emailFloorUsd(config, f.asset));
    dir = await mkdtemp(path.join(tmpdir(), 'simulate-real-'));
    const fromMs = market.tickTimesMs[0] ?? 0;
    const toMs = market.tickTimesMs.at(-1) ?? 0;
    const world = await simulationWorld(config, market, dir, fromMs);
    result = await simulateSchedule({ market, fromMs, toMs, runInput: world.runInput });
    const state = new JsonFlushStateStore(path.join(dir, 'flush-state.json'));
    claimed = (
      await Promise.all(market.assets.map((a) => state.list(a, flushStateKeys.flushesFrom(''))))
    ).flat();
  }, 900_000);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  const recordOf = (item: StateItem) => {
    const record = flushRecordOf(item);
    if (record === null) throw new Error(`unreadable flush state item ${item.key}`);
    return record;
  };

  it('makes every run without a failure', () => {
    expect(result.entries.filter((e) => e.outcome === 'failed')).toEqual([]);
  });

  it('flashes every replay event above the email floor and mails it, soon after it ends', () => {
    const missing: string[] = [];
    for (const event of aboveFloor) {
      const matching = claimed.filter((i) => sameEvent(recordOf(i), event, mergeMs));
      const item = matching.find((i) => i.status === 'done') ?? matching[0];
      const label = `${keyOf(event)} $${Math.round(event.liqTotalUsd / 1e6)}M`;
      if (item === undefined || item.status !== 'done') {
        // Never claimed: the scheduled detector did not find it in any run's window.
        missing.push(
          `${keyOf(event)}: ${item === undefined ? 'baseline' : String(item.data.reason)}`,
        );
        continue;
      }
      expect(item.data.emailed, label).toBe(true);
      const flashedAt = Number(item.data.flashedAtMs);
      // Known over once the bar after its last one closes (hourly bars): 2 h after the last
      // bar opened, plus the detection run's minute; the 3 h flash age limit bounds it.
      expect(flashedAt - recordOf(item).endMs, label).toBeGreaterThanOrEqual(2 * HOUR);
      expect(flashedAt - recordOf(item).endMs, label).toBeLessThanOrEqual(3 * HOUR);
    }
    expect(missing.sort()).toEqual(
      Object.entries(NOT_FLASHED).map(([key, { reason }]) => `${key}: ${reason}`),
    );
    expect(aboveFloor.length - missing.length, 'replay events above the floor flashed').toBe(19);
  });

  it('mails only flashes that are replay events', () => {
    const mailed = claimed.filter((i) => i.status === 'done' && i.data.emailed === true);
    const records = mailed.map(recordOf);
    expect(
      records.filter((r) => !allFlushes.some((event) => sameEvent(r, event, mergeMs))),
      'every mailed flash is a flush replay finds',
    ).toEqual([]);
    const belowFloor = records
      .filter((r) => !aboveFloor.some((event) => sameEvent(r, event, mergeMs)))
      .map(keyOf);
    expect(belowFloor).toEqual(Object.keys(MAILED_BELOW_REPLAY_FLOOR));
    expect(records.every((r) => r.liqTotalUsd >= emailFloorUsd(config, 'BTC'))).toBe(true);
    // 19 replay events flashed, the 02-23 one above, and replay's 02-05 14:00–02:00 long flush
    // ($504M over 12 h) twice: the reporter saw it end at 15:00 (flashed 17:01), then a second
    // flush at 20:00–21:00 ($164M, flashed 23:01, as the 6 h cooldown ran out); the third part,
    // 02-06 00:00–02:00 ($147M), fell in the cooldown.
    const perEvent = aboveFloor
      .map((event) => [keyOf(event), records.filter((r) => sameEvent(r, event, mergeMs)).length])
      .filter(([, n]) => Number(n) > 1);
    expect(Object.fromEntries(perEvent)).toEqual({ '2026-02-05T14:00 long': 2 });
    expect(mailed).toHaveLength(21);
  });
});

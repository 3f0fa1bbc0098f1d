import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, configSchema } from '../../../lambdas/config.ts';
import type { ReplaySegment } from '../../../lambdas/market/history/index.ts';
import { JsonFlushStateStore } from '../../../lambdas/publish/flush-state/json-flush-state-store.ts';
import { MemorySiteStore } from '../../../lambdas/publish/index.ts';
import type { SendJob } from '../../../lambdas/publish/send-job.ts';
import { detectAndReport } from '../../../lambdas/use-cases/detect-and-report.ts';
import type { DetectSettings } from '../../../lambdas/use-cases/detect-settings.ts';
import { flushRecordOf } from '../../../lambdas/use-cases/flush-record.ts';
import type { MarketSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { publishReport } from '../../../lambdas/use-cases/publish-report.ts';

/** A flush as both paths can name it. */
export interface FlushKey {
  side: string;
  startIso: string;
  endIso: string;
}

const keyOf = (f: { side: string; startMs: number; endMs: number }): FlushKey => ({
  side: f.side,
  startIso: new Date(f.startMs).toISOString(),
  endIso: new Date(f.endMs).toISOString(),
});

/** The directional flushes replay found, in time order. */
export function replayedFlushes(segments: readonly ReplaySegment[]): FlushKey[] {
  return segments
    .flatMap((s) => s.findings.map((f) => f.flush))
    .filter((f) => f.side !== 'two-sided')
    .sort((a, b) => a.startMs - b.startMs)
    .map(keyOf);
}

/**
 * Runs the scheduled detector (`detectAndReport`, flashes only) on `market` at every `stepMs`
 * from `fromMs` to `toMs`, with a local flush state and an in-memory site, as the detect
 * Lambda would on that clock; returns the flushes it flashed, in time order.
 */
export async function scheduledFlushes(input: {
  market: MarketSeriesSource;
  config: Partial<Config>;
  settings: Partial<DetectSettings>;
  fromMs: number;
  toMs: number;
  stepMs: number;
}): Promise<{ flushes: FlushKey[]; failures: string[] }> {
  const config = configSchema.parse({ emailFloorUsd: { default: 0 }, ...input.config });
  const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-live-'));
  const state = new JsonFlushStateStore(path.join(dir, 'flush-state.json'));
  const site = new MemorySiteStore();
  const artifacts = new MemorySiteStore();
  const queued: SendJob[] = [];
  const queue = { enqueue: async (job: SendJob) => void queued.push(job) };
  const failures: string[] = [];
  for (let nowMs = input.fromMs; nowMs <= input.toMs; nowMs += input.stepMs) {
    const { entries } = await detectAndReport({
      market: input.market,
      state,
      config,
      nowMs,
      settings: input.settings,
      tasks: { flashes: true, followUps: false },
      publish: async (rendered, options) =>
        (await publishReport(rendered, { site, artifacts, queue }, { ...options, config, nowMs }))
          .meta,
    });
    for (const e of entries) if (e.outcome === 'failed') failures.push(`${e.asset}: ${e.note}`);
  }
  const flushes = (
    await Promise.all(
      config.assets.map((asset) => state.list(asset, { fromKey: 'flush#', toKey: 'flush#~' })),
    )
  )
    .flat()
    .filter((item) => item.status === 'done')
    .flatMap((item) => flushRecordOf(item) ?? [])
    .sort((a, b) => a.startMs - b.startMs)
    .map(keyOf);
  return { flushes, failures };
}

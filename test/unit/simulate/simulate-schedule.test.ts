import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulationTotals } from '../../../bin/commands/simulate-output.ts';
import { mailingKey, simulationWorld } from '../../../bin/commands/simulate-wiring.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { simulatedMarketOf } from '../../../lambdas/market/history/history-ticks.ts';
import { buildHistorySeries } from '../../../lambdas/market/history/index.ts';
import { DEFAULT_DETECT_SETTINGS } from '../../../lambdas/use-cases/detect-settings.ts';
import {
  DEFAULT_SCHEDULE,
  runsOfStep,
  type SimulatedEntry,
  simulateSchedule,
  simulationSettings,
} from '../../../lambdas/use-cases/simulate-schedule.ts';
import { HOUR_MS, klinesCsv, metricsCsv, START_MS } from '../history/history-csv-fixtures.ts';

const MINUTE = 60_000;
const HOURS = 72;
const CRASH_HOUR = 40;
const files = [
  { name: 'k/BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: HOURS, crashHour: CRASH_HOUR }) },
  {
    name: 'm/BTCUSDT-metrics-2025-01-01.csv',
    text: metricsCsv(HOURS, (h) => (h > CRASH_HOUR ? 81_000 : 90_000)),
  },
];
const { market } = simulatedMarketOf(buildHistorySeries(files, { barMinutes: 60 }).series);
const config = configSchema.parse({});
const iso = (ms: number) => new Date(ms).toISOString();

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function simulate(options: { everyRun: boolean }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'simulate-test-'));
  folders.push(dir);
  const fromMs = market.tickTimesMs[0] ?? 0;
  const toMs = market.tickTimesMs.at(-1) ?? 0;
  const world = await simulationWorld(config, market, dir, fromMs);
  const result = await simulateSchedule({
    market,
    fromMs,
    toMs,
    runInput: world.runInput,
    everyRun: options.everyRun,
  });
  return { result, world };
}

const timeline = (entries: readonly SimulatedEntry[]) =>
  entries.map((e) => `${iso(e.atMs)} ${e.run} ${e.task} ${e.outcome} ${e.reportId ?? ''}`);

describe('runsOfStep', () => {
  it('puts detection a minute after each tick and follow-ups at :03, :18, :33 and :48', () => {
    const at = (hhmm: string) => Date.parse(`2026-01-10T${hhmm}:00Z`);
    expect(runsOfStep(at('10:00'), DEFAULT_SCHEDULE)).toEqual([
      { atMs: at('10:01'), run: 'detect' },
      { atMs: at('10:03'), run: 'follow-ups' },
    ]);
    expect(runsOfStep(at('10:05'), DEFAULT_SCHEDULE)).toEqual([
      { atMs: at('10:06'), run: 'detect' },
    ]);
    expect(runsOfStep(at('10:15'), DEFAULT_SCHEDULE).map((r) => iso(r.atMs))).toEqual([
      iso(at('10:16')),
      iso(at('10:18')),
    ]);
  });

  it('runs the digest at 07:00 UTC before that step detection when the step starts the hour', () => {
    const seven = Date.parse('2026-01-10T07:00:00Z');
    expect(runsOfStep(seven, DEFAULT_SCHEDULE).map((r) => r.run)).toEqual([
      'digest',
      'detect',
      'follow-ups',
    ]);
    expect(runsOfStep(seven + HOUR_MS, DEFAULT_SCHEDULE).map((r) => r.run)).not.toContain('digest');
  });
});

describe('simulationSettings', () => {
  it('raises the flash age limit to 3 h on hourly bars and keeps 2 h on 5-minute bars', () => {
    expect(simulationSettings(DEFAULT_DETECT_SETTINGS, 60, 30).maxFlashAgeHours).toBe(3);
    expect(simulationSettings(DEFAULT_DETECT_SETTINGS, 5, 30).maxFlashAgeHours).toBe(2);
  });
});

describe('simulateSchedule', () => {
  it('flashes the crash once it is known to be over, then its follow-ups and the digests', async () => {
    const { result, world } = await simulate({ everyRun: false });
    const published = result.entries.filter((e) => e.outcome === 'published');
    const flash = published.find((e) => e.task === 'flash');
    // The crash bar opens at hour 40; the hour after it (closing at 42:00) shows the quiet.
    expect(iso(flash?.atMs ?? 0)).toBe(iso(START_MS + (CRASH_HOUR + 2) * HOUR_MS + MINUTE));
    expect(flash?.emailed, 'an estimated $900M is above the $50M floor').toBe(true);
    expect(world.mailings.get(mailingKey(flash?.reportId ?? '', flash?.atMs ?? 0))?.sent).toBe(1);
    expect(published.filter((e) => e.task.startsWith('follow-up')).map((e) => e.task)).toEqual([
      'follow-up 4h',
      'follow-up 24h',
    ]);
    const digests = published.filter((e) => e.task === 'digest');
    expect(digests.map((e) => iso(e.atMs).slice(11, 16))).toEqual(['07:00', '07:00', '07:00']);
    // Each day's digest has its own page and its own mailing, so each is mailed.
    expect(new Set(digests.map((e) => e.reportId)).size).toBe(3);
    expect(digests.map((e) => e.mailingId)).toEqual(
      digests.map((e) => `${iso(e.atMs).slice(0, 10)}-daily-digest`),
    );
    const digestMails = digests.map((e) =>
      world.mailings.get(mailingKey(e.mailingId ?? '', e.atMs)),
    );
    expect(digestMails.map((m) => m?.sent)).toEqual([1, 1, 1]);
    expect(result.entries.filter((e) => e.outcome === 'failed')).toEqual([]);
    expect(result.detectRunsSkipped).toBeGreaterThan(result.detectRuns);
  });

  it('publishes exactly the same when every skipped run is made too', async () => {
    const skipping = await simulate({ everyRun: false });
    const everyRun = await simulate({ everyRun: true });
    expect(everyRun.result.detectRunsSkipped).toBe(0);
    expect(everyRun.result.detectRuns).toBe(
      skipping.result.detectRuns + skipping.result.detectRunsSkipped,
    );
    // Every run the skipping simulation left out was made here and published nothing.
    expect(timeline(everyRun.result.entries)).toEqual(timeline(skipping.result.entries));
  });

  it('counts runs before the first tick as runs without data and leaves them out of the skips', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'simulate-test-'));
    folders.push(dir);
    const firstTick = market.tickTimesMs[0] ?? 0;
    const world = await simulationWorld(config, market, dir, firstTick - 2 * HOUR_MS);
    const result = await simulateSchedule({
      market,
      fromMs: firstTick - 2 * HOUR_MS,
      toMs: firstTick + 10 * MINUTE,
      runInput: world.runInput,
    });
    const totals = simulationTotals({
      result,
      titles: world.titles,
      mailings: world.mailings,
      venues: market.venues,
      subscribers: world.subscribers,
      outDir: dir,
      notes: [],
    });
    expect(result.entries.filter((e) => e.outcome === 'skipped').map((e) => e.note)).toContain(
      'no market data in the detection window',
    );
    expect(totals.runsWithoutData).toBeGreaterThan(0);
    expect(totals.skipped).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import { createDetectHandler } from '../../../lambdas/handlers/detect-handler.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { MANIFEST_KEY, MemorySiteStore } from '../../../lambdas/publish/index.ts';
import type { SendJob } from '../../../lambdas/publish/send-job.ts';
import { detectAndReport } from '../../../lambdas/use-cases/detect-and-report.ts';
import type { ReporterRunInput } from '../../../lambdas/use-cases/detect-settings.ts';
import { snapshotSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { publishReport } from '../../../lambdas/use-cases/publish-report.ts';
import type { SnapshotSource } from '../../../lambdas/use-cases/snapshot-source.ts';
import { emulatorClients, emulatorConfig } from '../publish/aws-test-support.ts';
import { createFlushStateTable } from './flush-state-table.ts';

const scenario = generateScenario('long-flush-reclaim', { seed: 3 });
// What the detector finds in this scenario (checked by the first test).
const FLUSH_START = Date.parse('2026-03-12T20:30:00.000Z');
const FLUSH_END = Date.parse('2026-03-12T22:10:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const { doc } = emulatorClients(emulatorConfig());

const snapshots: SnapshotSource = {
  list: async ({ fromMs, toMs }) =>
    scenario.snapshots.filter((s) => {
      const t = Date.parse(s.takenAt);
      return t >= fromMs && t < toMs;
    }),
};
const market = snapshotSeriesSource(snapshots, scenario.configuredVenues);

async function world(emailFloorUsd: Record<string, number> = { BTC: 50e6, default: 10e6 }) {
  const config = {
    ...emulatorConfig(),
    assets: ['BTC'],
    emailFloorUsd,
    venues: scenario.configuredVenues.map((id) => venueConfigSchema.parse({ id })),
  };
  const site = new MemorySiteStore();
  const artifacts = new MemorySiteStore();
  const queued: SendJob[] = [];
  const queue = { enqueue: async (job: SendJob) => void queued.push(job) };
  const state = new DynamoFlushStateStore(doc, await createFlushStateTable(doc));
  const run = (nowMs: number, tasks = { flashes: true, followUps: true }) => {
    const input: ReporterRunInput & { tasks: typeof tasks } = {
      market,
      state,
      config,
      nowMs,
      tasks,
      publish: async (rendered, options) =>
        (await publishReport(rendered, { site, artifacts, queue }, { ...options, config, nowMs }))
          .meta,
    };
    return detectAndReport(input);
  };
  return { config, site, artifacts, queued, queue, state, run };
}

describe('detectAndReport on a simulated long flush', () => {
  it('waits while the flush is running, then publishes and mails one flash', async () => {
    const w = await world();
    const during = await w.run(FLUSH_END + 10 * MINUTE, { flashes: true, followUps: false });
    expect(during.entries, 'quiet period not yet observed').toEqual([]);

    const after = await w.run(FLUSH_END + 60 * MINUTE, { flashes: true, followUps: false });
    expect(after.entries).toHaveLength(1);
    const [entry] = after.entries;
    expect(entry).toMatchObject({
      asset: 'BTC',
      task: 'flash',
      outcome: 'published',
      emailed: true,
    });
    expect(entry?.reportId).toContain('btc-long-flush');
    expect(await w.site.getText(MANIFEST_KEY)).toContain(entry?.reportId ?? 'missing');
    expect(w.queued.map((j) => j.reportId)).toEqual([entry?.reportId]);

    const again = await w.run(FLUSH_END + 60 * MINUTE, { flashes: true, followUps: false });
    expect(again.entries, 'same minute again: nothing twice').toEqual([]);
    expect(w.queued).toHaveLength(1);
    const [item] = await w.state.list('BTC', { fromKey: 'flush#', toKey: 'flush#~' });
    expect(item?.key).toBe(`flush#${new Date(FLUSH_START).toISOString()}#long`);
    expect(item?.data).toMatchObject({
      reportId: entry?.reportId,
      emailed: true,
      endMs: FLUSH_END,
    });
  });

  it('publishes once when two runs race at the same minute', async () => {
    const w = await world();
    const nowMs = FLUSH_END + 45 * MINUTE;
    const [a, b] = await Promise.all([w.run(nowMs), w.run(nowMs)]);
    const published = [...a.entries, ...b.entries].filter((e) => e.outcome === 'published');
    expect(published, JSON.stringify([a, b])).toHaveLength(1);
    expect(w.queued).toHaveLength(1);
  });

  it('skips a flush inside the cooldown after the last flash, records why, and publishes nothing', async () => {
    const w = await world();
    const nowMs = FLUSH_END + 60 * MINUTE;
    // A BTC flash two hours earlier, as a run before this one would have recorded it.
    expect((await w.state.claimCooldown('BTC', nowMs - 2 * HOUR, 6 * HOUR)).claimed).toBe(true);
    const { entries } = await w.run(nowMs, { flashes: true, followUps: false });
    expect(entries).toEqual([
      {
        asset: 'BTC',
        task: 'flash',
        outcome: 'skipped',
        note: 'within the 6 h cooldown after the last BTC flash',
      },
    ]);
    expect(w.queued, 'no send job').toEqual([]);
    expect(await w.site.getText(MANIFEST_KEY)).toBeNull();
    const [item] = await w.state.list('BTC', { fromKey: 'flush#', toKey: 'flush#~' });
    expect(item).toMatchObject({ status: 'skipped', data: { reason: 'cooldown' } });
    const later = await w.run(nowMs + 10 * MINUTE, { flashes: true, followUps: false });
    expect(later.entries, 'a skipped flush is not retried').toEqual([]);
  });

  it('publishes on the site but mails nobody under the email floor, and says so', async () => {
    const w = await world({ BTC: 1e12, default: 1e12 });
    const { entries } = await w.run(FLUSH_END + 60 * MINUTE);
    expect(entries[0]).toMatchObject({ outcome: 'published', emailed: false });
    expect(entries[0]?.note).toMatch(
      /^published on the site only: \$\d+M liquidated is under the \$[\d.,]+[KMBT] email floor$/,
    );
    expect(w.queued, 'no send job').toEqual([]);
    expect(await w.site.getText(MANIFEST_KEY)).toContain(entries[0]?.reportId ?? 'missing');
  });

  it('publishes the +4h and +24h follow-ups once each when they are due, mailing the one whose reading changed', async () => {
    const w = await world();
    await w.run(FLUSH_END + 60 * MINUTE);
    const early = await w.run(FLUSH_END + 4 * HOUR, { flashes: false, followUps: true });
    expect(early.entries, 'not due before checkpoint + grace').toEqual([]);

    const at4h = await w.run(FLUSH_END + 4 * HOUR + 20 * MINUTE, {
      flashes: false,
      followUps: true,
    });
    expect(at4h.entries).toHaveLength(1);
    expect(at4h.entries[0], 'still stabilizing, as at 1h').toMatchObject({
      task: 'follow-up 4h',
      outcome: 'published',
      emailed: false,
      note: 'not mailed: the reading is stabilizing, as at 1h; the story page is updated',
    });
    expect(at4h.entries[0]?.reportId).toMatch(/follow-up-4h$/);

    const at24h = await w.run(FLUSH_END + 24 * HOUR + 20 * MINUTE, {
      flashes: false,
      followUps: true,
    });
    expect(at24h.entries.map((e) => `${e.task} ${e.outcome} ${e.emailed}`)).toEqual([
      'follow-up 24h published true',
    ]);
    const again = await w.run(FLUSH_END + 24 * HOUR + 20 * MINUTE);
    expect(again.entries, 'nothing twice').toEqual([]);
    const flashId = '2026-03-12-btc-long-flush-2030';
    expect(
      w.queued.map((j) => j.reportId),
      'the flash, then the follow-up whose reading changed (stabilizing to reclaim), once',
    ).toEqual([flashId, `${flashId}-follow-up-24h`]);
  });
});

describe('follow-ups of a flush that ran on past what its flash saw', () => {
  it('waits for the checkpoint of the flush’s real end, then publishes it once', async () => {
    const w = await world();
    await w.run(FLUSH_END + 60 * MINUTE, { flashes: true, followUps: false });
    // As if the flash run had seen the flush end 30 minutes earlier than the data now shows.
    const [flash] = await w.state.list('BTC', { fromKey: 'flush#', toKey: 'flush#~' });
    if (flash === undefined) throw new Error('no flash recorded');
    const recordedEndMs = Number(flash.data.endMs) - 30 * MINUTE;
    await w.state.settle('BTC', flash.key, 'done', { ...flash.data, endMs: recordedEndMs });

    // Due by the record (its end + 5 min bar + 4 h + 10 min grace ≤ now), early for the flush.
    const early = await w.run(FLUSH_END + 4 * HOUR, { flashes: false, followUps: true });
    expect(early.entries.map((e) => `${e.task} ${e.outcome}`)).toEqual(['follow-up 4h skipped']);
    expect(early.entries[0]?.note).toMatch(/^not due yet: the flush ran on to /);

    const due = await w.run(FLUSH_END + 4 * HOUR + 20 * MINUTE, {
      flashes: false,
      followUps: true,
    });
    expect(
      due.entries.map((e) => `${e.task} ${e.outcome}`),
      'the claim was released, not settled as skipped, so the reading is not lost',
    ).toEqual(['follow-up 4h published']);
    const again = await w.run(FLUSH_END + 4 * HOUR + 30 * MINUTE, {
      flashes: false,
      followUps: true,
    });
    expect(again.entries, 'published once').toEqual([]);
  });
});

describe('detect handler', () => {
  it('runs only flash detection for the scheduler task "detect"', async () => {
    const w = await world();
    let nowMs = FLUSH_END + 60 * MINUTE;
    const handler = createDetectHandler({
      config: w.config,
      market,
      state: w.state,
      site: w.site,
      artifacts: w.artifacts,
      queue: w.queue,
      nowMs: () => nowMs,
      log: () => undefined,
    });
    const summary = await handler({ task: 'detect' });
    expect(summary.entries.map((e) => e.task)).toEqual(['flash']);
    nowMs = FLUSH_END + 4 * HOUR + 20 * MINUTE;
    expect((await handler({ task: 'detect' })).entries, 'no new flush').toEqual([]);
    const followUps = await handler({ task: 'follow-ups' });
    expect(
      followUps.entries.map((e) => e.task),
      'flash done earlier, 4h now due',
    ).toEqual(['follow-up 4h']);
    await expect(handler({ task: 'everything' })).rejects.toThrow(/task/);
  });
});

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMarketSeries,
  buildMarketWideSeries,
  readMarketBeyond,
} from '../../../lambdas/analysis/index.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { emptyDayRollup } from '../../../lambdas/market/rollups/apply-series-to-day.ts';
import { fsRollupStore } from '../../../lambdas/market/rollups/fs-rollup-store.ts';
import { RollupDataError } from '../../../lambdas/market/rollups/rollup-codec.ts';
import { rollupKey } from '../../../lambdas/market/rollups/rollup-days.ts';
import type { RollupStore } from '../../../lambdas/market/rollups/rollup-store.ts';
import { rollupsOfSeries } from '../../../lambdas/market/rollups/rollups-of-series.ts';
import {
  s3MarketRollupStore,
  s3RollupStore,
} from '../../../lambdas/market/rollups/s3-rollup-store.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { generateMarketScenario } from '../../../lambdas/market/scenarios/index.ts';
import type { Snapshot } from '../../../lambdas/model/index.ts';
import { s3Client } from '../../../lambdas/publish/aws/aws-clients.ts';
import { withFileLock } from '../../../lambdas/publish/file-lock.ts';
import { rollupSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { rebuildRollups, rollUpTick } from '../../../lambdas/use-cases/roll-up-snapshots.ts';
import type { SnapshotSource } from '../../../lambdas/use-cases/snapshot-source.ts';
import { SMALL_MARKET_WITH_TAIL } from '../../support/market-datasets.ts';
import {
  type S3ConditionalProxy,
  startS3ConditionalProxy,
} from '../../support/s3-conditional-proxy.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';
import { createBucket, emulatorConfig } from '../publish/aws-test-support.ts';

const scenario = generateScenario('long-flush-reclaim', { seed: 3 });
const venues = scenario.configuredVenues.map((id) => ({ id }));
const rollupConfig = { assets: ['BTC'], venues };

function sourceOf(snapshots: readonly Snapshot[]): SnapshotSource {
  return {
    list: async ({ fromMs, toMs }) =>
      snapshots.filter((s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs),
  };
}

/** The ticks from `fromIso` (taken at or after) to `toIso` (before). */
function ticksBetween(fromIso: string, toIso: string): Snapshot[] {
  return scenario.snapshots.filter(
    (s) =>
      s.takenAt >= new Date(fromIso).toISOString() && s.takenAt < new Date(toIso).toISOString(),
  );
}

async function fsStore(): Promise<{ store: RollupStore; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-rollups-'));
  return { store: fsRollupStore(dir, (file, fn) => withFileLock(file, fn)), dir };
}

const config = emulatorConfig();
let proxy: S3ConditionalProxy;
let s3: ReturnType<typeof s3Client>;

beforeAll(async () => {
  proxy = await startS3ConditionalProxy(config.aws.endpoints?.s3 ?? '');
  const viaProxy = parseConfig({
    aws: { region: EMULATOR_REGION, endpoints: { s3: proxy.endpoint } },
  });
  s3 = s3Client(viaProxy, { credentials: EMULATOR_CREDENTIALS });
});

afterAll(async () => {
  await proxy?.stop();
});

async function s3Store(): Promise<{ store: RollupStore; bucket: string }> {
  const bucket = await createBucket(config, 'rollups');
  return { store: s3RollupStore(s3, bucket), bucket };
}

describe('rollup stores', () => {
  const kinds = {
    'a local folder': async () => {
      const { store, dir } = await fsStore();
      const corrupt = async (day: string, bytes: Buffer) => {
        const file = path.join(dir, ...rollupKey(day).split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, bytes);
      };
      return { store, corrupt };
    },
    'S3 (s3rver behind the precondition proxy)': async () => {
      const { store, bucket } = await s3Store();
      const corrupt = async (day: string, bytes: Buffer) =>
        void (await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: rollupKey(day), Body: bytes }),
        ));
      return { store, corrupt };
    },
  };
  for (const [kind, make] of Object.entries(kinds)) {
    it(`creates a day once and refuses a second create or a stale version, in ${kind}`, async () => {
      const { store } = await make();
      const day = '2026-03-10';
      expect(await store.get(day)).toBeNull();
      expect(await store.put(emptyDayRollup(day), null)).toBe(true);
      expect(await store.put(emptyDayRollup(day), null), 'second create').toBe(false);
      const first = await store.get(day);
      const next = { ...emptyDayRollup(day), ticks: [{ fromMs: 1, toMs: 2 }] };
      expect(await store.put(next, first?.version ?? '')).toBe(true);
      expect(await store.put(next, first?.version ?? ''), 'stale version').toBe(false);
      expect((await store.get(day))?.rollup.ticks).toEqual([{ fromMs: 1, toMs: 2 }]);
    });

    it(`throws a RollupDataError naming the object when it is not a rollup, in ${kind}`, async () => {
      const { store, corrupt } = await make();
      await corrupt('2026-03-11', Buffer.from('not gzip'));
      const error = await store.get('2026-03-11').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RollupDataError);
      expect((error as Error).message).toMatch(/rollups\/2026\/03\/11\.json\.gz is unreadable/);
      expect((error as Error).message).toContain('aftershock rollups rebuild');
    });
  }
});

describe('rolling snapshots up', () => {
  const ticks = ticksBetween('2026-03-12T20:00Z', '2026-03-13T02:00Z');

  it('gives the 5-minute bars a build over all snapshots gives when ticks are rolled up one by one', async () => {
    const { store } = await fsStore();
    const snapshots = sourceOf(scenario.snapshots);
    for (const tick of ticks)
      await rollUpTick({ snapshots, rollups: store, config: rollupConfig }, tick);
    const fromMs = Date.parse('2026-03-12T20:00Z');
    const toMs = Date.parse(ticks.at(-1)?.window.to ?? '');
    const read = await rollupSeriesSource(store).read({
      assets: ['BTC'],
      fromMs,
      toMs,
      barMinutes: 5,
    });
    const full = buildMarketSeries(scenario.snapshots, 'BTC', {
      configuredVenues: scenario.configuredVenues,
    });
    const expected = full.bars.filter((b) => b.openTimeMs >= fromMs && b.openTimeMs < toMs);
    expect(expected.length).toBeGreaterThan(60);
    expect(read.series.get('BTC')?.bars).toEqual(expected);
    expect(read.series.get('BTC')?.gaps).toEqual([]);
  });

  it('writes nothing when the same tick is rolled up again', async () => {
    const { store } = await fsStore();
    const input = { snapshots: sourceOf(scenario.snapshots), rollups: store, config: rollupConfig };
    const tick = ticks[10] as Snapshot;
    expect(await rollUpTick(input, tick)).toEqual(['2026-03-12']);
    const before = await store.get('2026-03-12');
    expect(await rollUpTick(input, tick), 'the same collection window again').toEqual([]);
    expect((await store.get('2026-03-12'))?.version).toBe(before?.version);
  });

  it('loses no tick when collectors roll up six ticks at once on S3', async () => {
    const { store } = await s3Store();
    const { store: sequential } = await fsStore();
    const burst = ticks.slice(20, 26);
    const snapshots = sourceOf(scenario.snapshots);
    await Promise.all(
      burst.map((t) => rollUpTick({ snapshots, rollups: store, config: rollupConfig }, t)),
    );
    for (const t of burst)
      await rollUpTick({ snapshots, rollups: sequential, config: rollupConfig }, t);
    expect(proxy.stats.preconditionFailed, 'the writers did race').toBeGreaterThan(0);
    expect((await store.get('2026-03-12'))?.rollup).toEqual(
      (await sequential.get('2026-03-12'))?.rollup,
    );
  });

  it('rebuilds days to the same rollups the ticks wrote, and replaces an unreadable one', async () => {
    const { store } = await fsStore();
    const snapshots = sourceOf(scenario.snapshots);
    const day = ticksBetween('2026-03-11T00:00Z', '2026-03-12T00:05Z');
    for (const tick of day)
      await rollUpTick({ snapshots, rollups: store, config: rollupConfig }, tick);
    const ticked = (await store.get('2026-03-11'))?.rollup;
    const { store: rebuilt, dir: rebuiltDir } = await fsStore();
    const file = path.join(rebuiltDir, ...rollupKey('2026-03-11').split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'garbage');
    const range = {
      fromMs: Date.parse('2026-03-11T00:00Z'),
      toMs: Date.parse('2026-03-12T00:00Z'),
    };
    const input = { snapshots, rollups: rebuilt, config: rollupConfig };
    expect(await rebuildRollups(input, range)).toEqual([{ day: '2026-03-11', changed: true }]);
    expect((await rebuilt.get('2026-03-11'))?.rollup.assets).toEqual(ticked?.assets);
    expect(await rebuildRollups(input, range), 'again: nothing to do').toEqual([
      { day: '2026-03-11', changed: false },
    ]);
  });
});

describe('reading series from rollups', () => {
  const full = buildMarketSeries(scenario.snapshots, 'BTC', {
    configuredVenues: scenario.configuredVenues,
  });
  const range = { fromMs: Date.parse('2026-03-08T00:00Z'), toMs: Date.parse('2026-03-11T00:00Z') };

  it('treats a missing day as a gap, never as a day without liquidations', async () => {
    const { store } = await fsStore();
    for (const rollup of rollupsOfSeries([full]))
      if (rollup.day !== '2026-03-09') await store.put(rollup, null);
    const read = await rollupSeriesSource(store).read({ assets: ['BTC'], ...range, barMinutes: 5 });
    expect(read.unknownDays).toEqual([{ day: '2026-03-09', reason: 'no rollup was written' }]);
    const series = read.series.get('BTC');
    const missing = {
      fromMs: Date.parse('2026-03-09T00:00Z'),
      toMs: Date.parse('2026-03-10T00:00Z'),
    };
    expect(series?.gaps).toEqual([missing]);
    expect(
      series?.bars.some((b) => b.openTimeMs >= missing.fromMs && b.openTimeMs < missing.toMs),
    ).toBe(false);
    expect(series?.bars.filter((b) => b.liqLongUsd === 0 && b.liqShortUsd === 0).length).toBe(
      full.bars.filter(
        (b) =>
          b.openTimeMs >= range.fromMs &&
          b.openTimeMs < range.toMs &&
          (b.openTimeMs < missing.fromMs || b.openTimeMs >= missing.toMs) &&
          b.liqLongUsd === 0 &&
          b.liqShortUsd === 0,
      ).length,
    );
  });

  it('reads an unreadable day as unknown, names it, and still reads the others', async () => {
    const { store, dir } = await fsStore();
    for (const rollup of rollupsOfSeries([full])) await store.put(rollup, null);
    await writeFile(path.join(dir, ...rollupKey('2026-03-10').split('/')), 'garbage');
    const read = await rollupSeriesSource(store).read({
      assets: ['BTC'],
      ...range,
      barMinutes: 60,
    });
    expect(read.unknownDays.map((d) => d.day)).toEqual(['2026-03-10']);
    expect(read.unknownDays[0]?.reason).toMatch(/unreadable/);
    const hours = read.series.get('BTC')?.bars.map((b) => b.openTimeMs) ?? [];
    expect(hours).toHaveLength(48);
    expect(Math.max(...hours)).toBe(Date.parse('2026-03-09T23:00Z'));
  });
});

describe('rolling the market beyond the assets up', () => {
  const market = generateMarketScenario(SMALL_MARKET_WITH_TAIL);
  const marketConfig = {
    assets: market.coins,
    venues: market.configuredVenues.map((id) => ({ id })),
  };
  const marketTicks = market.snapshots.filter(
    (s) => s.takenAt >= '2026-03-12T20:00' && s.takenAt < '2026-03-12T23:00',
  );

  /** The market's ticks from 20:00 to 23:00 rolled up one by one into a new bucket. */
  async function rolledUpTickByTick() {
    const { store: rollups, bucket } = await s3Store();
    const marketRollups = s3MarketRollupStore(s3, bucket);
    const input = {
      snapshots: sourceOf(market.snapshots),
      rollups,
      marketRollups,
      config: marketConfig,
    };
    for (const tick of marketTicks) await rollUpTick(input, tick);
    return { rollups, marketRollups, bucket, input };
  }

  it('rolls it up tick by tick into its own S3 objects, as a read of all the snapshots gives it', async () => {
    const { rollups, marketRollups, bucket, input } = await rolledUpTickByTick();
    const fromMs = Date.parse('2026-03-12T20:00Z');
    const toMs = Date.parse(marketTicks.at(-1)?.window.to ?? '');
    const request = { assets: market.coins, fromMs, toMs, barMinutes: 5 as const };
    const read = await rollupSeriesSource(rollups, marketRollups).read({
      ...request,
      beyond: true,
    });
    const direct = readMarketBeyond(
      market.snapshots.filter(
        (s) => Date.parse(s.window.from) >= fromMs && Date.parse(s.window.to) <= toMs,
      ),
      5,
    );
    expect(read.beyond?.bars.length).toBeGreaterThan(30);
    expect(read.beyond?.bars).toEqual(direct?.bars);
    expect(read.beyond?.largest.slice(0, 10)).toEqual(direct?.largest.slice(0, 10));
    expect(Object.keys(read.beyond?.leverage[0]?.byCoin ?? {}).sort()).toEqual(['PEPE', 'WIF']);
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'rollups/market/2026/03/12.json.gz' }),
    );
    expect(stored.ContentEncoding).toBe('gzip');
    // A repeated tick writes nothing; the detector's read (no beyond asked) leaves them unread.
    const again = await rollUpTick(input, marketTicks[10] as Snapshot);
    expect(again).toEqual([]);
    const asked: string[] = [];
    const counting = {
      ...marketRollups,
      get: (day: string) => {
        asked.push(day);
        return marketRollups.get(day);
      },
    };
    const detectorRead = await rollupSeriesSource(rollups, counting).read(request);
    expect(detectorRead.beyond).toBeNull();
    expect(detectorRead.history).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('keeps the market series of every hour in its month of history, as the report adds it up', async () => {
    const { rollups, marketRollups, bucket } = await rolledUpTickByTick();
    const fromMs = Date.parse('2026-03-12T20:00Z');
    const toMs = Date.parse('2026-03-12T23:00Z');
    const read = await rollupSeriesSource(rollups, marketRollups).read({
      assets: market.coins,
      fromMs,
      toMs,
      barMinutes: 5,
      beyond: true,
    });
    // The report's market bars (the coins and the market beyond them), summed by clock hour.
    const wide = buildMarketWideSeries([...read.series.values()], read.beyond);
    const byHour = new Map<number, number>();
    for (const bar of wide.bars) {
      const hourMs = Math.floor(bar.openTimeMs / 3_600_000) * 3_600_000;
      byHour.set(hourMs, (byHour.get(hourMs) ?? 0) + bar.liqLongUsd + bar.liqShortUsd);
    }
    const stored = (await marketRollups.history.get('2026-03'))?.rollup.hours ?? [];
    const inRange = stored.filter((h) => h.hourMs >= fromMs && h.hourMs < toMs);
    expect(inRange.map((h) => new Date(h.hourMs).toISOString().slice(11, 16))).toEqual([
      '20:00',
      '21:00',
      '22:00',
    ]);
    for (const hour of inRange)
      expect(Math.abs(hour.longUsd + hour.shortUsd - (byHour.get(hour.hourMs) ?? 0))).toBeLessThan(
        1,
      );
    expect(inRange[0]?.longUsd ?? 0, 'the flush hour: its longs').toBeGreaterThan(1e8);
    expect(read.history.filter((h) => h.hourMs >= fromMs)).toEqual(inRange);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'rollups/market-history/2026/03.json.gz' }),
    );
    expect(object.ContentEncoding).toBe('gzip');
  });
});

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import {
  type FileLocker,
  fsMarketRollupStore,
  fsRollupStore,
} from '../../../lambdas/market/rollups/fs-rollup-store.ts';
import { marketHistoryKey } from '../../../lambdas/market/rollups/rollup-days.ts';
import {
  generateMarketScenario,
  type MarketCoinPlan,
} from '../../../lambdas/market/scenarios/index.ts';
import type { MarketFacts } from '../../../lambdas/model/index.ts';
import { withFileLock } from '../../../lambdas/publish/file-lock.ts';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import {
  MANIFEST_KEY,
  MemorySiteStore,
  subscriberWantsReport,
} from '../../../lambdas/publish/index.ts';
import { loadReportEmail, type SendJob } from '../../../lambdas/publish/send-job.ts';
import { detectAndReport } from '../../../lambdas/use-cases/detect-and-report.ts';
import {
  rollupSeriesSource,
  snapshotSeriesSource,
} from '../../../lambdas/use-cases/market-series-source.ts';
import { publishReport } from '../../../lambdas/use-cases/publish-report.ts';
import { rebuildRollups } from '../../../lambdas/use-cases/roll-up-snapshots.ts';
import type { SnapshotSource } from '../../../lambdas/use-cases/snapshot-source.ts';
import { emulatorClients, emulatorConfig } from '../publish/aws-test-support.ts';
import { createFlushStateTable } from './flush-state-table.ts';

// The scheduled detector on a simulated market (DESIGN.md §4): BTC, ETH and SOL flush together
// at 20:30 UTC on 12 Mar 2026, and the all-market feeds carry PEPE and WIF beyond them.
const { doc } = emulatorClients(emulatorConfig());
const WIPEOUT: MarketCoinPlan[] = [
  { coin: 'BTC', plan: 'long-flush-reclaim' },
  { coin: 'ETH', plan: 'long-flush-stabilizing' },
  { coin: 'SOL', plan: 'long-flush-grind-lower' },
];
const LONG_TAIL: MarketCoinPlan[] = [
  { coin: 'PEPE', plan: 'long-flush-grind-lower' },
  { coin: 'WIF', plan: 'long-flush-reclaim' },
];

/** The collector's rollups of every day of the scenario, rebuilt from its ticks into a folder. */
async function rolledUp(
  scenario: ReturnType<typeof generateMarketScenario>,
  list: SnapshotSource['list'],
) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-market-flash-'));
  const lock = (file: string, fn: () => Promise<unknown>) => withFileLock(file, fn);
  const rollups = fsRollupStore(dir, lock as FileLocker);
  const marketRollups = fsMarketRollupStore(dir, lock as FileLocker);
  const firstMs = Date.parse(scenario.snapshots[0]?.window.from ?? '');
  const lastMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '');
  await rebuildRollups(
    {
      snapshots: { list },
      rollups,
      marketRollups,
      config: { assets: scenario.coins, venues: scenario.configuredVenues.map((id) => ({ id })) },
    },
    { fromMs: firstMs, toMs: lastMs + 1 },
  );
  return { dir, marketRollups, source: rollupSeriesSource(rollups, marketRollups) };
}

async function world(
  coins: MarketCoinPlan[],
  emailFloorUsd: Record<string, number> = { BTC: 50e6, default: 10e6 },
  options: { rollups?: boolean; followUps?: boolean } = {},
) {
  const scenario = generateMarketScenario({ coins, longTail: LONG_TAIL });
  const config = {
    ...emulatorConfig(),
    assets: scenario.coins,
    emailFloorUsd,
    venues: scenario.configuredVenues.map((id) => venueConfigSchema.parse({ id })),
  };
  const site = new MemorySiteStore();
  const queued: SendJob[] = [];
  const queue = { enqueue: async (job: SendJob) => void queued.push(job) };
  const state = new DynamoFlushStateStore(doc, await createFlushStateTable(doc));
  const list: SnapshotSource['list'] = async ({ fromMs, toMs }) =>
    scenario.snapshots.filter(
      (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
    );
  const stored = options.rollups === true ? await rolledUp(scenario, list) : null;
  const market = stored?.source ?? snapshotSeriesSource({ list }, scenario.configuredVenues);
  const logged: string[] = [];
  const run = (nowMs: number) =>
    detectAndReport({
      market,
      state,
      log: (line) => void logged.push(line),
      config,
      nowMs,
      tasks: { flashes: true, followUps: options.followUps === true },
      publish: async (rendered, options) =>
        (
          await publishReport(
            rendered,
            { site, artifacts: site, queue },
            { ...options, config, nowMs },
          )
        ).meta,
    });
  return { site, queued, state, run, stored, logged };
}

const flashes = (entries: ReadonlyArray<{ asset: string; outcome: string; emailed?: boolean }>) =>
  entries.map((e) => `${e.asset} ${e.outcome}${e.emailed === undefined ? '' : ` ${e.emailed}`}`);

describe('the scheduled detector on a market-wide flush', () => {
  it('mails one market report and publishes each coin’s own flash on the site only', async () => {
    const w = await world(WIPEOUT);
    const { entries } = await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(flashes(entries)).toEqual([
      'Market published true',
      'BTC published false',
      'ETH published false',
      'SOL published false',
    ]);
    const [market, btc] = entries;
    expect(market?.reportId).toBe('2026-03-12-market-long-flush-2030');
    expect(market?.note).toBe(
      'mailed for BTC, ETH, SOL: their own flashes are published on the site only',
    );
    expect(btc?.note).toBe(
      'published on the site only: part of the market-wide flush the market report 2026-03-12-market-long-flush-2030 mailed',
    );
    expect(
      w.queued.map((j) => j.reportId),
      'one email for the event',
    ).toEqual(['2026-03-12-market-long-flush-2030']);
    const manifest = (await w.site.getText(MANIFEST_KEY)) ?? '';
    for (const id of entries.map((e) => e.reportId)) expect(manifest).toContain(id);
    const page = [...w.site.files.entries()].find(([k]) =>
      k.endsWith('2026-03-12-market-long-flush-2030/data.json'),
    );
    const facts = JSON.parse(String(page?.[1].body ?? '{}')).facts;
    expect(
      facts.otherCoins.coins.map((c: { coin: string }) => c.coin).sort(),
      'the market beyond the assets is in it',
    ).toEqual(['PEPE', 'WIF']);

    const again = await w.run(Date.parse('2026-03-12T23:35:00Z'));
    expect(again.entries, 'nothing twice').toEqual([]);
    expect(w.queued).toHaveLength(1);
  });

  it('follows the market story, mailing its followers a version whose readings changed, and mails the coins’ own follow-ups as their flashes would have been', async () => {
    const w = await world(WIPEOUT, undefined, { followUps: true });
    await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(w.queued.map((j) => j.reportId)).toEqual(['2026-03-12-market-long-flush-2030']);
    // Each coin's own readings follow as its follow-ups, mailed when the reading changes, as
    // if its flash had been mailed (not 'its flash was not mailed').
    const notes = async (iso: string) =>
      (await w.run(Date.parse(iso))).entries.map(
        (e) => `${e.task} ${e.asset} ${e.emailed}: ${e.note ?? ''}`,
      );
    expect(await notes('2026-03-13T03:30:00Z')).toEqual([
      // BTC's first reading in the market story (its own 1h came after the market flash).
      'follow-up 4h Market true: ',
      'follow-up 4h BTC false: not mailed: the reading is stabilizing, as at 1h; the story page is updated',
      'follow-up 4h ETH false: not mailed: the reading is stabilizing, as at 1h; the story page is updated',
      'follow-up 4h SOL false: not mailed: the reading is stabilizing, as at 1h; the story page is updated',
    ]);
    expect(await notes('2026-03-13T23:30:00Z')).toEqual([
      'follow-up 24h Market true: ',
      'follow-up 24h BTC true: ',
      'follow-up 24h ETH false: not mailed: the reading is stabilizing, as at 4h; the story page is updated',
      'follow-up 24h SOL true: ',
    ]);
    expect(w.queued.map((j) => j.reportId)).toEqual([
      '2026-03-12-market-long-flush-2030',
      '2026-03-12-market-long-flush-2030-follow-up-4h',
      '2026-03-12-market-long-flush-2030-follow-up-24h',
      '2026-03-12-btc-long-flush-2025-follow-up-24h',
      '2026-03-12-sol-long-flush-2030-follow-up-24h',
    ]);
    // Its mail goes to the whole market's followers only: a coin's follower gets the coin's.
    const job = w.queued.find((j) => j.reportId.endsWith('market-long-flush-2030-follow-up-24h'));
    if (!job) throw new Error('no market follow-up queued');
    const stored = await loadReportEmail(w.site, job);
    expect(stored.meta.mailAssets).toEqual(['Market']);
    expect(subscriberWantsReport({ assets: ['MARKET'] }, stored.meta)).toBe(true);
    expect(subscriberWantsReport({ assets: ['BTC'] }, stored.meta)).toBe(false);
    // The market report is one story: its page is the newest version, each version kept under it.
    const story = 'reports/2026/03/12/2026-03-12-market-long-flush-2030/';
    for (const version of ['1h', '4h', '24h'])
      expect(w.site.files.has(`${story}v/${version}/index.html`), version).toBe(true);
    const page = (await w.site.getText(`${story}index.html`)) ?? '';
    // The follow-up compares with the flash as it was published: at 23:30, its figures ran to
    // the bar that closed at 23:25 (the 23:30 tick was not stored yet), and so do its prices.
    expect(page).toContain(
      'Between the flash report’s figures and this 24h version’s, from 23:25 UTC on 12 Mar to 22:50 UTC on 13 Mar 2026:',
    );
    const dataOf = async (version: string) =>
      JSON.parse((await w.site.getText(`${story}v/${version}/data.json`)) ?? '{}') as {
        facts: MarketFacts;
      };
    const [flashData, latestData] = [await dataOf('1h'), await dataOf('24h')];
    const btcThen = latestData.facts.sinceFlash?.majors.find((m) => m.coin === 'BTC')?.priceThen;
    expect(btcThen).toBe(flashData.facts.majors.find((m) => m.coin === 'BTC')?.priceNow);
    expect(page).toMatch(
      /<title>\[Simulated\] At least \$[\d.]+B of crypto futures liquidated in a day; 24h after the flush: BTC reclaim, ETH stabilizing, SOL grind lower · Aftershock<\/title>/,
    );
    const manifest = JSON.parse((await w.site.getText(MANIFEST_KEY)) ?? '[]') as Array<{
      id: string;
      kind: string;
      storyId?: string;
    }>;
    expect(
      manifest
        .filter((m) => m.storyId === '2026-03-12-market-long-flush-2030')
        .map((m) => `${m.kind} ${m.id}`)
        .sort(),
    ).toEqual([
      'flash 2026-03-12-market-long-flush-2030',
      'follow-up 2026-03-12-market-long-flush-2030-follow-up-24h',
      'follow-up 2026-03-12-market-long-flush-2030-follow-up-4h',
    ]);
  });

  it('holds the coins’ own flashes while the market-wide flush is still running', async () => {
    const w = await world(WIPEOUT);
    // ETH's and SOL's own flushes ended by 22:00 and 22:10; the market's runs to 22:45.
    const during = await w.run(Date.parse('2026-03-12T22:50:00Z'));
    expect(during.entries.map((e) => [e.asset, e.outcome, e.note])).toEqual([
      ['ETH', 'skipped', 'held: part of a market-wide flush whose market report is not out yet'],
      ['SOL', 'skipped', 'held: part of a market-wide flush whose market report is not out yet'],
    ]);
    expect(w.queued, 'nothing mailed while it runs').toEqual([]);
    // Once it has ended, the market report goes out and the held flashes follow on the site.
    const after = await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(flashes(after.entries)).toEqual([
      'Market published true',
      'BTC published false',
      'ETH published false',
      'SOL published false',
    ]);
    expect(w.queued).toHaveLength(1);
  });

  it('mails the coins’ own flashes as usual when the market report is under its floor', async () => {
    const w = await world(WIPEOUT, { BTC: 50e6, MARKET: 1e12, default: 10e6 });
    const { entries } = await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(flashes(entries)).toEqual([
      'Market published false',
      'BTC published true',
      'ETH published true',
      'SOL published true',
    ]);
    expect(entries[0]?.note).toMatch(
      /^published on the site only: \$[\d.]+[MB] liquidated is under the \$1\.0T email floor$/,
    );
  });

  it('leaves a flush of one coin to that coin’s own flash', async () => {
    const w = await world([
      { coin: 'BTC', plan: 'long-flush-reclaim' },
      { coin: 'ETH', plan: 'calm' },
      { coin: 'SOL', plan: 'calm' },
    ]);
    const { entries } = await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(flashes(entries)).toEqual(['BTC published true']);
    expect(w.queued.map((j) => j.reportId)).toEqual(['2026-03-12-btc-long-flush-2025']);
  });

  it('ranks the market report against the months of history the rollups keep, as far as they read', async () => {
    const w = await world(WIPEOUT, undefined, { rollups: true });
    const history = w.stored?.marketRollups.history;
    if (history === undefined) throw new Error('no rollups');
    // A stored January (labelled fixture: one hour of $5B on 15 Jan 2026 among quiet hours), as
    // the collector would have kept it.
    const january = Array.from({ length: 31 * 24 }, (_, i) => {
      const hourMs = Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000;
      const usd = hourMs === Date.parse('2026-01-15T00:00:00Z') ? 5e9 : 1e6;
      return { hourMs, longUsd: usd / 2, shortUsd: usd / 2 };
    });
    expect(await history.put({ month: '2026-01', hours: january }, null)).toBe(true);
    const march = (await history.get('2026-03'))?.rollup.hours ?? [];
    expect(march.length, 'the rebuilt days of March').toBeGreaterThan(24 * 10);

    const { entries } = await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(flashes(entries)[0]).toBe('Market published true');
    const factsOf = (site: MemorySiteStore) => {
      const file = [...site.files.entries()].find(([k]) =>
        k.endsWith('2026-03-12-market-long-flush-2030/data.json'),
      );
      return JSON.parse(String(file?.[1].body ?? '{}')).facts;
    };
    const { rank } = factsOf(w.site);
    expect(rank.largerBefore).toEqual({
      endMs: Date.parse('2026-01-16T00:00:00Z'),
      totalUsd: 5e9 + 23 * 1e6,
    });
    expect(rank.historyDays).toBe(70);
    const page = [...w.site.files.entries()].find(([k]) =>
      k.endsWith('2026-03-12-market-long-flush-2030/index.html'),
    );
    expect(String(page?.[1].body ?? '')).toContain(
      'The largest 24-hour total since 16 Jan 2026, when $5.02B was liquidated in the 24 hours to 16 Jan 2026, 00:00 UTC.',
    );
  });

  it('ranks only as far back as it can read when a month of history is unreadable, and says so', async () => {
    const w = await world(WIPEOUT, undefined, { rollups: true });
    const history = w.stored?.marketRollups.history;
    if (history === undefined || w.stored === null) throw new Error('no rollups');
    const hourMs = Date.parse('2026-01-15T00:00:00Z');
    await history.put({ month: '2026-01', hours: [{ hourMs, longUsd: 5e9, shortUsd: 0 }] }, null);
    const february = path.join(w.stored.dir, ...marketHistoryKey('2026-02').split('/'));
    await mkdir(path.dirname(february), { recursive: true });
    await writeFile(february, 'not gzip');

    const { entries } = await w.run(Date.parse('2026-03-12T23:30:00Z'));
    expect(flashes(entries)[0]).toBe('Market published true');
    const file = [...w.site.files.entries()].find(([k]) =>
      k.endsWith('2026-03-12-market-long-flush-2030/data.json'),
    );
    const { rank } = JSON.parse(String(file?.[1].body ?? '{}')).facts;
    expect(rank.largerBefore, 'January is past the unreadable February').toBeNull();
    expect(rank.historyDays, 'from the first hour of March stored').toBe(10);
    expect(w.logged.join('\n')).toMatch(
      /market data unknown \(treated as gaps\) on 2026-02: market history: Rollup .*02\.json\.gz is unreadable/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import {
  generateMarketScenario,
  type MarketCoinPlan,
} from '../../../lambdas/market/scenarios/index.ts';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { MANIFEST_KEY, MemorySiteStore } from '../../../lambdas/publish/index.ts';
import type { SendJob } from '../../../lambdas/publish/send-job.ts';
import { detectAndReport } from '../../../lambdas/use-cases/detect-and-report.ts';
import { snapshotSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { publishReport } from '../../../lambdas/use-cases/publish-report.ts';
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

async function world(
  coins: MarketCoinPlan[],
  emailFloorUsd: Record<string, number> = { BTC: 50e6, default: 10e6 },
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
  const market = snapshotSeriesSource(
    {
      list: async ({ fromMs, toMs }) =>
        scenario.snapshots.filter(
          (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
        ),
    },
    scenario.configuredVenues,
  );
  const run = (nowMs: number) =>
    detectAndReport({
      market,
      state,
      config,
      nowMs,
      tasks: { flashes: true, followUps: false },
      publish: async (rendered, options) =>
        (
          await publishReport(
            rendered,
            { site, artifacts: site, queue },
            { ...options, config, nowMs },
          )
        ).meta,
    });
  return { site, queued, state, run };
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
});

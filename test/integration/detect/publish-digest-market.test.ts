import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fsMarketRollupStore,
  fsRollupStore,
} from '../../../lambdas/market/rollups/fs-rollup-store.ts';
import {
  generateMarketScenario,
  type MarketCoinPlan,
} from '../../../lambdas/market/scenarios/index.ts';
import type { MarketFacts, ReportMeta } from '../../../lambdas/model/index.ts';
import { withFileLock } from '../../../lambdas/publish/file-lock.ts';
import {
  emailForRecipient,
  MANIFEST_KEY,
  subscriberWantsReport,
} from '../../../lambdas/publish/index.ts';
import { loadReportEmail } from '../../../lambdas/publish/send-job.ts';
import { rollupSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { rebuildRollups } from '../../../lambdas/use-cases/roll-up-snapshots.ts';
import { digestOverSnapshots } from './digest-over-snapshots.ts';

const HOUR_MS = 3_600_000;

/** The digest handler on dynalite over a simulated market of BTC, ETH and SOL. */
async function runDigest(coins: MarketCoinPlan[], nowMs: (endMs: number) => number) {
  const scenario = generateMarketScenario({ coins });
  const endMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '') + 60_000;
  const { handler, site, artifacts, queued } = await digestOverSnapshots({
    snapshots: scenario.snapshots,
    assets: scenario.coins,
    venues: scenario.configuredVenues,
    nowMs: nowMs(endMs),
  });
  const summary = await handler();
  const [job] = queued;
  if (!job) throw new Error('no mailing was queued');
  return { summary, site, stored: await loadReportEmail(artifacts, job), queued };
}

describe('the daily digest of a market of several coins', () => {
  it('leads with the market report on the day of a market-wide flush, for every subscriber', async () => {
    const { summary, site, stored } = await runDigest(
      [
        { coin: 'BTC', plan: 'long-flush-reclaim' },
        { coin: 'ETH', plan: 'long-flush-stabilizing' },
        { coin: 'SOL', plan: 'long-flush-grind-lower' },
      ],
      // The morning after the 20:30 flush: it ended within the digest's day.
      (endMs) => endMs - 20 * HOUR_MS,
    );
    const [market] = summary.entries;
    expect(market).toMatchObject({ asset: 'Market', task: 'digest', outcome: 'published' });
    // Its story's newest version as of the digest: the 4h reading, the detector's follow-up.
    expect(market?.reportId).toBe('2026-03-12-market-long-flush-2030-follow-up-4h');
    expect(await site.getText(MANIFEST_KEY)).toContain('2026-03-12-market-long-flush-2030');
    expect(stored.email.parts?.map((p) => p.asset)).toEqual(['Market', 'BTC', 'ETH', 'SOL']);
    expect(stored.email.parts?.[0]).toMatchObject({ everyone: true });
    const btcOnly = emailForRecipient(stored.email, ['BTC']);
    expect(btcOnly?.subject).toMatch(/: the market and BTC$/);
    expect(btcOnly?.text).toMatch(
      /What the market and BTC did in the last 24 hours\.[\s\S]*\nAt least \$[\d.]+B of crypto futures liquidated in 6 hours 20 minutes; 4h after the flush: BTC stabilizing, ETH stabilizing, SOL stabilizing/,
    );
    expect(btcOnly?.text).toContain(
      'The market report: every coin, the venues and what to watch: https://aftershock.example.com/reports/2026/03/12/2026-03-12-market-long-flush-2030/',
    );
    expect(
      btcOnly?.text.indexOf('crypto futures liquidated'),
      'the market comes first',
    ).toBeLessThan(btcOnly?.text.indexOf('BTC digest') ?? 0);
    // A reader who follows the whole market alone is a recipient, and gets its part only.
    const marketOnly = { assets: ['MARKET'], wants: ['digest' as const] };
    expect(subscriberWantsReport(marketOnly, stored.meta)).toBe(true);
    const own = emailForRecipient(stored.email, marketOnly.assets);
    expect(own?.subject).toMatch(/: the market$/);
    expect(own?.parts?.map((p) => p.asset)).toEqual(['Market']);
    expect(own?.text).not.toContain('BTC digest');
  });

  it('gives a calm day one line, with no page of its own', async () => {
    const { summary, site, stored } = await runDigest(
      [
        { coin: 'BTC', plan: 'calm' },
        { coin: 'ETH', plan: 'calm' },
      ],
      (endMs) => endMs,
    );
    expect(summary.entries[0]).toMatchObject({
      asset: 'Market',
      outcome: 'skipped',
      note: expect.stringMatching(/^calm: No market-wide flush in the 24 hours to /),
    });
    expect(await site.getText(MANIFEST_KEY)).not.toMatch(/-market-(long|short)/);
    const text = emailForRecipient(stored.email, [])?.text ?? '';
    expect(text).toMatch(
      /A calm day across the market\n\nNo market-wide flush in the 24 hours to \d\d:\d\d UTC on \d+ Mar 2026: at least \$[\d.]+[KM] liquidated across BTC and ETH, \d+ % of it longs\.\n/,
    );
    expect(text, 'no link: the line is the whole part').not.toMatch(/The market report:/);
  });

  it('counts the coins beyond the covered ones from the day rollups, as from the snapshots', async () => {
    const scenario = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'long-flush-reclaim' },
        { coin: 'ETH', plan: 'long-flush-stabilizing' },
        { coin: 'SOL', plan: 'long-flush-grind-lower' },
      ],
      longTail: [
        { coin: 'PEPE', plan: 'long-flush-grind-lower' },
        { coin: 'WIF', plan: 'long-flush-reclaim' },
      ],
    });
    const endMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '') + 60_000;
    const nowMs = endMs - 20 * HOUR_MS;
    const list = async ({ fromMs, toMs }: { fromMs: number; toMs: number }) =>
      scenario.snapshots.filter(
        (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
      );
    // The collector's rollups of the days the digest reads, rebuilt from the stored ticks.
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-digest-rollups-'));
    const rollups = fsRollupStore(dir, (file, fn) => withFileLock(file, fn));
    const marketRollups = fsMarketRollupStore(dir, (file, fn) => withFileLock(file, fn));
    await rebuildRollups(
      {
        snapshots: { list },
        rollups,
        marketRollups,
        config: { assets: scenario.coins, venues: scenario.configuredVenues.map((id) => ({ id })) },
      },
      { fromMs: nowMs - 3 * 24 * HOUR_MS, toMs: nowMs },
    );
    const factsOf = async (market?: ReturnType<typeof rollupSeriesSource>) => {
      const run = await digestOverSnapshots({
        snapshots: scenario.snapshots,
        assets: scenario.coins,
        venues: scenario.configuredVenues,
        nowMs,
        ...(market === undefined ? {} : { market }),
      });
      const summary = await run.handler();
      const id = summary.entries[0]?.reportId ?? '';
      const manifest = JSON.parse((await run.site.getText(MANIFEST_KEY)) ?? '[]') as ReportMeta[];
      const path = manifest.find((m) => m.id === id)?.path ?? '';
      const text = await run.site.getText(`${path}data.json`);
      return (JSON.parse(text ?? '{}') as { facts: MarketFacts }).facts;
    };
    const fromRollups = await factsOf(rollupSeriesSource(rollups, marketRollups));
    const fromSnapshots = await factsOf();
    expect(fromRollups.otherCoins?.coins.map((c) => c.coin).sort()).toEqual(['PEPE', 'WIF']);
    expect(fromRollups.otherCoins?.totalUsd).toBeCloseTo(
      fromSnapshots.otherCoins?.totalUsd ?? 0,
      0,
    );
    expect(fromRollups.day.totalUsd).toBeCloseTo(fromSnapshots.day.totalUsd, 0);
    expect(fromRollups.largestOrders).toEqual(fromSnapshots.largestOrders);
    expect(fromRollups.venues.map((v) => v.scope)).toEqual(
      fromSnapshots.venues.map((v) => v.scope),
    );
    // The rollups keep the first bulk reading of each hour: the same coins, read at the hour.
    expect(fromRollups.beyondLeverage?.coins).toBe(2);
    expect(fromSnapshots.beyondLeverage?.coins).toBe(2);
    expect((fromRollups.beyondLeverage?.beforeMs ?? 0) % HOUR_MS, 'the hour’s first reading').toBe(
      5 * 60_000,
    );
  });
});

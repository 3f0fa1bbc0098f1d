import { performance } from 'node:perf_hooks';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { parseConfig } from '../../lambdas/load-config.ts';
import {
  s3MarketRollupStore,
  s3RollupStore,
} from '../../lambdas/market/rollups/s3-rollup-store.ts';
import { generateMarketScenario } from '../../lambdas/market/scenarios/index.ts';
import type { Snapshot } from '../../lambdas/model/index.ts';
import { s3Client } from '../../lambdas/publish/aws/aws-clients.ts';
import {
  type RollUpInput,
  rollUpSpan,
  rollUpTick,
} from '../../lambdas/use-cases/roll-up-snapshots.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../../test/integration/emulators.ts';
import { uniqueName } from '../../test/support/dynamo-tables.ts';
import { type BenchSuite, countS3Requests, figure } from '../bench-support.ts';
import { startEmulatorHost } from './send.ts';

const DAY = '2026-03-12';
const TICKS = 12;

/**
 * The collector's rollup step after storing a tick (`rollUpTick`), on s3rver in its own process,
 * for the simulated 12-coin wipeout (`npm start`'s market; its feeds carry six more coins) on
 * its flush day: the first hour's ticks (a day object still small) and the last hour's (the day
 * rolled up to 23:00 first), with the assets' rollups alone and with the market's beside them
 * (the market beyond the assets and the month of market history). Snapshots are read from
 * memory, so the figures are the rollups' own cost.
 */
export const rollupsSuite: BenchSuite = {
  name: 'rollups',
  async run() {
    const host = await startEmulatorHost();
    try {
      const scenario = generateMarketScenario({ seed: 1 });
      const config = parseConfig({
        assets: scenario.coins,
        venues: scenario.configuredVenues.map((id) => ({ id })),
        aws: { region: EMULATOR_REGION, endpoints: host.endpoints },
      });
      const s3 = s3Client(config, { credentials: EMULATOR_CREDENTIALS });
      const counter = countS3Requests(s3);
      const snapshots = {
        list: async ({ fromMs, toMs }: { fromMs: number; toMs: number }) =>
          scenario.snapshots.filter(
            (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
          ),
      };
      const dayMs = Date.parse(`${DAY}T00:00:00Z`);
      const ticksFrom = (fromMs: number): Snapshot[] =>
        scenario.snapshots.filter((s) => Date.parse(s.window.from) >= fromMs).slice(0, TICKS);
      const measure = async (withMarket: boolean, hour: 'first' | 'last') => {
        const bucket = uniqueName('bench-rollup-ticks');
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        const input: RollUpInput = {
          snapshots,
          rollups: s3RollupStore(s3, bucket),
          marketRollups: withMarket ? s3MarketRollupStore(s3, bucket) : undefined,
          config: {
            assets: scenario.coins,
            venues: scenario.configuredVenues.map((id) => ({ id })),
          },
        };
        const fromMs = hour === 'first' ? dayMs : dayMs + 23 * 3_600_000;
        if (hour === 'last') await rollUpSpan(input, { fromMs: dayMs, toMs: fromMs });
        const ms: number[] = [];
        const gets: number[] = [];
        const puts: number[] = [];
        for (const tick of ticksFrom(fromMs)) {
          const before = { ...counter };
          const started = performance.now();
          await rollUpTick(input, tick);
          ms.push(performance.now() - started);
          gets.push(counter.gets - before.gets);
          puts.push(counter.puts - before.puts);
        }
        return {
          tick: figure(ms, null),
          getsPerTick: figure(gets, null, 'requests'),
          putsPerTick: figure(puts, null, 'requests'),
        };
      };
      return {
        assetsOnly: {
          firstHour: await measure(false, 'first'),
          lastHour: await measure(false, 'last'),
        },
        withMarket: {
          firstHour: await measure(true, 'first'),
          lastHour: await measure(true, 'last'),
        },
        coins: scenario.coins.length,
        note: `${TICKS} ticks from 00:00 and from 23:00 UTC of the flush day (${DAY}); withMarket adds the market's day object and its month of history (three read-modify-writes a tick, two more reads)`,
      };
    } finally {
      await host.stop();
    }
  },
};

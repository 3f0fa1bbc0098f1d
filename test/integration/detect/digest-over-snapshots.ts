import { venueConfigSchema } from '../../../lambdas/config.ts';
import { createDigestHandler } from '../../../lambdas/handlers/digest-handler.ts';
import type { Snapshot } from '../../../lambdas/model/index.ts';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { MemorySiteStore } from '../../../lambdas/publish/index.ts';
import type { SendJob } from '../../../lambdas/publish/send-job.ts';
import {
  type MarketSeriesSource,
  snapshotSeriesSource,
} from '../../../lambdas/use-cases/market-series-source.ts';
import { emulatorClients, emulatorConfig } from '../publish/aws-test-support.ts';
import { createFlushStateTable } from './flush-state-table.ts';

const { doc } = emulatorClients(emulatorConfig());

/**
 * The real digest handler over stored snapshots (or `market`, e.g. their day rollups): flush state
 * on dynalite, the site and the private artifacts in memory, the send queue collecting jobs.
 */
export async function digestOverSnapshots(input: {
  snapshots: readonly Snapshot[];
  assets: string[];
  venues: string[];
  nowMs: number;
  market?: MarketSeriesSource;
}) {
  const site = new MemorySiteStore();
  const artifacts = new MemorySiteStore();
  const queued: SendJob[] = [];
  const handler = createDigestHandler({
    config: {
      ...emulatorConfig(),
      assets: input.assets,
      venues: input.venues.map((id) => venueConfigSchema.parse({ id })),
    },
    market:
      input.market ??
      snapshotSeriesSource(
        {
          list: async ({ fromMs, toMs }) =>
            input.snapshots.filter(
              (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
            ),
        },
        input.venues,
      ),
    state: new DynamoFlushStateStore(doc, await createFlushStateTable(doc)),
    site,
    artifacts,
    queue: { enqueue: async (job) => void queued.push(job) },
    nowMs: () => input.nowMs,
    log: () => undefined,
  });
  return { handler, site, artifacts, queued };
}

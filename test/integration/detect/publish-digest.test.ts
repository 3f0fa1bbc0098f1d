import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import { createDigestHandler } from '../../../lambdas/handlers/digest-handler.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { MANIFEST_KEY, MemorySiteStore } from '../../../lambdas/publish/index.ts';
import type { SendJob } from '../../../lambdas/publish/send-job.ts';
import { snapshotSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { emulatorClients, emulatorConfig } from '../publish/aws-test-support.ts';
import { createFlushStateTable } from './flush-state-table.ts';

const scenario = generateScenario('calm', { seed: 5 });
const endMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '') + 60_000;
const { doc } = emulatorClients(emulatorConfig());

describe('digest handler', () => {
  it('publishes and mails one digest per asset per day, however often it runs', async () => {
    const site = new MemorySiteStore();
    const queued: SendJob[] = [];
    const handler = createDigestHandler({
      config: {
        ...emulatorConfig(),
        assets: ['BTC'],
        venues: scenario.configuredVenues.map((id) => venueConfigSchema.parse({ id })),
      },
      market: snapshotSeriesSource(
        {
          list: async ({ fromMs, toMs }) =>
            scenario.snapshots.filter(
              (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
            ),
        },
        scenario.configuredVenues,
      ),
      state: new DynamoFlushStateStore(doc, await createFlushStateTable(doc)),
      site,
      artifacts: new MemorySiteStore(),
      queue: { enqueue: async (job) => void queued.push(job) },
      nowMs: () => endMs,
      log: () => undefined,
    });
    const first = await handler();
    expect(first.entries).toMatchObject([
      { asset: 'BTC', task: 'digest', outcome: 'published', emailed: true },
    ]);
    expect(first.entries[0]?.reportId).toMatch(/-digest$/);
    expect(await site.getText(MANIFEST_KEY)).toContain(first.entries[0]?.reportId ?? 'missing');
    const second = await handler();
    expect(second.entries).toMatchObject([{ outcome: 'skipped', note: 'already published today' }]);
    expect(queued, 'mailed once').toHaveLength(1);
  });
});

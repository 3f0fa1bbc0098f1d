import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import { createDigestHandler } from '../../../lambdas/handlers/digest-handler.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { MANIFEST_KEY, MemorySiteStore } from '../../../lambdas/publish/index.ts';
import { loadReportEmail, type SendJob } from '../../../lambdas/publish/send-job.ts';
import { snapshotSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { emulatorClients, emulatorConfig } from '../publish/aws-test-support.ts';
import { createFlushStateTable } from './flush-state-table.ts';

const scenario = generateScenario('calm', { seed: 5 });
const endMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '') + 60_000;
const { doc } = emulatorClients(emulatorConfig());

describe('digest handler', () => {
  it('publishes a digest page per asset and mails one digest for the day, however often it runs', async () => {
    const site = new MemorySiteStore();
    const artifacts = new MemorySiteStore();
    const queued: SendJob[] = [];
    const handler = createDigestHandler({
      config: {
        ...emulatorConfig(),
        // The scenario has BTC only: ETH has no data and is said to have none.
        assets: ['BTC', 'ETH'],
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
      artifacts,
      queue: { enqueue: async (job) => void queued.push(job) },
      nowMs: () => endMs,
      log: () => undefined,
    });
    const first = await handler();
    const day = new Date(endMs).toISOString().slice(0, 10);
    expect(first.entries).toMatchObject([
      {
        asset: 'BTC',
        task: 'digest',
        outcome: 'published',
        emailed: true,
        mailingId: `${day}-daily-digest`,
      },
      { asset: 'ETH', task: 'digest', outcome: 'skipped', note: 'no market data in the last day' },
    ]);
    expect(first.entries[0]?.reportId).toMatch(/-digest$/);
    expect(await site.getText(MANIFEST_KEY)).toContain(first.entries[0]?.reportId ?? 'missing');
    const second = await handler();
    expect(second.entries.map((e) => e.note)).toEqual([
      'already published today',
      'already published today',
    ]);
    expect(
      queued.map((job) => job.reportId),
      'one mailing, once',
    ).toEqual([`${day}-daily-digest`]);
    const stored = await loadReportEmail(artifacts, queued[0] as SendJob);
    expect(stored.email.parts).toEqual([{ asset: 'BTC', title: expect.stringContaining('BTC') }]);
    expect(stored.meta).toMatchObject({ kind: 'digest', assets: ['BTC'] });
  });
});

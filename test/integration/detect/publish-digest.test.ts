import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { MANIFEST_KEY } from '../../../lambdas/publish/index.ts';
import { loadReportEmail, type SendJob } from '../../../lambdas/publish/send-job.ts';
import { digestOverSnapshots } from './digest-over-snapshots.ts';

const scenario = generateScenario('calm', { seed: 5 });
const endMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '') + 60_000;

describe('digest handler', () => {
  it('publishes a digest page per asset and mails one digest for the day, however often it runs', async () => {
    // The scenario has BTC only: ETH has no data and is said to have none.
    const { handler, site, artifacts, queued } = await digestOverSnapshots({
      snapshots: scenario.snapshots,
      assets: ['BTC', 'ETH'],
      venues: scenario.configuredVenues,
      nowMs: endMs,
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

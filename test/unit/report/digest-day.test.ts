import { describe, expect, it } from 'vitest';
import { resampleBars } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { buildReportFromSeries } from '../../../lambdas/use-cases/build-report.ts';
import { findContradictions } from '../../support/report-contradictions.ts';
import { syntheticMarket } from '../analysis/synthetic-market.ts';

const config = configSchema.parse({});

/** Twelve hourly days; a $300M long flush of −9 % from 20:00 UTC on 8 Jan, then quiet. */
const market = syntheticMarket({
  days: 12,
  seed: 5,
  shocks: [
    { at: '2026-01-08T20:00:00Z', minutes: 120, liqUsd: 300e6, moveFrac: -0.09, side: 'long' },
  ],
});
const series = { ...market, simulated: false, barMinutes: 60, bars: resampleBars(market.bars, 60) };

function digestAt(iso: string) {
  return buildReportFromSeries({
    series,
    asset: 'BTC',
    asOfMs: Date.parse(iso),
    kind: 'digest',
    config,
  });
}

describe('the daily digest tells its day', () => {
  it('leads with a flush that ended in the 24 hours before it', async () => {
    const built = await digestAt('2026-01-09T07:00:00Z');
    expect(built.flush?.side).toBe('long');
    expect(built.rendered.meta.title).toMatch(/liquidated in .* as BTC longs flushed/);
  });

  it('names an older flush without leading with it, and never says the month was quiet', async () => {
    const built = await digestAt('2026-01-11T07:00:00Z');
    expect(built.flush, 'the flush ended two days before: not the story').toBeNull();
    const { meta, data, email } = built.rendered;
    expect(meta.title).toMatch(/^BTC calm at \$[\d,]+: no liquidation flush in the last 24 hours$/);
    expect(data.facts.earlierFlush?.side).toBe('long');
    expect(email.text).toContain(
      'No liquidation flush was detected in BTC in the last 24 hours to 07:00 UTC.',
    );
    expect(email.text).toMatch(
      /The last one was a long flush (from|between) \d\d:00 .*8 Jan 2026, with (at least )?\$\d+M liquidated\./,
    );
    expect(`${meta.title} ${email.text}`).not.toMatch(/last \d+ days|NaN|undefined/);
  });

  it('says where open interest and funding stand in words, beside its one chart', async () => {
    const built = await digestAt('2026-01-11T07:00:00Z');
    const { email, charts, data } = built.rendered;
    expect(email.text).toMatch(/Open interest (rose|fell) \d+\.\d % over the day to [\d,]+ BTC\./);
    expect(email.text).toMatch(
      /Funding is -?\d\.\d+ %\/8h, (about|above|below) its 30-day median of -?\d\.\d+ %\/8h\./,
    );
    const oiChange = data.facts.recent.oiFromFrac ?? Number.NaN;
    expect(email.text).toContain(oiChange > 0 ? 'Open interest rose' : 'Open interest fell');
    const drawn = charts.filter((chart) => chart.role === undefined).map((chart) => chart.file);
    expect(drawn).toEqual(['price.png', 'price-narrow.png']);
  });

  it('says the data was quiet for as long as it was when no flush is in it at all', async () => {
    const built = await digestAt('2026-01-08T07:00:00Z');
    expect(built.rendered.meta.title).toMatch(/no liquidation flush in the last 7 days$/);
    expect(built.rendered.data.facts.earlierFlush).toBeNull();
  });

  it('contradicts neither itself nor its data.json on any day around the flush', async () => {
    for (const day of ['08', '09', '10', '11', '12']) {
      const built = await digestAt(`2026-01-${day}T07:00:00Z`);
      expect(findContradictions(built.rendered), day).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { resampleBars } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { buildReportFromSeries } from '../../../lambdas/use-cases/build-report.ts';
import { syntheticMarket } from '../analysis/synthetic-market.ts';

const config = configSchema.parse({});

/** Ten hourly days; on the last, $88M of longs at 02:00 with the price 0.3 % lower at the close. */
const market = syntheticMarket({
  days: 10,
  seed: 3,
  shocks: [
    {
      at: '2026-01-10T02:00:00Z',
      minutes: 60,
      liqUsd: 88e6,
      moveFrac: -0.003,
      side: 'long',
      wickFrac: 0.005,
    },
  ],
});
const series = { ...market, simulated: false, barMinutes: 60, bars: resampleBars(market.bars, 60) };
const asOfMs = Date.parse('2026-01-10T12:00:00Z');

describe('the daily digest and liquidation spikes', () => {
  it('says in "What just happened" that a spike came without a flush, and puts it in data.json', async () => {
    const built = await buildReportFromSeries({
      series,
      asset: 'BTC',
      asOfMs,
      kind: 'digest',
      config,
    });
    expect(built.flush, 'no flush: the calm-market digest').toBeNull();
    expect(built.spikes).toHaveLength(1);
    const html = built.rendered.pageHtml;
    const [from, to] = [html.indexOf('id="what-just-happened"'), html.indexOf('id="bottom-line"')];
    expect(from, 'the section comes before the bottom line').toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    const section = html.slice(from, to);
    expect(section).toMatch(
      /A liquidation spike without a flush: \$8\dM of longs liquidated between 02:00 and 03:00 UTC on 10 Jan 2026 while the price moved only −\d\.\d\s% at most\./,
    );
    expect(built.rendered.email.text).toMatch(
      /A liquidation spike without a flush: \$8\dM of longs/,
    );
    expect(built.rendered.data.spikes.map((s) => new Date(s.startMs).toISOString())).toEqual([
      '2026-01-10T02:00:00.000Z',
    ]);
  });

  it('leaves out spikes that ended more than 24 hours before, and flash reports never carry them', async () => {
    const dayLater = await buildReportFromSeries({
      series,
      asset: 'BTC',
      asOfMs: asOfMs + 24 * 3_600_000,
      kind: 'digest',
      config,
    });
    expect(dayLater.rendered.data.spikes).toEqual([]);
    const adHoc = await buildReportFromSeries({
      series,
      asset: 'BTC',
      asOfMs,
      kind: 'ad-hoc',
      config,
    });
    expect(adHoc.spikes).toEqual([]);
    expect(adHoc.rendered.pageHtml).not.toMatch(/liquidation spike/);
  });
});

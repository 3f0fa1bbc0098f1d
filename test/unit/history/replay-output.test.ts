import { describe, expect, it } from 'vitest';
import { formatReplayText, toReplayJson } from '../../../bin/commands/replay-output.ts';
import { resampleBars } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { replayHistory } from '../../../lambdas/market/history/index.ts';
import { syntheticMarket } from '../analysis/synthetic-market.ts';

const config = configSchema.parse({});

/** Ten hourly days with one $88M hour of long liquidations that barely moved the price. */
function spikeSegments() {
  const market = syntheticMarket({
    days: 10,
    seed: 3,
    shocks: [
      {
        at: '2026-01-08T02:00:00Z',
        minutes: 60,
        liqUsd: 88e6,
        moveFrac: -0.003,
        side: 'long',
        wickFrac: 0.005,
      },
    ],
  });
  const series = {
    ...market,
    simulated: false,
    barMinutes: 60,
    bars: resampleBars(market.bars, 60),
  };
  const history = {
    label: 'coinglass BTC 60m',
    source: 'coinglass' as const,
    symbol: 'BTC',
    series,
    files: [],
  };
  return replayHistory([history], {
    detector: config.detector,
    regime: config.regime,
    fromMs: null,
    toMs: null,
  });
}

describe('replay output of liquidation spikes', () => {
  const segments = spikeSegments();

  it('lists a spike without a flush in its own table and counts it in the summary', () => {
    const text = formatReplayText(segments, []).join('\n');
    expect(text).toMatch(/no flush found/);
    expect(text).toMatch(/spike \(UTC\) +end +side +long liq +short liq +L\/OI +price +at most/);
    expect(text).toMatch(
      /2026-01-08 02:00 +03:00 +long +\$8\dM +\S+ +1\.\d % +−0\.\d % +−\d\.\d % \(\d\.\dσ\)/,
    );
    expect(text).toMatch(/0 flushes, 1 liquidation spike without a flush in 1 segment\./);
  });

  it('prints the spike in --json beside the (empty) flushes, percentages as percentages', () => {
    const json = toReplayJson(segments);
    expect(json.flushes).toEqual([]);
    expect(json.spikes).toHaveLength(1);
    expect(json.spikes[0]).toMatchObject({
      source: 'coinglass BTC 60m',
      start: '2026-01-08T02:00:00.000Z',
      end: '2026-01-08T03:00:00.000Z',
      side: 'long',
      liqEstimated: false,
    });
    expect(json.spikes[0]?.liqToOiPercent).toBeCloseTo(1.26, 1);
    expect(json.spikes[0]?.maxMovePercent).toBeLessThan(json.spikes[0]?.priceMovePercent ?? 0);
  });
});

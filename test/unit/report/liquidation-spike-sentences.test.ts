import { describe, expect, it } from 'vitest';
import type { LiquidationSpike } from '../../../lambdas/model/index.ts';
import {
  liquidationSpikeSentence,
  liquidationSpikeSentences,
  withLiquidationSpikes,
} from '../../../lambdas/report/liquidation-spike-sentences.ts';

/** 2026-06-02 02:00 in the CoinGlass file: $87.6M of longs, the wick −0.77 %, the close +0.27 %. */
const june2: LiquidationSpike = {
  asset: 'BTC',
  side: 'long',
  startMs: Date.UTC(2026, 5, 2, 2),
  endMs: Date.UTC(2026, 5, 2, 3),
  liqLongUsd: 87.58e6,
  liqShortUsd: 4.01e6,
  liqTotalUsd: 91.59e6,
  liqIsLowerBound: false,
  liqEstimated: false,
  liqToOi: 0.0122,
  priceMoveFrac: 0.0027,
  maxMoveFrac: -0.0077,
  maxMoveSigma: 2.3,
  liqZScore: 2.5,
};

describe('liquidation spike sentences', () => {
  it('says how much of which side was liquidated, when, and how little the price moved', () => {
    expect(liquidationSpikeSentence(june2)).toBe(
      'A liquidation spike without a flush: $88M of longs liquidated between 02:00 and 03:00 UTC on 2 Jun 2026 while the price moved only −0.8 % at most.',
    );
  });

  it('words shorts, two-sided spikes, lower bounds, estimates and spikes across midnight', () => {
    const short = { ...june2, side: 'short' as const, liqShortUsd: 52e6, maxMoveFrac: 0.009 };
    expect(liquidationSpikeSentence(short)).toMatch(
      /: \$52M of shorts liquidated .* \+0\.9 % at most\.$/,
    );
    const both = {
      ...june2,
      side: 'two-sided' as const,
      liqLongUsd: 40e6,
      liqShortUsd: 35e6,
      liqTotalUsd: 75e6,
    };
    expect(liquidationSpikeSentence(both)).toMatch(
      /: \$75M of longs and shorts liquidated \(\$40M and \$35M\) between/,
    );
    expect(liquidationSpikeSentence({ ...june2, liqIsLowerBound: true })).toMatch(
      /: at least \$88M of longs/,
    );
    expect(liquidationSpikeSentence({ ...june2, liqEstimated: true })).toMatch(
      /: an estimated \$88M of longs/,
    );
    const lateNight = {
      ...june2,
      startMs: Date.UTC(2026, 5, 1, 23),
      endMs: Date.UTC(2026, 5, 2, 1),
    };
    expect(liquidationSpikeSentence(lateNight)).toMatch(
      /between 23:00 UTC on 1 Jun 2026 and 01:00 UTC on 2 Jun 2026 while/,
    );
  });

  it('describes three spikes and sums up the rest', () => {
    const five = [0, 1, 2, 3, 4].map((h) => ({
      ...june2,
      startMs: Date.UTC(2026, 5, 2, h * 4),
      endMs: Date.UTC(2026, 5, 2, h * 4 + 1),
    }));
    const sentences = liquidationSpikeSentences(five);
    expect(sentences).toHaveLength(4);
    expect(sentences[3]).toBe('2 more liquidation spikes without a flush came to $183M in all.');
    expect(liquidationSpikeSentences([])).toEqual([]);
  });

  it('adds the sentences to the end of a section and leaves it alone without spikes', () => {
    const section = {
      id: 'what-just-happened',
      heading: 'What just happened',
      paragraphs: ['Calm.'],
      bullets: [],
      evidence: [],
      winningEvidence: [],
      tables: [],
      charts: [],
    };
    expect(withLiquidationSpikes(section, [june2]).paragraphs).toEqual([
      'Calm.',
      liquidationSpikeSentence(june2),
    ]);
    expect(withLiquidationSpikes(section)).toBe(section);
  });
});

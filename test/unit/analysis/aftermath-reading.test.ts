import { describe, expect, it } from 'vitest';
import { classifyRegime } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type { Checkpoint, RegimeLabel } from '../../../lambdas/model/index.ts';
import { type AftermathPath, aftermathMarket, hold } from '../../fixtures/aftermath-market.ts';

const { regime } = configSchema.parse({});

function read(path: AftermathPath, checkpoint: Checkpoint) {
  const { series, flush } = aftermathMarket(path);
  return classifyRegime(series, flush, checkpoint, regime);
}

const MIRROR: Partial<Record<RegimeLabel, RegimeLabel>> = {
  reclaim: 'rejection',
  'failed-reclaim': 'failed-rejection',
  'grind-lower': 'grind-higher',
};

/** Labelled paths after a long flush from 100 to 94 (K = 99.7), one per reading. */
const PATHS: Array<{ name: string; path: AftermathPath; at: Checkpoint; label: RegimeLabel }> = [
  {
    name: 'a V-shaped recovery',
    path: { after: [97, 99, ...hold(100.5, 30)] },
    at: '24h',
    label: 'reclaim',
  },
  {
    name: 'a reclaim made and then lost',
    path: { after: [97, 99, 100.4, 100.5, 100.4, 98, 96.5, ...hold(95.3, 30)] },
    at: '24h',
    label: 'failed-reclaim',
  },
  {
    name: 'a late reclaim after 24 hours',
    path: { after: [...hold(96.5, 40), 98.5, 100.2, ...hold(100.6, 40)] },
    at: '72h',
    label: 'reclaim',
  },
  {
    name: 'a continued fall with falling OI',
    path: {
      after: [95.5, 95, 94.5, 94, 93.5, 93, 92.5, ...hold(92.2, 30)],
      oiAfter: [935, 930, 925, 920, 915, 910, 905, ...hold(900, 30)],
    },
    at: '24h',
    label: 'grind-lower',
  },
  {
    name: 'OI rising into the decline',
    path: {
      after: hold(94.8, 30),
      oiDuring: [1010, 1025],
      oiAfter: hold(1040, 30),
      fundingAfter8h: 0.00008,
    },
    at: '24h',
    label: 'releveraging-risk',
  },
  {
    name: 'a quiet range off the low',
    path: { after: [96, ...hold(97, 30)] },
    at: '24h',
    label: 'stabilizing',
  },
];

describe('reading the aftermath (DESIGN §5 v2)', () => {
  it.each(PATHS)('reads $name as $label', ({ path, at, label }) => {
    const assessment = read(path, at);
    expect(
      assessment.label,
      assessment.evidence.map((e) => `${e.ruleId}:${e.status}`).join(' '),
    ).toBe(label);
  });

  it.each(PATHS)('reads $name mirrored for a short squeeze', ({ path, at, label }) => {
    const long = read(path, at);
    const short = read({ ...path, mirror: true }, at);
    expect(short.side).toBe('short');
    expect(short.label).toBe(MIRROR[label] ?? label);
    expect(short.facts?.retraceFrac).toBeCloseTo(long.facts?.retraceFrac ?? Number.NaN, 9);
    expect(short.confidence).toBe(long.confidence);
  });

  it('reads the market as it is at each checkpoint: a lost reclaim is no longer a reclaim', () => {
    const path = { after: [97, 99, 100.4, ...hold(100.5, 10), 98, 96, ...hold(95.2, 70)] };
    expect(read(path, '4h').label).toBe('reclaim');
    const later = read(path, '24h');
    expect(later.label).toBe('failed-reclaim');
    expect(later.facts?.firstHeldAtMs).not.toBeNull();
    expect(later.facts?.lostAtMs).not.toBeNull();
  });

  it('never calls a reclaim while price sits below the flush low, whatever happened before', () => {
    const path = { after: [97, 99, 100.4, 100.5, 100.6, 97, 94, 92, ...hold(91, 70)] };
    for (const at of ['1h', '4h', '24h', '72h'] as const) {
      const assessment = read(path, at);
      if ((assessment.facts?.retraceFrac ?? 0) < 0)
        expect(assessment.label, at).not.toBe('reclaim');
    }
    expect(read(path, '72h').label).toBe('failed-reclaim');
  });

  it('needs closes over a whole hour beyond the level: one close above is not a reclaim', () => {
    expect(read({ after: [96, 97, 98, 100.5, 98, ...hold(97.5, 30)] }, '4h').label).not.toBe(
      'reclaim',
    );
  });

  it('gives the same reading on 5-minute and hourly bars of the same market', () => {
    for (const { path, at } of PATHS) {
      const hourly = read(path, at);
      const fine = read({ ...path, barMinutes: 5 }, at);
      expect(fine.label, JSON.stringify(path.after.slice(0, 8))).toBe(hourly.label);
      expect(fine.facts?.referencePrice).toBeCloseTo(hourly.facts?.referencePrice ?? 0, 6);
    }
  });

  it("judges funding against the asset's own median, not a fixed neutral", () => {
    // Funding of 0.004 %/8h is below the exchanges' 0.01 % baseline but twice this market's median.
    const assessment = read(
      {
        after: hold(94.8, 30),
        oiDuring: [1010, 1025],
        oiAfter: hold(1040, 30),
        fundingAfter8h: 0.00004,
      },
      '24h',
    );
    const funding = assessment.evidence.find(
      (e) => e.label === 'releveraging-risk' && e.ruleId === 'funding-at-least-median',
    );
    expect(funding?.status).toBe('pass');
    expect(assessment.facts?.fundingMedian8h).toBeCloseTo(0.000021, 6);
  });

  it('is inconclusive only when too little of the market reported', () => {
    const assessment = read({ after: [96, ...hold(97, 30)], coverageAfter: 0.3 }, '24h');
    expect(assessment).toMatchObject({ label: 'inconclusive', confidence: 'low' });
    expect(assessment.missingInputs).toContain(
      'Too little of the open interest reported to read the market.',
    );
  });

  it('reads price alone when OI and funding are missing, and says confidence cannot be high', () => {
    const { series, flush } = aftermathMarket({ after: [96, ...hold(97, 30)] });
    const bare = {
      ...series,
      bars: series.bars.map((b) => ({ ...b, oiBase: null, oiUsd: null, fundingRate8h: null })),
    };
    const assessment = classifyRegime(bare, { ...flush, oiBeforeBase: null }, '24h', regime);
    expect(assessment.label).toBe('stabilizing');
    const supports = assessment.evidence.filter(
      (e) => e.label === 'stabilizing' && e.role === 'support',
    );
    expect(
      supports.map((e) => e.status),
      'only volatility is left to support it',
    ).toEqual(['n/a', 'pass', 'n/a']);
    expect(assessment.confidence, 'one support is too few for high confidence').toBe('medium');
    expect(assessment.missingInputs.join(' ')).toMatch(/Open interest was not available/);
  });

  it('states its facts in data the article can quote', () => {
    const facts = read({ after: [97, 99, ...hold(100.5, 30)] }, '24h').facts;
    expect(facts).toMatchObject({
      priceNow: 100.5,
      priceBefore: 100,
      extremePrice: 94,
      referencePrice: 99.7,
      referenceSource: 'broken-range-extreme',
      holdingNow: true,
      lostAtMs: null,
    });
    expect(facts?.retraceFrac).toBeCloseTo(6.5 / 6, 9);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkpointAsOfMs,
  classifyRegime,
  detectFlushes,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type {
  Checkpoint,
  FlushEvent,
  MarketSeries,
  RegimeAssessment,
} from '../../../lambdas/model/index.ts';
import { scenarioSeries } from '../scenarios/scenario-series.ts';

const { detector, regime } = configSchema.parse({});

function firstFlush(series: MarketSeries): FlushEvent {
  const [flush] = detectFlushes(series, detector);
  if (flush === undefined) throw new Error('scenario has no flush');
  return flush;
}

function expectReadable(assessment: RegimeAssessment): void {
  const text = JSON.stringify(assessment);
  expect(text).not.toMatch(/NaN|Infinity|undefined/);
  for (const e of assessment.evidence) {
    if (e.value !== null) expect(Number.isFinite(e.value), e.ruleId).toBe(true);
  }
}

describe('classifyRegime', () => {
  const { series } = scenarioSeries('long-flush-reclaim');
  const flush = firstFlush(series);

  it.each<Checkpoint>(['1h', '4h', '24h'])('gives a readable assessment at %s', (checkpoint) => {
    const assessment = classifyRegime(series, flush, checkpoint, regime);
    expectReadable(assessment);
    expect(assessment.asOfMs).toBe(checkpointAsOfMs(flush, checkpoint, series.barMinutes));
    expect(assessment.side).toBe('long');
  });

  it('does not look ahead: bars after the checkpoint do not change the assessment', () => {
    const asOfMs = checkpointAsOfMs(flush, '4h', series.barMinutes);
    const altered: MarketSeries = {
      ...series,
      bars: series.bars.map((b) =>
        b.openTimeMs + series.barMinutes * 60_000 > asOfMs
          ? {
              ...b,
              open: b.open * 1.5,
              high: b.high * 1.5,
              low: b.low * 1.5,
              close: b.close * 1.5,
              oiBase: 1,
            }
          : b,
      ),
    };
    expect(classifyRegime(altered, flush, '4h', regime)).toEqual(
      classifyRegime(series, flush, '4h', regime),
    );
  });

  it('lists every rule of every label, the winner first', () => {
    const assessment = classifyRegime(series, flush, '24h', regime);
    const labels = new Set(assessment.evidence.map((e) => e.label));
    expect([...labels]).toEqual([
      'reclaim',
      'releveraging-risk',
      'failed-reclaim',
      'grind-lower',
      'shorts-trapped',
      'stabilizing',
    ]);
    expect(assessment.levels.map((l) => l.kind)).toEqual(
      expect.arrayContaining(['reference', 'extreme', 'mid']),
    );
  });

  it('marks rules n/a and says why when spot volume is missing, without counting them', () => {
    const noSpot: MarketSeries = {
      ...series,
      bars: series.bars.map((b) => ({ ...b, spotVolumeUsd: null, spotTakerDeltaUsd: null })),
    };
    const assessment = classifyRegime(noSpot, flush, '24h', regime);
    const spr = assessment.evidence.find((e) => e.ruleId === 'spot-perp-ratio-high');
    expect(spr).toMatchObject({ status: 'n/a', value: null });
    expect(assessment.missingInputs).toContain(
      'This data has no spot market, so spot demand was not read.',
    );
    expect(assessment.label, 'the reclaim itself is price-based').toBe('reclaim');
    expect(assessment.supportShare, 'n/a supports leave the denominator: 2 of 2 met').toBe(1);
  });

  it('is inconclusive with low confidence when coverage is below the minimum', () => {
    const thin: MarketSeries = {
      ...series,
      bars: series.bars.map((b) => ({ ...b, coverage: 0.3 })),
    };
    const assessment = classifyRegime(thin, flush, '24h', regime);
    expect(assessment).toMatchObject({ label: 'inconclusive', confidence: 'low' });
    expect(assessment.missingInputs).toContain(
      'Too little of the open interest reported to read the market.',
    );
  });

  it('assesses a short squeeze with the mirrored labels and levels', () => {
    const squeeze = scenarioSeries('short-squeeze-rejection').series;
    const assessment = classifyRegime(squeeze, firstFlush(squeeze), '24h', regime);
    expect(assessment.side).toBe('short');
    expect(assessment.evidence.map((e) => e.label)).toContain('longs-trapped');
    expect(assessment.levels.find((l) => l.kind === 'reference')?.label).toBe(
      'Broken 24-hour high',
    );
  });

  it('assesses a two-sided washout in the direction of its net move', () => {
    const washout = scenarioSeries('two-sided-washout').series;
    const flushEvent = firstFlush(washout);
    const assessment = classifyRegime(washout, flushEvent, '24h', regime);
    expect(assessment.side).toBe(flushEvent.priceMovePct < 0 ? 'long' : 'short');
    expectReadable(assessment);
  });
});

import { describe, expect, it } from 'vitest';
import { geometricMedian } from '../../../lambdas/analysis/gates/geometric-median.ts';
import {
  barProblem,
  findInstrumentProblems,
  firstInstrumentProblem,
} from '../../../lambdas/analysis/gates/instrument-problems.ts';
import { amountText, ratioText } from '../../../lambdas/analysis/gates/ratio-text.ts';
import type { InstrumentSnapshot } from '../../../lambdas/model/index.ts';
import { flatBar, T0 } from './gate-fixtures.ts';

const bar = { openTimeMs: T0, ...flatBar(60_000) };

const instrument: InstrumentSnapshot = {
  symbol: 'BTC/USDT:USDT',
  asset: 'BTC',
  openInterest: { base: 80_000, usd: 80_000 * 60_000 },
  funding: { rate: 0.0001, intervalHours: 8 },
  markPrice: 60_012,
  indexPrice: 60_000,
  perpBars: [bar],
  spotBars: null,
  liquidations: [{ openTimeMs: T0, longUsd: 60_000, longCount: 1, shortUsd: 0, shortCount: 0 }],
};

describe('barProblem', () => {
  it('names what makes a bar impossible', () => {
    expect(barProblem(bar)).toBeNull();
    expect(barProblem({ ...bar, high: 59_000, low: 61_000 })).toBe('its high read below its low');
    expect(barProblem({ ...bar, close: 1e-9 })).toBe('its low read above its open or close');
    expect(barProblem({ ...bar, high: 60_001, close: 60_050 })).toBe(
      'its high read below its open or close',
    );
    expect(barProblem({ ...bar, low: 0 })).toBe('its price read 0 or below');
    expect(barProblem({ ...bar, volumeBase: -1 })).toBe('its volume read below zero');
    expect(barProblem({ ...bar, volumeBase: 1e12 })).toMatch(/^its volume read more than \$10T/);
    expect(barProblem({ ...bar, open: Number.NaN })).toBe(
      'it read a value that is not a finite number',
    );
  });
});

describe('findInstrumentProblems', () => {
  it('finds nothing wrong with a sound reading', () => {
    expect(firstInstrumentProblem(findInstrumentProblems(instrument))).toBeNull();
  });

  it('refuses OI of 10¹² BTC ($6×10¹⁶) and funding of 500 %/8h, each by name', () => {
    const oi = findInstrumentProblems({
      ...instrument,
      openInterest: { base: 1e12, usd: 1e12 * 60_012 },
    });
    expect(firstInstrumentProblem(oi)).toBe(
      'open interest: it read more than $10T, more than every crypto asset together is worth',
    );
    const funding = findInstrumentProblems({
      ...instrument,
      funding: { rate: 5, intervalHours: 8 },
    });
    expect(funding.funding).toBe('it read 31× the ±16 %/8h bound of any real rate');
  });

  it('accepts the largest real funding settlement, SOL’s −2 % per 2 h on 2022-11-10 (1 %/h)', () => {
    const sol = { ...instrument, funding: { rate: -0.02, intervalHours: 2 } };
    expect(findInstrumentProblems(sol).funding).toBeNull();
    const hourly = { ...instrument, funding: { rate: -0.021, intervalHours: 1 } };
    expect(findInstrumentProblems(hourly).funding).toBe(
      'it read 1.1× the ±16 %/8h bound of any real rate',
    );
  });

  it('refuses a mark price 10⁶× its index and a liquidation of 10³⁰⁰ dollars', () => {
    const problems = findInstrumentProblems({
      ...instrument,
      markPrice: 6e10,
      liquidations: [{ openTimeMs: T0, longUsd: 1e300, longCount: 1, shortUsd: 0, shortCount: 0 }],
    });
    expect(problems.premium).toBe('its mark price read more than 1,000,000× its index price');
    expect(problems.liquidations.get(T0)).toMatch(/^one bar’s read more than \$10T/);
  });
});

describe('the figures in exclusion reasons', () => {
  it('spells ratios as readers read them', () => {
    expect(amountText(1.74)).toBe('1.7');
    expect(amountText(12_500)).toBe('12,500');
    expect(ratioText(80_000_000, 80_000)).toBe('1,000×');
    expect(ratioText(80, 80_000)).toBe('1/1,000 of');
    expect(ratioText(1e-9, 60_000)).toBe('less than 1/1,000,000 of');
    expect(ratioText(1e300, 1)).toBe('more than 1,000,000×');
  });

  it('takes the middle of two values on their ratio', () => {
    expect(geometricMedian([1, 100])).toBe(10);
    expect(geometricMedian([60_000, 1e12, 60_100])).toBe(60_100);
    expect(geometricMedian([1e308, 1e308]), 'no overflow').toBeCloseTo(1e308, -300);
    expect(geometricMedian([0, -1])).toBeNull();
  });
});

import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { registerChartFont } from '../../../lambdas/report/register-chart-font.ts';
import { cardKicker } from '../../../lambdas/report/render-report.ts';
import { fitHeadline, fitLabel, renderSocialCard } from '../../../lambdas/report/social-card.ts';
import { pixelStats, pngSize } from './png-inspect.ts';

const NUMBERS = [
  { label: 'Liquidated (at least)', value: '$642M' },
  { label: 'To the low, 21:45', value: '\u22126.3\u202f%' },
  { label: 'Open interest', value: '\u22128.2\u202f%' },
  { label: 'Reading', value: 'Reclaim' },
];

function card(numbers = NUMBERS) {
  return renderSocialCard({
    headline: 'At least $642M liquidated in 75 minutes as BTC longs flushed to $78,900',
    kicker: 'BTC · 11 Mar 2026, 22:15 UTC',
    siteTitle: 'Aftershock',
    simulated: true,
    numbers,
  });
}

describe('renderSocialCard', () => {
  it('draws a 1200×630 PNG, the size large social cards expect', async () => {
    expect(pngSize((await card()).png)).toEqual({ width: 1200, height: 630 });
    expect(await card()).toMatchObject({ width: 1200, height: 630, role: 'social-card' });
  });

  it('draws the headline and the key numbers on an opaque background', async () => {
    const withNumbers = await pixelStats((await card()).png);
    const without = await pixelStats((await card([])).png);
    expect(withNumbers.transparent, 'dark-mode clients invert transparent pixels').toBe(0);
    expect(without.darkPixels, 'the headline is drawn').toBeGreaterThan(2000);
    expect(
      withNumbers.darkPixels - without.darkPixels,
      'the numbers are drawn big (thousands of dark pixels)',
    ).toBeGreaterThan(5000);
  });

  it('names the first three key numbers in its alt text when given four', async () => {
    const { alt } = await card();
    expect(alt).toContain('$642M');
    expect(alt).toContain('Liquidated (at least): $642M; To the low, 21:45: \u22126.3\u202f%');
    expect(alt).toContain('Open interest: \u22128.2\u202f%');
    expect(alt, 'three numbers at most').not.toContain('Reclaim');
  });
});

describe('fitHeadline', () => {
  const ctx = () => {
    registerChartFont();
    return createCanvas(1200, 630).getContext('2d');
  };

  it('keeps the largest size for a headline that fits it', () => {
    const fitted = fitHeadline(
      ctx(),
      'At least $642M liquidated in 75 minutes as BTC longs flushed',
    );
    expect(fitted.fontPx).toBe(44);
    expect(fitted.lines.join(' ')).not.toContain('…');
  });

  it('sets a follow-up’s long headline smaller rather than cut off its last reading', () => {
    const headline =
      'At least $1.65B of crypto futures liquidated in a day; 24h after the flush: BTC reclaim, ETH stabilizing, SOL grind lower';
    const fitted = fitHeadline(ctx(), headline);
    expect(fitted.fontPx).toBeLessThan(44);
    expect(fitted.lines.join(' '), 'every word is on the card').toBe(headline);
  });

  it('cuts with "…" only past the smallest size', () => {
    const fitted = fitHeadline(ctx(), 'liquidated '.repeat(60).trim());
    expect(fitted.fontPx).toBe(32);
    expect(fitted.lines.at(-1)).toMatch(/…$/);
  });
});

describe('fitLabel', () => {
  const ctx = () => {
    registerChartFont();
    return createCanvas(1200, 630).getContext('2d');
  };

  it('sets a long label smaller rather than cut off the “(at least)” that keeps its number true', () => {
    const label = 'Liquidated, first 6 hours 20 minutes (at least)';
    const fitted = fitLabel(ctx(), label, 496);
    expect(fitted.text).toBe(label);
    expect(fitted.fontPx).toBeLessThan(24);
    expect(fitLabel(ctx(), 'Longs’ share', 496)).toEqual({ fontPx: 24, text: 'Longs’ share' });
  });

  it('cuts with "…" only past the smallest size', () => {
    expect(fitLabel(ctx(), 'liquidated '.repeat(20).trim(), 496).text).toMatch(/…$/);
  });
});

describe('cardKicker', () => {
  it('names up to three assets in full and counts the rest beyond two, so the line fits the card', () => {
    expect(cardKicker(['BTC'], '13 Mar 2026, 22:50 UTC')).toBe('BTC · 13 Mar 2026, 22:50 UTC');
    expect(cardKicker(['BTC', 'ETH', 'SOL'], '13 Mar')).toBe('BTC, ETH, SOL · 13 Mar');
    expect(cardKicker(['BTC', 'ETH', 'SOL', 'XRP', 'HYPE'], '13 Mar 2026, 22:50 UTC')).toBe(
      'BTC, ETH +3 · 13 Mar 2026, 22:50 UTC',
    );
  });

  it('calls a market report the whole market, not its first coin and a count', () => {
    expect(
      cardKicker(['Market', 'BTC', 'ETH', 'SOL', 'XRP', 'HYPE', 'DOGE'], '13 Mar 2026, 22:50 UTC'),
    ).toBe('Whole market · 13 Mar 2026, 22:50 UTC');
  });
});

import { describe, expect, it } from 'vitest';
import {
  whatChangedSection,
  whatChangedSentence,
} from '../../../lambdas/report/article-regime-sections.ts';
import { buildReportFacts } from '../../../lambdas/report/report-facts.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

function facts(checkpoint: '4h' | '24h', history: Array<'1h' | '4h'>) {
  const assessment = buildFixtureAssessment(checkpoint);
  return buildReportFacts({
    series: buildFixtureSeries(),
    flush: buildFixtureFlush(),
    assessment,
    history: history.map((c) => buildFixtureAssessment(c)),
    kind: 'follow-up',
    asOfMs: assessment.asOfMs,
    siteBaseUrl: 'https://aftershock.example.com',
    siteTitle: 'Aftershock',
    tiers: { minor: 0.005, major: 0.02, extreme: 0.05 },
  });
}

describe('whatChangedSentence', () => {
  it('says nothing without an earlier reading', () => {
    expect(whatChangedSentence(facts('4h', []))).toBeNull();
  });

  it('names the price and OI moves since the previous reading, with their figures', () => {
    const f = facts('24h', ['1h', '4h']);
    const price = (f.reading?.facts.priceNow ?? 0) / (f.previous?.priceNow ?? 1) - 1;
    const sentence = whatChangedSentence(f) ?? '';
    expect(sentence).toMatch(
      /^Since the 4h reading, BTC (rose|fell) \d+\.\d % to \$[\d,]+ and open interest (rose|fell) \d+\.\d %; /,
    );
    expect(sentence).toContain(
      `${price < 0 ? 'fell' : 'rose'} ${Math.abs(price * 100).toFixed(1)} %`,
    );
    expect(sentence).not.toMatch(/NaN|undefined/);
  });

  it('says the reading is as at the one before when the label held, and names a change of reading', () => {
    const held = facts('4h', ['1h']);
    expect(held.previous?.label).toBe(held.reading?.label);
    expect(whatChangedSentence(held)).toMatch(
      /; the reading is grind lower, as at the \d+h reading\.$/,
    );
    const moved = facts('24h', ['1h', '4h']);
    expect(whatChangedSentence(moved)).toMatch(
      /; the reading moved from grind lower to stabilizing\.$/,
    );
  });

  it('lists a later flush the previous reading could not have listed: one that had not ended by then, even if it had begun', () => {
    const f = facts('4h', ['1h']);
    const previousMs = f.previous?.asOfMs ?? 0;
    const hourMs = 3_600_000;
    const later = (startMs: number, endMs: number, liqTotalUsd: number) => ({
      side: 'long' as const,
      startMs,
      endMs,
      liqTotalUsd,
      liqIsLowerBound: false,
      liqEstimated: false,
    });
    const withLater = {
      ...f,
      laterFlushes: [
        // Over before the 1h reading: that reading said so already.
        later(previousMs - 3 * hourMs, previousMs - hourMs, 90e6),
        // Its first bar opened as the 1h reading was taken: that reading could not see it.
        later(previousMs, previousMs + 2 * hourMs, 124e6),
      ],
    };
    if (!withLater.flush) throw new Error('no flush');
    const text = whatChangedSection(withLater, withLater.flush)?.paragraphs.join(' ') ?? '';
    expect(text).toContain('Another long flush began at');
    expect(text).toContain('by this reading it had liquidated $124M.');
    expect(text).not.toContain('$90M');
  });
});

describe('whatChangedSection: the level won and lost between readings', () => {
  const HOUR = 3_600_000;
  /** A 24h reading after a 4h one, with the hold history given (times after the 4h reading). */
  function between(
    previousHolding: boolean,
    hold: { firstHeld: number | null; lost: number | null; heldSince: number | null },
    lossCount: number,
    previousLossCount = 0,
  ) {
    const f = facts('24h', ['1h', '4h']);
    const previous = f.previous;
    const reading = f.reading;
    if (previous === null || reading === null || f.flush === null) throw new Error('fixture');
    const t = (hours: number | null) => (hours === null ? null : previous.asOfMs + hours * HOUR);
    const withHold = {
      ...f,
      laterFlushes: [],
      previous: {
        ...previous,
        holdingNow: previousHolding,
        lossCount: previousLossCount,
        newExtremeAtMs: null,
      },
      reading: {
        ...reading,
        facts: {
          ...reading.facts,
          holdingNow: hold.heldSince !== null,
          firstHeldAtMs: t(hold.firstHeld),
          lostAtMs: t(hold.lost),
          heldSinceMs: t(hold.heldSince),
          closesBeyondSinceMs: t(hold.heldSince === null ? null : hold.heldSince - 1),
          lossCount,
          newExtremeAtMs: null,
        },
      },
    };
    return (whatChangedSection(withHold, f.flush)?.paragraphs ?? []).join(' ');
  }

  it('tells the first win, every loss and the win back, in time order', () => {
    // 21 Mar 2026 at 72h: won at 14:00 on 23 Mar, lost twice (last 14:00 on 24 Mar), re-won.
    const text = between(false, { firstHeld: 2, lost: 8, heldSince: 12 }, 2);
    expect(text).toMatch(
      /Price won back [^:]+: by [^,]+, a full hour of closes above it\. The reclaim was lost 2 times, last at [^.]+\. Price won back [^:]+ again: by /,
    );
  });

  it('says a loss came after a win the reader was not told of', () => {
    // Won and lost before the previous reading, which was not holding; won and lost again since.
    const text = between(false, { firstHeld: -6, lost: 5, heldSince: null }, 2, 1);
    expect(text, text).toMatch(/Price won back .+ for a full hour of closes and lost it again at /);
    expect(text).not.toMatch(/^The reclaim was lost/);
  });

  it('tells a single loss of a hold the previous reading reported', () => {
    const text = between(true, { firstHeld: -6, lost: 3, heldSince: null }, 1, 0);
    expect(text).toMatch(/The reclaim was lost at /);
    expect(text).not.toContain('won back');
  });
});

import { describe, expect, it } from 'vitest';
import type { RegimeAssessment } from '../../../lambdas/model/index.ts';
import { whatChangedSentence } from '../../../lambdas/report/article-regime-sections.ts';
import { buildFixtureAssessment } from './fixtures.ts';

function at(checkpoint: RegimeAssessment['checkpoint'], change: Partial<RegimeAssessment>) {
  return { ...buildFixtureAssessment(), checkpoint, ...change };
}

describe('whatChangedSentence', () => {
  it('says nothing for a flash report, which has no earlier checkpoint', () => {
    expect(whatChangedSentence([], buildFixtureAssessment())).toBeNull();
  });

  it('names the move from the previous reading and the rules that started holding', () => {
    const now = at('24h', {});
    const flipped = now.evidence.map((e) =>
      e.label === now.label && e.status === 'pass' ? { ...e, status: 'fail' as const } : e,
    );
    const before = at('4h', { label: 'stabilizing', evidence: flipped });
    const sentence = whatChangedSentence([before], now) ?? '';
    expect(sentence).toMatch(
      /^What changed since the 4h checkpoint: the reading moved from stabilizing to grind lower; now holding: /,
    );
    expect(sentence).not.toMatch(/NaN|undefined/);
  });

  it('says the reading is unchanged when the label held', () => {
    const sentence = whatChangedSentence([at('4h', {})], at('24h', {}));
    expect(sentence).toBe(
      'What changed since the 4h checkpoint: the reading is unchanged (grind lower).',
    );
  });
});

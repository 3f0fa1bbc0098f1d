import { describe, expect, it } from 'vitest';
import { decideRegime, scoreLabel } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type { Evidence, EvidenceStatus, RegimeLabel } from '../../../lambdas/model/index.ts';

const config = configSchema.parse({}).regime;
const precedence: RegimeLabel[] = [
  'releveraging-risk',
  'grind-lower',
  'shorts-trapped',
  'reclaim',
  'stabilizing',
];

function ev(label: RegimeLabel, role: 'must' | 'support', status: EvidenceStatus): Evidence {
  return {
    ruleId: `${label}-${role}-${status}`,
    label,
    role,
    description: 'test rule',
    value: status === 'n/a' ? null : 1,
    unit: 'ratio',
    threshold: '≥ 1',
    status,
    source: 'test',
  };
}

describe('scoreLabel', () => {
  it('leaves n/a supports out of the denominator', () => {
    const evidence = [
      ev('reclaim', 'must', 'pass'),
      ev('reclaim', 'support', 'pass'),
      ev('reclaim', 'support', 'n/a'),
    ];
    const score = scoreLabel('reclaim', evidence, 1);
    expect(score.supportsEvaluated).toBe(1);
    expect(score.score, '1 of 1 evaluated supports met').toBe(1);
  });

  it('scores coverage × (0.5 + 0.5 × met / evaluated)', () => {
    const evidence = [
      ev('reclaim', 'must', 'pass'),
      ev('reclaim', 'support', 'pass'),
      ev('reclaim', 'support', 'fail'),
    ];
    expect(scoreLabel('reclaim', evidence, 0.8).score).toBeCloseTo(0.8 * 0.75, 12);
  });

  it('makes a label with an n/a must-hold rule ineligible', () => {
    const evidence = [ev('shorts-trapped', 'must', 'pass'), ev('shorts-trapped', 'must', 'n/a')];
    expect(scoreLabel('shorts-trapped', evidence, 1).eligible).toBe(false);
  });
});

describe('decideRegime', () => {
  it('does not let a label whose must-hold rule is n/a win, even with every support met', () => {
    const evidence = [
      ev('shorts-trapped', 'must', 'n/a'),
      ev('shorts-trapped', 'support', 'pass'),
      ev('stabilizing', 'must', 'pass'),
      ev('stabilizing', 'support', 'fail'),
    ];
    const decision = decideRegime(evidence, precedence, 1, config);
    expect(decision.label).toBe('stabilizing');
    expect(decision.candidates).toEqual(['stabilizing']);
  });

  it('breaks score ties by precedence', () => {
    const evidence = [ev('reclaim', 'must', 'pass'), ev('grind-lower', 'must', 'pass')];
    expect(decideRegime(evidence, precedence, 1, config).label).toBe('grind-lower');
  });

  it('prefers the higher score over precedence', () => {
    const evidence = [
      ev('reclaim', 'must', 'pass'),
      ev('reclaim', 'support', 'pass'),
      ev('releveraging-risk', 'must', 'pass'),
      ev('releveraging-risk', 'support', 'fail'),
    ];
    expect(decideRegime(evidence, precedence, 1, config).candidates).toEqual([
      'reclaim',
      'releveraging-risk',
    ]);
  });

  it('is inconclusive when nothing holds or coverage is below the minimum', () => {
    expect(decideRegime([ev('reclaim', 'must', 'fail')], precedence, 1, config).label).toBe(
      'inconclusive',
    );
    const low = decideRegime([ev('reclaim', 'must', 'pass')], precedence, 0.3, config);
    expect(low).toMatchObject({ label: 'inconclusive', confidence: 'low', score: 0 });
  });

  it('grades confidence low below 0.6 coverage, high at score ≥ 0.8, else medium', () => {
    const pass = [
      ev('reclaim', 'must', 'pass'),
      ev('reclaim', 'support', 'pass'),
      ev('reclaim', 'support', 'fail'),
    ];
    expect(decideRegime(pass, precedence, 0.5, config).confidence).toBe('low');
    expect(decideRegime(pass, precedence, 1, config).confidence, 'score 0.75').toBe('medium');
    expect(decideRegime(pass.slice(0, 2), precedence, 1, config).confidence).toBe('high');
  });
});

import { describe, expect, it } from 'vitest';
import {
  confidenceOf,
  decideRegime,
  labelStanding,
  labelsByPrecedence,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type { Evidence, EvidenceStatus, RegimeLabel } from '../../../lambdas/model/index.ts';

const { regime } = configSchema.parse({});

function rule(
  label: RegimeLabel,
  role: Evidence['role'],
  status: EvidenceStatus,
  clearMargin?: boolean,
): Evidence {
  const item: Evidence = {
    ruleId: `${label}-${role}-${status}`,
    label,
    role,
    description: 'rule',
    value: null,
    unit: 'bool',
    threshold: 'yes',
    status,
    source: 'test',
  };
  if (clearMargin !== undefined) item.clearMargin = clearMargin;
  return item;
}

describe('decideRegime', () => {
  const precedence = labelsByPrecedence(1);

  it('lets the more specific warning win when two labels hold', () => {
    const evidence = [
      rule('stabilizing', 'must', 'pass', true),
      rule('releveraging-risk', 'must', 'pass', true),
      rule('grind-lower', 'must', 'pass', true),
    ];
    const decision = decideRegime(evidence, precedence, 1, regime);
    expect(decision.label).toBe('releveraging-risk');
    expect(decision.candidates).toEqual(['releveraging-risk', 'grind-lower', 'stabilizing']);
  });

  it('disqualifies a label whose must-hold input is missing', () => {
    const evidence = [
      rule('releveraging-risk', 'must', 'n/a'),
      rule('grind-lower', 'must', 'pass', true),
    ];
    expect(decideRegime(evidence, precedence, 1, regime).label).toBe('grind-lower');
  });

  it('is inconclusive when no label qualifies or coverage is under the minimum', () => {
    expect(decideRegime([rule('reclaim', 'must', 'fail')], precedence, 1, regime).label).toBe(
      'inconclusive',
    );
    const covered = [rule('reclaim', 'must', 'pass', true)];
    expect(decideRegime(covered, precedence, regime.minCoverage - 0.01, regime)).toMatchObject({
      label: 'inconclusive',
      confidence: 'low',
    });
  });
});

describe('confidenceOf', () => {
  const standing = (evidence: Evidence[]) => labelStanding('reclaim', evidence);

  it('is high when the must-hold rule passes clearly and most of two or more supports agree', () => {
    const evidence = [
      rule('reclaim', 'must', 'pass', true),
      rule('reclaim', 'support', 'pass'),
      rule('reclaim', 'support', 'pass'),
      rule('reclaim', 'support', 'fail'),
      rule('reclaim', 'support', 'n/a'),
    ];
    expect(confidenceOf(standing(evidence), 1, regime)).toBe('high');
  });

  it('is medium when the margin is narrow, or only one support could be evaluated', () => {
    const narrow = [
      rule('reclaim', 'must', 'pass', false),
      rule('reclaim', 'support', 'pass'),
      rule('reclaim', 'support', 'pass'),
    ];
    expect(confidenceOf(standing(narrow), 1, regime)).toBe('medium');
    const single = [
      rule('reclaim', 'must', 'pass', true),
      rule('reclaim', 'support', 'pass'),
      rule('reclaim', 'support', 'n/a'),
    ];
    expect(confidenceOf(standing(single), 1, regime)).toBe('medium');
  });

  it('is low when supports are missing, split or against, or coverage is thin', () => {
    const must = rule('reclaim', 'must', 'pass', true);
    expect(confidenceOf(standing([must, rule('reclaim', 'support', 'n/a')]), 1, regime)).toBe(
      'low',
    );
    const split = [must, rule('reclaim', 'support', 'pass'), rule('reclaim', 'support', 'fail')];
    expect(confidenceOf(standing(split), 1, regime)).toBe('low');
    const agreeing = [must, rule('reclaim', 'support', 'pass'), rule('reclaim', 'support', 'pass')];
    expect(confidenceOf(standing(agreeing), regime.lowConfidenceCoverage - 0.01, regime)).toBe(
      'low',
    );
  });
});

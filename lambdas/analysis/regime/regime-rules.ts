import type { Evidence, RegimeLabel } from '../../model/index.ts';
import { type RuleContext, type RuleSpec, toEvidence } from './rule-evidence.ts';
import { failedReclaimRules } from './rules-failed-reclaim.ts';
import { grindRules } from './rules-grind.ts';
import { reclaimRules } from './rules-reclaim.ts';
import { releverageRules } from './rules-releveraging.ts';
import { stabilizingRules } from './rules-stabilizing.ts';
import { trappedRules } from './rules-trapped.ts';

export type { RuleContext, RuleSources } from './rule-evidence.ts';

/**
 * Every label of a side with its rule builder, in precedence order: when two labels hold, the
 * more specific warning wins (DESIGN.md §5 v2): releveraging-risk > failed reclaim > grind >
 * trapped > reclaim > stabilizing.
 */
function labelTable(d: 1 | -1): Array<[RegimeLabel, (ctx: RuleContext) => RuleSpec[]]> {
  return [
    ['releveraging-risk', releverageRules],
    [d === 1 ? 'failed-reclaim' : 'failed-rejection', failedReclaimRules],
    [d === 1 ? 'grind-lower' : 'grind-higher', grindRules],
    [d === 1 ? 'shorts-trapped' : 'longs-trapped', trappedRules],
    [d === 1 ? 'reclaim' : 'rejection', reclaimRules],
    ['stabilizing', stabilizingRules],
  ];
}

/** The labels of a side in precedence order. */
export function labelsByPrecedence(d: 1 | -1): RegimeLabel[] {
  return labelTable(d).map(([label]) => label);
}

/** Evaluates every rule of every label of the flush's side (DESIGN.md §5 v2, mirrored for squeezes). */
export function evaluateRegimeRules(ctx: RuleContext): Evidence[] {
  return labelTable(ctx.d).flatMap(([label, rules]) =>
    rules(ctx).map((spec) => toEvidence(label, spec)),
  );
}

import type { RegimeConfig } from '../../config.ts';
import type { Evidence, RegimeLabel } from '../../model/index.ts';
import type { RegimeLevels } from './regime-levels.ts';
import type { RegimeMeasures } from './regime-measures.ts';
import { type RuleContext, type RuleSources, type RuleSpec, toEvidence } from './rule-evidence.ts';
import { grindRules } from './rules-grind.ts';
import { reclaimRules } from './rules-reclaim.ts';
import { releverageRules } from './rules-releveraging.ts';
import { stabilizingRules } from './rules-stabilizing.ts';
import { trappedRules } from './rules-trapped.ts';

export type { RuleSources } from './rule-evidence.ts';

/** Every label of a side with the rule builders behind it, in precedence order (for ties). */
function labelTable(d: 1 | -1): Array<[RegimeLabel, (ctx: RuleContext) => RuleSpec[]]> {
  return [
    ['releveraging-risk', releverageRules],
    [d === 1 ? 'grind-lower' : 'grind-higher', grindRules],
    [d === 1 ? 'shorts-trapped' : 'longs-trapped', trappedRules],
    [d === 1 ? 'reclaim' : 'rejection', reclaimRules],
    ['stabilizing', stabilizingRules],
  ];
}

/** The labels of a side in tie-break precedence order. */
export function labelsByPrecedence(d: 1 | -1): RegimeLabel[] {
  return labelTable(d).map(([label]) => label);
}

/** Evaluates every rule of every label of the flush's side (DESIGN.md §5 table, mirrored for squeezes). */
export function evaluateRegimeRules(
  m: RegimeMeasures,
  levels: RegimeLevels,
  config: RegimeConfig,
  src: RuleSources,
): Evidence[] {
  const ctx: RuleContext = { m, levels, config, src, d: levels.direction };
  return labelTable(levels.direction).flatMap(([label, rules]) =>
    rules(ctx).map((spec) => toEvidence(label, spec)),
  );
}

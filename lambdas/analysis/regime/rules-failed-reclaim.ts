import { formatThresholdPct } from './format-threshold.ts';
import {
  boolValue,
  eventWord,
  lineWord,
  notHoldingRule,
  oiFallingRule,
  type RuleContext,
  type RuleSpec,
} from './rule-evidence.ts';

/**
 * Rules of `failed-reclaim` / `failed-rejection` (the continuation family): the broken level was
 * won back after the flush, then lost, and price sits in the lower half of the flush leg.
 */
export function failedReclaimRules(context: RuleContext): RuleSpec[] {
  const { f, config, src, d } = context;
  const max = config.failedReclaimMaxRetrace;
  return [
    {
      ruleId: d === 1 ? 'reclaimed-after-flush' : 'rejected-after-flush',
      role: 'must',
      description: `Held ${d === 1 ? 'above' : 'below'} the ${lineWord(d)} at some point after the ${eventWord(d)}`,
      value: boolValue(f.firstHeldAtMs !== null),
      unit: 'bool',
      threshold: 'yes',
      passes: f.firstHeldAtMs !== null,
      source: src.price,
    },
    notHoldingRule(context),
    {
      ruleId: 'retrace-below-half',
      role: 'must',
      description: `Less than ${max * 100} % of the ${eventWord(d)}’s move retraced`,
      value: f.retraceFrac,
      unit: 'share',
      threshold: `< ${formatThresholdPct(max)}`,
      passes: f.retraceFrac < max,
      clear: f.retraceFrac < max / 2,
      source: src.price,
    },
    {
      ruleId: d === 1 ? 'new-low-since-flush' : 'new-high-since-flush',
      role: 'support',
      description: `A new ${d === 1 ? 'low' : 'high'} beyond the ${eventWord(d)}’s since it ended`,
      failedText: `no new ${d === 1 ? 'low' : 'high'} since the ${eventWord(d)}`,
      value: boolValue(f.newExtremePrice !== null),
      unit: 'bool',
      threshold: 'yes',
      passes: f.newExtremePrice !== null,
      source: src.price,
    },
    oiFallingRule(context),
  ];
}

import { formatThresholdPct, formatThresholdRate8h } from './format-threshold.ts';
import {
  check,
  eventWord,
  fundingVsMedianRule,
  notHoldingRule,
  oiFallingRule,
  type RuleContext,
  type RuleSpec,
  recentNewExtreme,
} from './rule-evidence.ts';

/**
 * Rules of `grind-lower` (long flush) / `grind-higher` (short squeeze): no reclaim, and either
 * almost no bounce or a new extreme within the last `recentExtremeHours`.
 */
export function grindRules(context: RuleContext): RuleSpec[] {
  const { f, config, src, d } = context;
  const recent = recentNewExtreme(context);
  const max = config.grindMaxRetrace;
  const word = d === 1 ? 'low' : 'high';
  return [
    notHoldingRule(context),
    {
      ruleId: d === 1 ? 'no-bounce-or-new-low' : 'no-pullback-or-new-high',
      role: 'must',
      description: `Under ${max * 100} % of the ${eventWord(d)}’s move retraced, or a new ${word} in the last ${config.recentExtremeHours} h`,
      value: f.retraceFrac,
      unit: 'share',
      threshold: `< ${formatThresholdPct(max)}, or a new ${word}${recent ? ' (printed)' : ''}`,
      passes: f.retraceFrac < max || recent,
      clear: f.retraceFrac < max / 2 || recent,
      source: src.price,
    },
    oiFallingRule(context),
    fundingVsMedianRule(
      context,
      d === 1 ? 'funding-at-most-median' : 'funding-at-least-median',
      d === 1 ? -1 : 1,
      (median) => `${d === 1 ? '≤' : '≥'} ${formatThresholdRate8h(median)}`,
    ),
    {
      ruleId: d === 1 ? 'spot-cvd-not-positive' : 'spot-cvd-not-negative',
      role: 'support',
      description: `No net spot taker ${d === 1 ? 'buying' : 'selling'} since the ${eventWord(d)} (cumulative volume delta)`,
      failedText: `spot takers net ${d === 1 ? 'buyers' : 'sellers'}`,
      value: f.spotCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '≤ 0' : '≥ 0',
      passes: check(f.spotCvdUsd, (v) => d * v <= 0),
      source: src.spotFlow,
    },
  ];
}

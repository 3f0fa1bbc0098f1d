import { formatThresholdPrice, formatThresholdRate8h } from './format-threshold.ts';
import {
  beyondWord,
  check,
  eventWord,
  fundingVsMedianRule,
  lineWord,
  type RuleContext,
  type RuleSpec,
  weakestWord,
} from './rule-evidence.ts';

/**
 * Rules of `reclaim` (long flush) / `rejection` (short squeeze): price holds beyond the broken
 * level now, however late the reclaim came; spot demand, unrebuilt OI and calm funding support it.
 */
export function reclaimRules(context: RuleContext): RuleSpec[] {
  const { f, levels, config, src, d } = context;
  const atr = levels.atr1hUsd;
  return [
    {
      ruleId: d === 1 ? 'holding-above-level' : 'holding-below-level',
      role: 'must',
      description: `Every close of the last ${config.holdMinutes} minutes ${beyondWord(d)} the ${lineWord(d)} (${weakestWord(d)} shown)`,
      // The close that decides it: the last close alone read "$54,028 > $52,222, does not hold".
      value: f.weakestWindowClose ?? f.priceNow,
      unit: 'price',
      threshold: `${d === 1 ? '>' : '<'} ${formatThresholdPrice(f.reclaimLine)}`,
      passes: f.holdingNow,
      // Clear: well beyond the line, and never lost since the flush (a re-won reclaim is shakier).
      clear: atr !== null && d * (f.priceNow - f.reclaimLine) >= 0.5 * atr && f.lostAtMs === null,
      source: src.price,
    },
    {
      ruleId: 'spot-perp-ratio-high',
      role: 'support',
      description: `Spot/perp volume ratio at least ${config.spotPerpRatioSupport}× its median`,
      failedText: `spot volume under ${config.spotPerpRatioSupport}× its usual share of perp volume`,
      value: f.spotPerpRatioRelative,
      unit: 'ratio',
      threshold: `≥ ${config.spotPerpRatioSupport}`,
      passes: check(f.spotPerpRatioRelative, (v) => v >= config.spotPerpRatioSupport),
      source: src.volume,
    },
    {
      ruleId: d === 1 ? 'spot-cvd-positive' : 'spot-cvd-negative',
      role: 'support',
      description: `Spot takers net ${d === 1 ? 'buyers' : 'sellers'} since the ${eventWord(d)} (cumulative volume delta)`,
      failedText: `spot takers not net ${d === 1 ? 'buyers' : 'sellers'}`,
      value: f.spotCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '> 0' : '< 0',
      passes: check(f.spotCvdUsd, (v) => d * v > 0),
      source: src.spotFlow,
    },
    {
      ruleId: 'oi-not-rebuilt',
      role: 'support',
      description: 'Open interest not rebuilt',
      failedText: 'open interest rebuilt',
      value: f.oiVsBeforeFrac,
      unit: 'pct',
      threshold: 'below its pre-flush level, less than half its drop back',
      passes: f.oiRebuilt === null ? null : !f.oiRebuilt,
      source: src.openInterest,
    },
    fundingVsMedianRule(
      context,
      d === 1 ? 'funding-at-most-median' : 'funding-at-least-median',
      d === 1 ? -1 : 1,
      (median) => `${d === 1 ? '≤' : '≥'} ${formatThresholdRate8h(median)}`,
    ),
  ];
}

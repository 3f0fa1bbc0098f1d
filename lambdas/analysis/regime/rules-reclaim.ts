import { formatThresholdPct, formatThresholdPrice } from './format-threshold.ts';
import { boolValue, check, type RuleContext, type RuleSpec } from './rule-evidence.ts';

const price = formatThresholdPrice;
const pct = formatThresholdPct;

/** Rules of `reclaim` (long flush) / `rejection` (short squeeze). */
export function reclaimRules({ m, levels, config, src, d }: RuleContext): RuleSpec[] {
  const word = d === 1 ? 'above' : 'below';
  const trigger = levels.reclaimTrigger;
  const neutral = config.neutralFundingRate8h;
  return [
    {
      ruleId: d === 1 ? 'reclaim-within-24h' : 'rejection-within-24h',
      role: 'must',
      description: `Two consecutive 1h closes ${word} the broken level ${d === 1 ? '+' : '−'} ${config.reclaimAtrMultiple}·ATR within ${config.reclaimWithinHours}h`,
      value: boolValue(m.reclaimed),
      unit: 'bool',
      threshold:
        trigger === null ? 'trigger not available' : `${d === 1 ? '>' : '<'} ${price(trigger)}`,
      passes: m.reclaimed,
      source: src.price,
    },
    {
      ruleId: 'spot-perp-ratio-high',
      role: 'support',
      description: 'Spot/perp volume ratio vs its median',
      value: m.spotPerpRatioRelative,
      unit: 'ratio',
      threshold: `≥ ${config.spotPerpRatioSupport}`,
      passes: check(m.spotPerpRatioRelative, (v) => v >= config.spotPerpRatioSupport),
      source: src.volume,
    },
    {
      ruleId: d === 1 ? 'spot-cvd-positive' : 'spot-cvd-negative',
      role: 'support',
      description: 'Spot CVD since the flush',
      value: m.spotCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '> 0' : '< 0',
      passes: check(m.spotCvdUsd, (v) => d * v > 0),
      source: src.spotFlow,
    },
    {
      ruleId: d === 1 ? 'funding-at-most-neutral' : 'funding-at-least-neutral',
      role: 'support',
      description: 'Funding (8h) vs neutral',
      value: m.fundingNow8h,
      unit: 'rate8h',
      threshold: `${d === 1 ? '≤' : '≥'} ${pct(neutral)}`,
      passes: check(m.fundingNow8h, (v) => d * (neutral - v) >= 0),
      source: src.funding,
    },
    {
      ruleId: 'oi-rebuild-low',
      role: 'support',
      description: 'OI rebuild ratio',
      value: m.rebuildRatio,
      unit: 'ratio',
      threshold: `< ${config.rebuildRatio}`,
      passes: check(m.rebuildRatio, (v) => v < config.rebuildRatio),
      source: src.openInterest,
    },
  ];
}

import { formatThresholdPct, formatThresholdPrice } from './format-threshold.ts';
import { check, noReclaimYetRule, type RuleContext, type RuleSpec } from './rule-evidence.ts';

const price = formatThresholdPrice;
const pct = formatThresholdPct;

/** Rules of `grind-lower` (long flush) / `grind-higher` (short squeeze). */
export function grindRules(context: RuleContext): RuleSpec[] {
  const { m, levels, config, src, d } = context;
  const limit =
    levels.atr1h === null ? null : levels.kExt + d * config.grindAtrMultiple * levels.atr1h;
  return [
    noReclaimYetRule(context),
    {
      ruleId: d === 1 ? 'price-near-low' : 'price-near-high',
      role: 'must',
      description: `Price within ${config.grindAtrMultiple}·ATR of the flush ${d === 1 ? 'low or below' : 'high or above'}`,
      value: m.priceNow,
      unit: 'price',
      threshold: limit === null ? 'ATR not available' : `${d === 1 ? '≤' : '≥'} ${price(limit)}`,
      passes: check(limit, (l) => d * (l - m.priceNow) >= 0),
      source: src.price,
    },
    {
      ruleId: 'oi-falling-since-end',
      role: 'must',
      description: 'OI change since the flush ended',
      value: m.oiChangeSinceEndPct,
      unit: 'pct',
      threshold: `≤ ${pct(config.grindOiChangePct)}`,
      passes: check(m.oiChangeSinceEndPct, (v) => v <= config.grindOiChangePct),
      source: src.openInterest,
    },
    {
      ruleId: d === 1 ? 'spot-cvd-not-positive' : 'spot-cvd-not-negative',
      role: 'support',
      description: 'Spot CVD since the flush',
      value: m.spotCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '≤ 0' : '≥ 0',
      passes: check(m.spotCvdUsd, (v) => d * v <= 0),
      source: src.spotFlow,
    },
    {
      ruleId: 'spot-perp-ratio-low',
      role: 'support',
      description: 'Spot/perp volume ratio vs its median',
      value: m.spotPerpRatioRelative,
      unit: 'ratio',
      threshold: '< 1',
      passes: check(m.spotPerpRatioRelative, (v) => v < 1),
      source: src.volume,
    },
  ];
}

import { formatThresholdPct, formatThresholdPrice } from './format-threshold.ts';
import { check, type RuleContext, type RuleSpec } from './rule-evidence.ts';

const price = formatThresholdPrice;
const pct = formatThresholdPct;

/** Rules of `shorts-trapped` (long flush) / `longs-trapped` (short squeeze). */
export function trappedRules({ m, levels, config, src, d }: RuleContext): RuleSpec[] {
  const neutral = config.neutralFundingRate8h;
  const fundingSqueeze = check(m.fundingNow8h, (v) => (d === 1 ? v <= 0 : v >= 2 * neutral));
  const premiumSqueeze = check(m.premiumNow, (v) => d * v < 0);
  const either =
    fundingSqueeze === null && premiumSqueeze === null
      ? null
      : fundingSqueeze === true || premiumSqueeze === true;
  return [
    {
      ruleId: d === 1 ? 'price-above-mid' : 'price-below-mid',
      role: 'must',
      description: `Price ${d === 1 ? 'at or above' : 'at or below'} the 50 % retrace`,
      value: m.priceNow,
      unit: 'price',
      threshold: `${d === 1 ? '≥' : '≤'} ${price(levels.kMid)}`,
      passes: d * (m.priceNow - levels.kMid) >= 0,
      source: src.price,
    },
    {
      ruleId: d === 1 ? 'spot-cvd-up' : 'spot-cvd-down',
      role: 'must',
      description: `Spot CVD ${d === 1 ? 'rising' : 'falling'} since the flush`,
      value: m.spotCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '> 0' : '< 0',
      passes: check(m.spotCvdUsd, (v) => d * v > 0),
      source: src.spotFlow,
    },
    {
      ruleId: d === 1 ? 'perp-cvd-down' : 'perp-cvd-up',
      role: 'must',
      description: `Perp CVD ${d === 1 ? 'falling' : 'rising'} since the flush`,
      value: m.perpCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '< 0' : '> 0',
      passes: check(m.perpCvdUsd, (v) => d * v < 0),
      source: src.perpFlow,
    },
    {
      ruleId: d === 1 ? 'funding-or-premium-negative' : 'funding-or-premium-rich',
      role: 'support',
      description:
        d === 1 ? 'Funding ≤ 0 or premium < 0' : `Funding ≥ ${pct(2 * neutral)} or premium > 0`,
      value: m.fundingNow8h ?? m.premiumNow,
      unit: 'rate8h',
      threshold: d === 1 ? '≤ 0 / < 0' : `≥ ${pct(2 * neutral)} / > 0`,
      passes: either,
      source: `${src.funding}; ${src.premium}`,
    },
    {
      ruleId: 'oi-rising',
      role: 'support',
      description: 'OI change since the flush ended',
      value: m.oiChangeSinceEndPct,
      unit: 'pct',
      threshold: '> 0 %',
      passes: check(m.oiChangeSinceEndPct, (v) => v > 0),
      source: src.openInterest,
    },
  ];
}

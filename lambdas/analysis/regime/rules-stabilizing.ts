import { formatThresholdPct, formatThresholdPrice } from './format-threshold.ts';
import { check, type RuleContext, type RuleSpec } from './rule-evidence.ts';

const price = formatThresholdPrice;
const pct = formatThresholdPct;

/** Rules of `stabilizing` (both sides). */
export function stabilizingRules({ m, levels, config, src }: RuleContext): RuleSpec[] {
  const k = levels.kBreak;
  const lo = k === null ? null : Math.min(k, levels.kExt);
  const hi = k === null ? null : Math.max(k, levels.kExt);
  const band = config.neutralFundingRate8h / 2;
  return [
    {
      ruleId: 'price-in-range',
      role: 'must',
      description: 'Price between the flush extreme and the broken level',
      value: m.priceNow,
      unit: 'price',
      threshold:
        lo === null || hi === null ? 'broken level not available' : `${price(lo)} – ${price(hi)}`,
      passes: lo === null || hi === null ? null : m.priceNow > lo && m.priceNow < hi,
      source: src.price,
    },
    {
      ruleId: 'oi-flat-24h',
      role: 'must',
      description: 'OI change over 24h (or since the flush ended)',
      value: m.oiChange24hPct,
      unit: 'pct',
      threshold: `within ±${pct(config.stableOiBandPct)}`,
      passes: check(m.oiChange24hPct, (v) => Math.abs(v) <= config.stableOiBandPct),
      source: src.openInterest,
    },
    {
      ruleId: 'volatility-subsiding',
      role: 'support',
      description: 'Volatility after vs during the flush',
      value: m.volatilityRatio,
      unit: 'ratio',
      threshold: `< ${config.stableVolatilityRatio}`,
      passes: check(m.volatilityRatio, (v) => v < config.stableVolatilityRatio),
      source: src.price,
    },
    {
      ruleId: 'funding-near-neutral',
      role: 'support',
      description: 'Funding (8h) near neutral',
      value: m.fundingNow8h,
      unit: 'rate8h',
      threshold: `${pct(config.neutralFundingRate8h)} ± ${pct(band)}`,
      passes: check(m.fundingNow8h, (v) => Math.abs(v - config.neutralFundingRate8h) <= band),
      source: src.funding,
    },
  ];
}

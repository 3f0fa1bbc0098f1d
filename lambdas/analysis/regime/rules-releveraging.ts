import { formatThresholdPct } from './format-threshold.ts';
import { check, noReclaimYetRule, type RuleContext, type RuleSpec } from './rule-evidence.ts';

const pct = formatThresholdPct;

/** Rules of `releveraging-risk`, mirrored for a short squeeze. */
export function releverageRules(context: RuleContext): RuleSpec[] {
  const { m, config, src, d } = context;
  return [
    noReclaimYetRule(context),
    {
      ruleId: 'oi-rebuild-high',
      role: 'must',
      description: 'OI rebuild ratio',
      value: m.rebuildRatio,
      unit: 'ratio',
      threshold: `≥ ${config.rebuildRatio}`,
      passes: check(m.rebuildRatio, (v) => v >= config.rebuildRatio),
      source: src.openInterest,
    },
    {
      ruleId: d === 1 ? 'funding-above-pre-flush' : 'funding-below-pre-flush',
      role: 'support',
      description: 'Funding (8h) vs before the flush',
      value: m.fundingNow8h,
      unit: 'rate8h',
      threshold:
        m.fundingPreFlush8h === null
          ? 'pre-flush funding not available'
          : `${d === 1 ? '≥' : '≤'} ${pct(m.fundingPreFlush8h)}`,
      passes:
        m.fundingPreFlush8h === null
          ? null
          : check(m.fundingNow8h, (v) => d * (v - (m.fundingPreFlush8h ?? v)) >= 0),
      source: src.funding,
    },
    {
      ruleId: d === 1 ? 'premium-positive' : 'premium-negative',
      role: 'support',
      description: 'Perp premium over index',
      value: m.premiumNow,
      unit: 'pct',
      threshold: d === 1 ? '> 0' : '< 0',
      passes: check(m.premiumNow, (v) => d * v > 0),
      source: src.premium,
    },
  ];
}

import { formatThresholdPct, formatThresholdRate8h } from './format-threshold.ts';
import {
  boolValue,
  check,
  eventWord,
  fundingBand,
  notHoldingRule,
  type RuleContext,
  type RuleSpec,
  recentNewExtreme,
} from './rule-evidence.ts';

/**
 * Rules of `stabilizing` (both sides): no reclaim yet, a real bounce off the extreme and no new
 * extreme for `recentExtremeHours`. Flat OI, calmer volatility and ordinary funding support it.
 */
export function stabilizingRules(context: RuleContext): RuleSpec[] {
  const { f, config, src, d } = context;
  const min = config.grindMaxRetrace;
  const recent = recentNewExtreme(context);
  const median = f.fundingMedian8h;
  const band = fundingBand(f, config);
  const word = d === 1 ? 'low' : 'high';
  return [
    notHoldingRule(context),
    {
      ruleId: 'retrace-at-least-quarter',
      role: 'must',
      description: `At least ${min * 100} % of the ${eventWord(d)}’s move retraced`,
      value: f.retraceFrac,
      unit: 'share',
      threshold: `≥ ${formatThresholdPct(min)}`,
      passes: f.retraceFrac >= min,
      clear: f.retraceFrac >= min + 0.1,
      source: src.price,
    },
    {
      ruleId: d === 1 ? 'no-recent-new-low' : 'no-recent-new-high',
      role: 'must',
      description: `No new ${word} in the last ${config.recentExtremeHours} h (or price half-way back since)`,
      value: boolValue(!recent),
      unit: 'bool',
      threshold: 'yes',
      passes: !recent,
      source: src.price,
    },
    {
      ruleId: 'oi-steady-since-end',
      role: 'support',
      description: `Open interest steady since the ${eventWord(d)} ended`,
      failedText: `open interest moved more than ${formatThresholdPct(config.stableOiBandFrac)} since the ${eventWord(d)} ended`,
      value: f.oiVsEndFrac,
      unit: 'pct',
      threshold: `within ±${formatThresholdPct(config.stableOiBandFrac)}`,
      passes: check(f.oiVsEndFrac, (v) => Math.abs(v) <= config.stableOiBandFrac),
      source: src.openInterest,
    },
    {
      ruleId: 'volatility-subsiding',
      role: 'support',
      description: `Hourly volatility under ${config.stableVolatilityRatio}× the ${eventWord(d)}’s`,
      failedText: `hourly volatility still ${config.stableVolatilityRatio}× the ${eventWord(d)}’s or more`,
      notYetText: `hourly volatility, which needs three closed hours after the ${eventWord(d)}`,
      value: f.volatilityRatio,
      unit: 'ratio',
      threshold: `< ${config.stableVolatilityRatio}`,
      passes: check(f.volatilityRatio, (v) => v < config.stableVolatilityRatio),
      source: src.price,
    },
    {
      ruleId: 'funding-near-median',
      role: 'support',
      description: 'Funding (8h) near its 30-day median',
      failedText: 'funding away from its 30-day median',
      value: f.fundingNow8h,
      unit: 'rate8h',
      threshold:
        median === null || band === null
          ? 'median not available'
          : `${formatThresholdRate8h(median)} ± ${formatThresholdRate8h(band)}`,
      passes:
        median === null || band === null
          ? null
          : check(f.fundingNow8h, (v) => Math.abs(v - median) <= band),
      source: src.funding,
    },
  ];
}

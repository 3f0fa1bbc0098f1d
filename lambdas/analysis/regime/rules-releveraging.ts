import {
  formatThresholdPctTo,
  formatThresholdRate8h,
  thresholdPctDecimals,
} from './format-threshold.ts';
import {
  check,
  fundingVsMedianRule,
  notHoldingRule,
  type RuleContext,
  type RuleSpec,
} from './rule-evidence.ts';

/** OI-vs-before level at which OI counts as rebuilt: its pre-flush level, or half its drop back. */
function rebuiltThresholdFrac({ f, config }: RuleContext): number | null {
  if (f.oiBeforeBase === null || f.oiTroughBase === null || f.oiBeforeBase <= 0) return null;
  const troughFrac = f.oiTroughBase / f.oiBeforeBase - 1;
  return troughFrac < 0 ? (1 - config.rebuildRatio) * troughFrac : 0;
}

/**
 * Rules of `releveraging-risk` (both sides): no reclaim, and open interest back to its
 * pre-flush level, half its drop rebuilt, or never reset at all (leverage added into the move).
 */
export function releverageRules(context: RuleContext): RuleSpec[] {
  const { f, src, d } = context;
  const threshold = rebuiltThresholdFrac(context);
  const decimals = threshold === null ? 1 : thresholdPctDecimals(threshold, f.oiVsBeforeFrac);
  return [
    notHoldingRule(context),
    {
      ruleId: 'oi-rebuilt',
      role: 'must',
      description:
        'Open interest against its pre-flush level (rebuilt: back, or half its drop back)',
      value: f.oiVsBeforeFrac,
      unit: 'pct',
      threshold:
        threshold === null ? 'OI not available' : `≥ ${formatThresholdPctTo(threshold, decimals)}`,
      valueDecimals: decimals,
      passes: f.oiRebuilt,
      clear: (f.oiVsBeforeFrac ?? -1) >= 0.01 || (f.oiRebuildFrac ?? 0) >= 0.75,
      source: src.openInterest,
    },
    fundingVsMedianRule(
      context,
      d === 1 ? 'funding-at-least-median' : 'funding-at-most-median',
      d === 1 ? 1 : -1,
      (median) => `${d === 1 ? '≥' : '≤'} ${formatThresholdRate8h(median)}`,
    ),
    {
      ruleId: d === 1 ? 'premium-positive' : 'premium-negative',
      role: 'support',
      description: `Perps at a ${d === 1 ? 'premium' : 'discount'} to index`,
      failedText: `perps not at a ${d === 1 ? 'premium' : 'discount'} to index`,
      value: f.premiumNow,
      unit: 'pct',
      threshold: d === 1 ? '> 0' : '< 0',
      passes: check(f.premiumNow, (v) => d * v > 0),
      source: src.premium,
    },
  ];
}

import { formatThresholdPct, formatThresholdRate8h } from './format-threshold.ts';
import { check, eventWord, fundingBand, type RuleContext, type RuleSpec } from './rule-evidence.ts';

/**
 * Rules of `shorts-trapped` (long flush) / `longs-trapped` (short squeeze): a real bounce while
 * spot takers buy and perp takers sell (mirrored). Needs taker flow, so live data only.
 */
export function trappedRules({ f, config, src, d }: RuleContext): RuleSpec[] {
  const median = f.fundingMedian8h;
  const band = fundingBand(f, config);
  const crowdedFunding =
    median === null || band === null
      ? null
      : // Shorts pay when funding sits below its usual range (longs, mirrored, above it).
        check(f.fundingNow8h, (v) => d * (median - d * band - v) > 0);
  const crowdedPremium = check(f.premiumNow, (v) => d * v < 0);
  const either =
    crowdedFunding === null && crowdedPremium === null
      ? null
      : crowdedFunding === true || crowdedPremium === true;
  return [
    {
      ruleId: 'retrace-at-least-half',
      role: 'must',
      description: `At least ${config.trappedMinRetrace * 100} % of the ${eventWord(d)}’s move retraced`,
      value: f.retraceFrac,
      unit: 'share',
      threshold: `≥ ${formatThresholdPct(config.trappedMinRetrace)}`,
      passes: f.retraceFrac >= config.trappedMinRetrace,
      source: src.price,
    },
    {
      ruleId: d === 1 ? 'spot-cvd-up' : 'spot-cvd-down',
      role: 'must',
      description: `Spot takers net ${d === 1 ? 'buying' : 'selling'} since the ${eventWord(d)} (cumulative volume delta)`,
      value: f.spotCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '> 0' : '< 0',
      passes: check(f.spotCvdUsd, (v) => d * v > 0),
      source: src.spotFlow,
    },
    {
      ruleId: d === 1 ? 'perp-cvd-down' : 'perp-cvd-up',
      role: 'must',
      description: `Perp takers net ${d === 1 ? 'selling' : 'buying'} since the ${eventWord(d)} (cumulative volume delta)`,
      value: f.perpCvdUsd,
      unit: 'usd',
      threshold: d === 1 ? '< 0' : '> 0',
      passes: check(f.perpCvdUsd, (v) => d * v < 0),
      source: src.perpFlow,
    },
    {
      ruleId: d === 1 ? 'shorts-paying' : 'longs-paying',
      role: 'support',
      description:
        d === 1
          ? 'Funding below its usual range, or perps at a discount to index'
          : 'Funding above its usual range, or perps at a premium to index',
      // An "or" rule shows the value that decided it, and names the other in the threshold.
      failedText: d === 1 ? 'shorts not paying up' : 'longs not paying up',
      value: crowdedFunding !== true && crowdedPremium === true ? f.premiumNow : f.fundingNow8h,
      unit: crowdedFunding !== true && crowdedPremium === true ? 'pct' : 'rate8h',
      threshold:
        median === null || band === null
          ? `premium ${d === 1 ? '< 0' : '> 0'}`
          : `funding ${d === 1 ? '<' : '>'} ${formatThresholdRate8h(median - d * band)}, or premium ${d === 1 ? '< 0' : '> 0'}`,
      passes: either,
      source: `${src.funding}; ${src.premium}`,
    },
    {
      ruleId: 'oi-rising-since-end',
      role: 'support',
      description: `Open interest rising since the ${eventWord(d)} ended`,
      failedText: `open interest not rising since the ${eventWord(d)} ended`,
      value: f.oiVsEndFrac,
      unit: 'pct',
      threshold: '> 0 %',
      passes: check(f.oiVsEndFrac, (v) => v > 0),
      source: src.openInterest,
    },
  ];
}

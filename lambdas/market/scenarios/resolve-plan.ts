import type { RegimeLabel } from '../../model/index.ts';
import type { ScenarioName, ScenarioPlan } from './scenario-catalog.ts';
import { LONG_PLANS, SPECIAL_PLANS } from './scenario-plans.ts';

/** Neutral funding per 8h that short-squeeze funding is mirrored around. */
const NEUTRAL_FUNDING_8H = 0.0001;

const SHORT_LABELS: Record<string, RegimeLabel> = {
  reclaim: 'rejection',
  'grind-lower': 'grind-higher',
  'shorts-trapped': 'longs-trapped',
  'releveraging-risk': 'releveraging-risk',
  stabilizing: 'stabilizing',
  'failed-reclaim': 'failed-rejection',
};

const SHORT_DESCRIPTIONS: Record<keyof typeof LONG_PLANS, string> = {
  reclaim: 'Short squeeze, then spot-led selling back below the broken swing high.',
  'grind-lower':
    'Short squeeze, a shallow dip, then a slow climb above the high as OI keeps falling.',
  'shorts-trapped':
    'Short squeeze, spot selling drags price past the mid-point while perp longs pile in.',
  releveraging: 'Short squeeze, then leveraged shorts rebuild OI quickly without a rejection.',
  stabilizing: 'Short squeeze, then a quiet range between the high and the broken level.',
  'failed-reclaim':
    'Short squeeze, a rejection back below the broken high within hours, then the rejection fails and price climbs to new highs.',
  'late-reclaim':
    'Short squeeze, a day and more of quiet range, then price falls back below the broken high after 24 hours.',
  'oi-rising':
    'Short squeeze in which open interest rises instead of falling: new shorts sell into the rally.',
};

const SHORT_TO_LONG: Record<string, keyof typeof LONG_PLANS> = {
  'short-squeeze-rejection': 'reclaim',
  'short-squeeze-grind-higher': 'grind-lower',
  'short-squeeze-longs-trapped': 'shorts-trapped',
  'short-squeeze-releveraging': 'releveraging',
  'short-squeeze-stabilizing': 'stabilizing',
  'short-squeeze-failed-rejection': 'failed-reclaim',
  'short-squeeze-late-rejection': 'late-reclaim',
  'short-squeeze-oi-rising': 'oi-rising',
};

/** Mirrors a long-flush plan into the matching short squeeze. */
export function mirrorPlan(plan: ScenarioPlan, description: string): ScenarioPlan {
  return {
    ...plan,
    cascade: 'short',
    price: plan.price.map(([h, f]) => [h, 2 - f] as const),
    spotBias: -plan.spotBias,
    perpBias: -plan.perpBias,
    funding8h: 2 * NEUTRAL_FUNDING_8H - plan.funding8h,
    premium: -plan.premium,
    description,
    label: plan.label === undefined ? undefined : (SHORT_LABELS[plan.label] ?? plan.label),
    label72h:
      plan.label72h === undefined ? undefined : (SHORT_LABELS[plan.label72h] ?? plan.label72h),
  };
}

/** The plan behind a scenario name. */
export function resolvePlan(name: ScenarioName): ScenarioPlan {
  if (name in SPECIAL_PLANS) return SPECIAL_PLANS[name as keyof typeof SPECIAL_PLANS];
  const shortBase = SHORT_TO_LONG[name];
  if (shortBase !== undefined) {
    return mirrorPlan(LONG_PLANS[shortBase], SHORT_DESCRIPTIONS[shortBase]);
  }
  const longKey = name.replace('long-flush-', '') as keyof typeof LONG_PLANS;
  return LONG_PLANS[longKey];
}

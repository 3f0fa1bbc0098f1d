import type { ScenarioPlan } from './scenario-catalog.ts';

/** The long-flush reclaim: the sample report's market. */
const RECLAIM: ScenarioPlan = {
  cascade: 'long',
  price: [
    [0, 0.94],
    [3, 0.975],
    [6, 1.008],
    [8, 1.015],
    [30, 1.018],
  ],
  oi: [
    [0, 0.9],
    [30, 0.93],
  ],
  spotRatio: 1.7,
  spotBias: 0.06,
  perpBias: 0.03,
  funding8h: 0.00005,
  premium: -0.0001,
  description: 'Long flush, then spot-led recovery above the broken swing low.',
  label: 'reclaim',
};

/** Long-flush plans; short squeezes reuse them mirrored. */
export const LONG_PLANS = {
  reclaim: RECLAIM,
  'grind-lower': {
    cascade: 'long',
    price: [
      [0, 0.94],
      [3, 0.948],
      [8, 0.935],
      [16, 0.922],
      [22, 0.911],
      [30, 0.906],
    ],
    oi: [
      [0, 0.9],
      [30, 0.86],
    ],
    spotRatio: 0.6,
    spotBias: -0.04,
    perpBias: -0.02,
    funding8h: 0.00008,
    premium: -0.0001,
    description: 'Long flush, a weak bounce, then a slow slide below the low as OI keeps falling.',
    label: 'grind-lower',
  },
  'shorts-trapped': {
    cascade: 'long',
    price: [
      [0, 0.94],
      [4, 0.972],
      [30, 0.978],
    ],
    oi: [
      [0, 0.9],
      [6, 0.925],
      [30, 0.935],
    ],
    spotRatio: 1.3,
    spotBias: 0.06,
    perpBias: -0.06,
    funding8h: -0.00005,
    premium: -0.0004,
    description:
      'Long flush, spot buying lifts price past the mid-point while perp shorts pile in.',
    label: 'shorts-trapped',
  },
  releveraging: {
    cascade: 'long',
    price: [
      [0, 0.94],
      [4, 0.955],
      [30, 0.952],
    ],
    oi: [
      [0, 0.9],
      [12, 0.955],
      [30, 0.97],
    ],
    spotRatio: 0.9,
    spotBias: 0,
    perpBias: 0.05,
    funding8h: 0.00018,
    premium: 0.0004,
    description: 'Long flush, then leveraged longs rebuild OI quickly without a reclaim.',
    label: 'releveraging-risk',
  },
  stabilizing: {
    cascade: 'long',
    price: [
      [0, 0.94],
      [3, 0.948],
      [30, 0.95],
    ],
    oi: [
      [0, 0.9],
      [30, 0.902],
    ],
    spotRatio: 1,
    spotBias: -0.01,
    perpBias: 0.01,
    funding8h: 0.0001,
    premium: 0,
    description: 'Long flush, then a quiet range between the low and the broken level.',
    label: 'stabilizing',
  },
  'failed-reclaim': {
    cascade: 'long',
    price: [
      [0, 0.94],
      [3, 0.975],
      [6, 1.004],
      [10, 1.006],
      [13, 0.985],
      [16, 0.955],
      [22, 0.944],
      [30, 0.932],
      [60, 0.92],
      [75, 0.905],
    ],
    oi: [
      [0, 0.9],
      [10, 0.91],
      [30, 0.875],
      [75, 0.85],
    ],
    spotRatio: 0.9,
    spotBias: -0.02,
    perpBias: -0.01,
    funding8h: 0.00006,
    premium: -0.0001,
    description:
      'Long flush, a reclaim of the broken low within hours, then the reclaim fails and price slides to new lows.',
    label: 'failed-reclaim',
    label72h: 'failed-reclaim',
    postHours: 75,
  },
  'late-reclaim': {
    cascade: 'long',
    price: [
      [0, 0.94],
      [3, 0.95],
      [24, 0.956],
      [30, 0.962],
      [36, 0.985],
      [42, 1.006],
      [75, 1.014],
    ],
    oi: [
      [0, 0.9],
      [30, 0.9],
      [75, 0.905],
    ],
    spotRatio: 1.4,
    spotBias: 0.04,
    perpBias: 0.01,
    funding8h: 0.00009,
    premium: 0,
    description:
      'Long flush, a day and more of quiet range, then price reclaims the broken low after 24 hours.',
    label: 'stabilizing',
    label72h: 'reclaim',
    postHours: 75,
  },
  'oi-rising': {
    cascade: 'long',
    price: [
      [0, 0.94],
      [4, 0.946],
      [12, 0.936],
      [24, 0.932],
      [75, 0.925],
    ],
    oi: [
      [0, 1.02],
      [24, 1.05],
      [75, 1.07],
    ],
    spotRatio: 0.8,
    spotBias: -0.01,
    perpBias: 0.04,
    funding8h: 0.00016,
    premium: 0.0003,
    description:
      'Long flush in which open interest rises instead of falling: new longs buy into the decline.',
    label: 'releveraging-risk',
    label72h: 'releveraging-risk',
    postHours: 75,
  },
} satisfies Record<string, ScenarioPlan>;

/** Plans of the scenarios that are neither a mirrored squeeze nor a plain long flush. */
export const SPECIAL_PLANS = {
  calm: {
    ...LONG_PLANS.stabilizing,
    cascade: 'none',
    description: 'Ten days and more of ordinary trading: no flush.',
    label: undefined,
  },
  'two-sided-washout': {
    cascade: 'two-sided',
    price: [
      [0, 0.985],
      [30, 0.99],
    ],
    oi: [
      [0, 0.94],
      [30, 0.945],
    ],
    spotRatio: 1,
    spotBias: 0,
    perpBias: 0,
    funding8h: 0.0001,
    premium: 0,
    description: 'A whipsaw that liquidates longs and then shorts in one cascade.',
    label: undefined,
  },
  'long-flush-venue-missing': {
    ...RECLAIM,
    failedVenue: 'binanceusdm',
    description: 'Long flush and reclaim while Binance fails for the whole post-flush period.',
  },
} satisfies Record<string, ScenarioPlan>;

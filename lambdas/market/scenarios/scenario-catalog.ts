import type { Checkpoint, RegimeLabel, Snapshot } from '../../model/index.ts';

/** Every scenario the generator can build (one per regime label and side, plus edge cases). */
export const SCENARIO_NAMES = [
  'long-flush-reclaim',
  'long-flush-grind-lower',
  'long-flush-shorts-trapped',
  'long-flush-releveraging',
  'long-flush-stabilizing',
  'short-squeeze-rejection',
  'short-squeeze-grind-higher',
  'short-squeeze-longs-trapped',
  'short-squeeze-releveraging',
  'short-squeeze-stabilizing',
  'calm',
  'two-sided-washout',
  'long-flush-venue-missing',
  'long-flush-failed-reclaim',
  'long-flush-late-reclaim',
  'long-flush-oi-rising',
  'short-squeeze-failed-rejection',
  'short-squeeze-late-rejection',
  'short-squeeze-oi-rising',
] as const;

/** Name of a generated scenario. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The scenario the sample report (`npm start`) is built from. */
export const DEFAULT_SAMPLE_SCENARIO: ScenarioName = 'long-flush-reclaim';

/** Default start of the flush cascade: 2026-03-12T20:30Z. */
export const DEFAULT_SCENARIO_FLUSH_AT_MS = Date.UTC(2026, 2, 12, 20, 30);

/** A generated market with what the analysis is expected to find in it. */
export interface Scenario {
  name: ScenarioName;
  description: string;
  asset: string;
  expected: {
    flush: boolean;
    side?: 'long' | 'short' | 'two-sided';
    /** The reading at 24h. */
    label?: RegimeLabel;
    /** The reading at each checkpoint the scenario is shaped for (24h always, 72h where simulated). */
    labels: Partial<Record<Checkpoint, RegimeLabel>>;
  };
  configuredVenues: string[];
  snapshots: Snapshot[];
}

/** Keyframes `[hours after the cascade, value]`, linearly interpolated. */
export type Keyframes = ReadonlyArray<readonly [number, number]>;

/**
 * Shape of a scenario in long-flush terms; short squeezes are mirrored
 * (price around the pre-flush price, funding around neutral, flows negated).
 */
export interface ScenarioPlan {
  cascade: 'long' | 'short' | 'two-sided' | 'none';
  /** Price as a fraction of the pre-flush price. */
  price: Keyframes;
  /** Total OI as a fraction of the pre-flush OI. */
  oi: Keyframes;
  /** Spot/perp volume ratio after the flush relative to its calm level. */
  spotRatio: number;
  /** Taker-buy share offset (0.05 = 55 % of volume is taker buys). */
  spotBias: number;
  perpBias: number;
  funding8h: number;
  premium: number;
  /** A venue that fails from the end of the cascade onwards. */
  failedVenue?: string;
  description: string;
  /** The reading at 24h. */
  label?: RegimeLabel;
  /** The reading at 72h, for plans simulated long enough ({@link ScenarioPlan.postHours}). */
  label72h?: RegimeLabel;
  /** Hours simulated after the cascade (default 27: the 24h checkpoint with margin). */
  postHours?: number;
}

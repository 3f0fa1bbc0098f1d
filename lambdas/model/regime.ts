import type { FlushSide } from './flush-event.ts';

/** Regime labels for a long flush; the short-squeeze mirrors follow. */
export type RegimeLabel =
  | 'reclaim'
  | 'shorts-trapped'
  | 'grind-lower'
  | 'releveraging-risk'
  | 'stabilizing'
  | 'rejection'
  | 'longs-trapped'
  | 'grind-higher'
  | 'inconclusive';

/** Hours after the flush end at which the regime is assessed. */
export type Checkpoint = '1h' | '4h' | '24h' | '72h';

/** Outcome of one rule. `n/a` = the input was missing; it is left out of the score. */
export type EvidenceStatus = 'pass' | 'fail' | 'n/a';

/** One rule behind a label, as the article's evidence table shows it. */
export interface Evidence {
  /** Stable id, e.g. `reclaim-within-24h`. */
  ruleId: string;
  /** The label this rule belongs to. */
  label: RegimeLabel;
  /** `must` rules decide whether the label can win; `support` rules score it. */
  role: 'must' | 'support';
  /** Plain-language statement of the rule, e.g. "Spot/perp volume ratio ≥ 1.2× its median". */
  description: string;
  /** The measured value (null when not available) and its unit for formatting. */
  value: number | null;
  unit: 'usd' | 'price' | 'pct' | 'ratio' | 'rate8h' | 'bool' | 'sigma';
  /** Human-readable threshold, e.g. "≥ 1.2". */
  threshold: string;
  status: EvidenceStatus;
  /** Where the value came from, e.g. "spot + perp volume, 3 venues". */
  source: string;
}

/** A key price level. */
export interface PriceLevel {
  kind: 'break' | 'extreme' | 'mid' | 'surviving' | 'reclaim-trigger';
  price: number;
  /** Short human label, e.g. "Broken swing low". */
  label: string;
}

/** The post-flush regime at one checkpoint, with the evidence behind it. */
export interface RegimeAssessment {
  label: RegimeLabel;
  side: FlushSide;
  checkpoint: Checkpoint;
  /** Time of the assessment (flush end + checkpoint), ms. */
  asOfMs: number;
  confidence: 'low' | 'medium' | 'high';
  /** Share (0..1) of OI covered by the data behind the assessment. */
  coverage: number;
  /** Score of the winning label = coverage × (0.5 + 0.5 × supports met / supports evaluated). */
  score: number;
  levels: PriceLevel[];
  /** Every rule of every candidate label, winners first. */
  evidence: Evidence[];
  /** Labels whose must-hold rules all passed, best first. */
  candidates: RegimeLabel[];
  /** Inputs that were missing and why, as sentences for the reader. */
  missingInputs: string[];
}

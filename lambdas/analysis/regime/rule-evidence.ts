import type { RegimeConfig } from '../../config.ts';
import type { Evidence, RegimeLabel } from '../../model/index.ts';
import type { RegimeLevels } from './regime-levels.ts';
import type { RegimeMeasures } from './regime-measures.ts';

/** One rule before it is attached to its label. */
export interface RuleSpec {
  ruleId: string;
  role: Evidence['role'];
  description: string;
  value: number | null;
  unit: Evidence['unit'];
  threshold: string;
  /** Outcome; null when an input is missing (shown as `n/a`, never scored). */
  passes: boolean | null;
  source: string;
}

/** Turns a rule spec into an evidence item of `label`. */
export function toEvidence(label: RegimeLabel, spec: RuleSpec): Evidence {
  return {
    ruleId: spec.ruleId,
    label,
    role: spec.role,
    description: spec.description,
    value: spec.value,
    unit: spec.unit,
    threshold: spec.threshold,
    status: spec.passes === null ? 'n/a' : spec.passes ? 'pass' : 'fail',
    source: spec.source,
  };
}

/** Applies `test` when `value` is known; null (n/a) otherwise. */
export function check(value: number | null, test: (v: number) => boolean): boolean | null {
  return value === null ? null : test(value);
}

/** Boolean as an evidence value (1 = yes, 0 = no, null = unknown). */
export function boolValue(flag: boolean | null): number | null {
  return flag === null ? null : flag ? 1 : 0;
}

/** Where each measure came from, for the evidence's `source` column. */
export interface RuleSources {
  price: string;
  volume: string;
  spotFlow: string;
  perpFlow: string;
  openInterest: string;
  funding: string;
  premium: string;
}

/** Everything a label's rule builder reads. */
export interface RuleContext {
  m: RegimeMeasures;
  levels: RegimeLevels;
  config: RegimeConfig;
  src: RuleSources;
  /** +1 after a long flush, −1 after a short squeeze. */
  d: 1 | -1;
}

/**
 * "No reclaim (or, for a squeeze, no rejection) of the broken level yet": a must-hold rule
 * shared by `grind-*` and `releveraging-risk`.
 */
export function noReclaimYetRule({ m, src, d }: RuleContext): RuleSpec {
  return {
    ruleId: d === 1 ? 'no-reclaim' : 'no-rejection',
    role: 'must',
    description: `No ${d === 1 ? 'reclaim' : 'rejection'} of the broken level yet`,
    value: boolValue(m.reclaimed === null ? null : !m.reclaimed),
    unit: 'bool',
    threshold: 'yes',
    passes: m.reclaimed === null ? null : !m.reclaimed,
    source: src.price,
  };
}

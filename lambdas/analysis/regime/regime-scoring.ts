import type { RegimeConfig } from '../../config.ts';
import type { Evidence, RegimeAssessment, RegimeLabel } from '../../model/index.ts';

/** A label's standing after its rules were evaluated. */
export interface LabelStanding {
  label: RegimeLabel;
  /** Every must-hold rule passed (an `n/a` must-hold rule disqualifies). */
  eligible: boolean;
  /** Every passing must-hold rule passed by a clear margin. */
  clearMargin: boolean;
  supportsMet: number;
  /** Supports that could be evaluated (pass + fail); `n/a` is left out. */
  supportsEvaluated: number;
}

/** The decision: winner, candidates in precedence order, and the confidence. */
export interface RegimeDecision {
  label: RegimeLabel;
  /** Share of the winner's evaluated supports that held; 0 when none could be evaluated. */
  supportShare: number;
  confidence: RegimeAssessment['confidence'];
  candidates: RegimeLabel[];
}

/** Where one label stands, from its own evidence. */
export function labelStanding(label: RegimeLabel, evidence: readonly Evidence[]): LabelStanding {
  const own = evidence.filter((e) => e.label === label);
  const musts = own.filter((e) => e.role === 'must');
  const supports = own.filter((e) => e.role === 'support');
  return {
    label,
    eligible: musts.length > 0 && musts.every((e) => e.status === 'pass'),
    clearMargin: musts.every((e) => e.clearMargin !== false),
    supportsMet: supports.filter((e) => e.status === 'pass').length,
    supportsEvaluated: supports.filter((e) => e.status !== 'n/a').length,
  };
}

/**
 * Confidence from evaluated evidence only: `high` when the must-hold rules pass by a clear
 * margin and most of at least two evaluable supports agree; `low` when no support could be
 * evaluated, when they are split or against, or when too little of the market reported.
 * @example confidenceOf({ eligible: true, clearMargin: true, supportsMet: 2, supportsEvaluated: 3, label: 'reclaim' }, 1, config) // 'high'
 */
export function confidenceOf(
  standing: LabelStanding,
  coverage: number,
  config: RegimeConfig,
): RegimeAssessment['confidence'] {
  const { supportsMet: met, supportsEvaluated: evaluated } = standing;
  if (coverage < config.lowConfidenceCoverage || evaluated === 0 || met * 2 <= evaluated)
    return 'low';
  return standing.clearMargin && evaluated >= 2 ? 'high' : 'medium';
}

/**
 * Picks the label (DESIGN.md §5 v2): the first eligible label in `precedence`. `inconclusive`
 * only when no label's must-hold inputs could be evaluated, or coverage is below `minCoverage`.
 */
export function decideRegime(
  evidence: readonly Evidence[],
  precedence: readonly RegimeLabel[],
  coverage: number,
  config: RegimeConfig,
): RegimeDecision {
  const standings = precedence.map((label) => labelStanding(label, evidence));
  const eligible = standings.filter((s) => s.eligible);
  const best = eligible[0];
  const candidates = eligible.map((s) => s.label);
  if (best === undefined || coverage < config.minCoverage) {
    return { label: 'inconclusive', supportShare: 0, confidence: 'low', candidates };
  }
  return {
    label: best.label,
    supportShare: best.supportsEvaluated === 0 ? 0 : best.supportsMet / best.supportsEvaluated,
    confidence: confidenceOf(best, coverage, config),
    candidates,
  };
}

/** Evidence ordered winner first, then the other candidates, then the remaining labels by precedence. */
export function orderEvidence(
  evidence: readonly Evidence[],
  decision: RegimeDecision,
  precedence: readonly RegimeLabel[],
): Evidence[] {
  const order = [decision.label, ...decision.candidates, ...precedence];
  const rank = (label: RegimeLabel) => order.indexOf(label);
  return evidence
    .map((e, index) => ({ e, index }))
    .sort((a, b) => rank(a.e.label) - rank(b.e.label) || a.index - b.index)
    .map(({ e }) => e);
}

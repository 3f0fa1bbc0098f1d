import type { RegimeConfig } from '../../config.ts';
import type { Evidence, RegimeAssessment, RegimeLabel } from '../../model/index.ts';

/** A label's standing after its rules were evaluated. */
export interface LabelScore {
  label: RegimeLabel;
  /** Every must-hold rule passed (an `n/a` must-hold rule disqualifies). */
  eligible: boolean;
  supportsMet: number;
  /** Supports that could be evaluated (pass + fail); `n/a` is left out. */
  supportsEvaluated: number;
  /** coverage × (0.5 + 0.5 × met / evaluated); with nothing evaluated the support term is 0. */
  score: number;
}

/** The decision: winner, candidates best first, and the confidence. */
export interface RegimeDecision {
  label: RegimeLabel;
  score: number;
  confidence: RegimeAssessment['confidence'];
  candidates: RegimeLabel[];
}

/** Score at or above which a covered assessment is `high` confidence. */
export const HIGH_CONFIDENCE_SCORE = 0.8;

/** Scores one label from its evidence. */
export function scoreLabel(
  label: RegimeLabel,
  evidence: readonly Evidence[],
  coverage: number,
): LabelScore {
  const own = evidence.filter((e) => e.label === label);
  const musts = own.filter((e) => e.role === 'must');
  const supports = own.filter((e) => e.role === 'support');
  const supportsMet = supports.filter((e) => e.status === 'pass').length;
  const supportsEvaluated = supports.filter((e) => e.status !== 'n/a').length;
  const ratio = supportsEvaluated > 0 ? supportsMet / supportsEvaluated : 0;
  return {
    label,
    eligible: musts.length > 0 && musts.every((e) => e.status === 'pass'),
    supportsMet,
    supportsEvaluated,
    score: coverage * (0.5 + 0.5 * ratio),
  };
}

/**
 * Picks the label (DESIGN.md §5): the eligible label with the best score,
 * ties broken by `precedence` (first wins). `inconclusive` when no label is
 * eligible or coverage is below `minCoverage` (score 0). Confidence is `low`
 * for inconclusive or coverage below `lowConfidenceCoverage`, `high` when the
 * score is at least {@link HIGH_CONFIDENCE_SCORE}, else `medium`.
 */
export function decideRegime(
  evidence: readonly Evidence[],
  precedence: readonly RegimeLabel[],
  coverage: number,
  config: RegimeConfig,
): RegimeDecision {
  const ranked = precedence
    .map((label) => scoreLabel(label, evidence, coverage))
    .filter((s) => s.eligible)
    .sort((a, b) => {
      if (Math.abs(b.score - a.score) > 1e-12) return b.score - a.score;
      return precedence.indexOf(a.label) - precedence.indexOf(b.label);
    });
  const candidates = ranked.map((s) => s.label);
  const best = ranked[0];
  if (best === undefined || coverage < config.minCoverage) {
    return { label: 'inconclusive', score: 0, confidence: 'low', candidates };
  }
  const confidence =
    coverage < config.lowConfidenceCoverage
      ? 'low'
      : best.score >= HIGH_CONFIDENCE_SCORE
        ? 'high'
        : 'medium';
  return { label: best.label, score: best.score, confidence, candidates };
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

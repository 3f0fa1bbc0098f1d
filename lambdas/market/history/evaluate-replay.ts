import type { Checkpoint, MarketSeries, RegimeLabel } from '../../model/index.ts';
import { HOUR_MS } from '../../shared/time.ts';
import {
  type Agreement,
  agreement,
  type LabelledEvent,
  type LabelledSet,
  type ReadingFamily,
} from './labelled-readings.ts';
import type { ReplayFinding } from './replay-history.ts';

/** How far ahead of each checkpoint the evaluation looks. */
export const FORWARD_HOURS = 48;

/** What price and OI did in the `FORWARD_HOURS` after a checkpoint; null past the data's end. */
export interface ForwardMove {
  priceFrac: number | null;
  oiFrac: number | null;
}

/** One checkpoint of one event: the reading, what followed, and the labelled reading. */
export interface CheckpointEvaluation {
  checkpoint: Checkpoint;
  label: RegimeLabel | null;
  confidence: 'low' | 'medium' | 'high' | null;
  retraceFrac: number | null;
  forward: ForwardMove;
  labelled: ReadingFamily | null;
  agreement: Agreement | null;
  /** True when the reading calls a reversal while price sits beyond the flush extreme. */
  reversalBeyondExtreme: boolean;
}

/** One evaluated event. */
export interface EventEvaluation {
  finding: ReplayFinding;
  checkpoints: CheckpointEvaluation[];
}

/** Totals of an evaluation over a labelled set. */
export interface EvaluationSummary {
  labelledEvents: number;
  /** Labelled events that replay found (matched by side and start within two hours). */
  matched: number;
  at24h: Record<Agreement, number>;
  at72h: Record<Agreement, number>;
  reversalsBeyondExtreme: number;
}

function closeAt(series: MarketSeries, atMs: number) {
  const barMs = series.barMinutes * 60_000;
  let found: MarketSeries['bars'][number] | null = null;
  for (const bar of series.bars) {
    if (bar.openTimeMs + barMs > atMs) break;
    found = bar;
  }
  return found;
}

function forwardMove(series: MarketSeries, fromMs: number): ForwardMove {
  const last = series.bars.at(-1);
  const toMs = fromMs + FORWARD_HOURS * HOUR_MS;
  if (last === undefined || last.openTimeMs + series.barMinutes * 60_000 < toMs)
    return { priceFrac: null, oiFrac: null };
  const a = closeAt(series, fromMs);
  const b = closeAt(series, toMs);
  if (a === null || b === null) return { priceFrac: null, oiFrac: null };
  const oi =
    a.oiBase !== null && b.oiBase !== null && a.oiBase > 0 ? b.oiBase / a.oiBase - 1 : null;
  return { priceFrac: b.close / a.close - 1, oiFrac: oi };
}

function matchLabelled(finding: ReplayFinding, set: LabelledSet | null): LabelledEvent | null {
  if (set === null) return null;
  const flush = finding.flush;
  return (
    set.events.find(
      (e) => e.side === flush.side && Math.abs(Date.parse(e.start) - flush.startMs) <= 2 * HOUR_MS,
    ) ?? null
  );
}

/**
 * Each finding's reading at every checkpoint next to what price and OI did in the next 48 h,
 * and, where a labelled set names the event, the labelled reading at 24h and 72h.
 * @example evaluateFindings(findings, labelled)[0].checkpoints[2].agreement // 'agree'
 */
export function evaluateFindings(
  findings: readonly ReplayFinding[],
  set: LabelledSet | null,
): EventEvaluation[] {
  return findings.map((finding) => {
    const labelled = matchLabelled(finding, set);
    const checkpoints = (['1h', '4h', '24h', '72h'] as const).map((checkpoint) => {
      const assessment = finding.regimes[checkpoint];
      const facts = assessment?.facts ?? null;
      const family =
        labelled === null
          ? null
          : checkpoint === '24h'
            ? labelled.at24h
            : checkpoint === '72h'
              ? labelled.at72h
              : null;
      const label = assessment?.label ?? null;
      return {
        checkpoint,
        label,
        confidence: assessment?.confidence ?? null,
        retraceFrac: facts?.retraceFrac ?? null,
        forward: assessment
          ? forwardMove(finding.series, assessment.asOfMs)
          : { priceFrac: null, oiFrac: null },
        labelled: family,
        agreement: family !== null && label !== null ? agreement(label, family) : null,
        reversalBeyondExtreme:
          (label === 'reclaim' || label === 'rejection') && facts !== null && facts.retraceFrac < 0,
      };
    });
    return { finding, checkpoints };
  });
}

/** Agreement counts at 24h and 72h over the labelled events replay found. */
export function summarizeEvaluation(
  events: readonly EventEvaluation[],
  set: LabelledSet | null,
): EvaluationSummary {
  const count = (checkpoint: Checkpoint) => {
    const totals: Record<Agreement, number> = { agree: 0, compatible: 0, disagree: 0 };
    for (const e of events) {
      const a = e.checkpoints.find((c) => c.checkpoint === checkpoint)?.agreement;
      if (a) totals[a] += 1;
    }
    return totals;
  };
  return {
    labelledEvents: set?.events.length ?? 0,
    matched: events.filter((e) => e.checkpoints.some((c) => c.labelled !== null)).length,
    at24h: count('24h'),
    at72h: count('72h'),
    reversalsBeyondExtreme: events.reduce(
      (n, e) => n + e.checkpoints.filter((c) => c.reversalBeyondExtreme).length,
      0,
    ),
  };
}

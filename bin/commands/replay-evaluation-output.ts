import type {
  CheckpointEvaluation,
  EvaluationSummary,
  EventEvaluation,
} from '../../lambdas/market/history/index.ts';
import { formatPct, formatUsdCompact } from '../../lambdas/report/index.ts';

const MARK = { agree: '✓', compatible: '≈', disagree: '✗' } as const;

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function forwardText(c: CheckpointEvaluation | undefined): string {
  if (c === undefined || c.label === null) return '—';
  const { priceFrac, oiFrac } = c.forward;
  if (priceFrac === null) return 'past the data';
  const oi = oiFrac === null ? '' : `, OI ${formatPct(oiFrac)}`;
  return `price ${formatPct(priceFrac)}${oi}`;
}

function readingText(c: CheckpointEvaluation | undefined): string {
  if (c === undefined || c.label === null) return '—';
  return c.agreement === null ? c.label : `${c.label} ${MARK[c.agreement]}`;
}

function row(e: EventEvaluation): string {
  const f = e.finding.flush;
  const at = (checkpoint: string) => e.checkpoints.find((c) => c.checkpoint === checkpoint);
  const cells = [
    utc(f.startMs),
    f.side,
    formatUsdCompact(f.liqTotalUsd),
    at('1h')?.label ?? '—',
    at('4h')?.label ?? '—',
    readingText(at('24h')),
    at('24h')?.labelled ?? '—',
    forwardText(at('24h')),
    readingText(at('72h')),
    at('72h')?.labelled ?? '—',
    forwardText(at('72h')),
  ];
  return `| ${cells.join(' | ')} |`;
}

function share(totals: EvaluationSummary['at24h'], of: number): string {
  return `${totals.agree} agree, ${totals.compatible} compatible, ${totals.disagree} disagree (${totals.agree + totals.compatible} of ${of})`;
}

/**
 * `replay --evaluate`: a Markdown table of every finding's reading at each checkpoint next to
 * what price and OI did in the next 48 h and the labelled reading, then the agreement.
 */
export function formatEvaluation(
  events: readonly EventEvaluation[],
  summary: EvaluationSummary,
): string[] {
  const lines = [
    '| flush start (UTC) | side | liquidated | 1h | 4h | 24h | labelled 24h | next 48h | 72h | labelled 72h | next 48h |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...events.map(row),
    '',
  ];
  if (summary.labelledEvents > 0) {
    lines.push(
      `Labelled events found: ${summary.matched} of ${summary.labelledEvents}.`,
      `24h: ${share(summary.at24h, summary.matched)}.`,
      `72h: ${share(summary.at72h, summary.matched)}.`,
      '✓ = same reading as the labelled one, ≈ = compatible (re-leveraging where the labelled reading is a grind with OI rebuilt), ✗ = different.',
    );
  }
  lines.push(
    `Reversals called while price sat beyond the flush extreme: ${summary.reversalsBeyondExtreme}.`,
  );
  return lines;
}

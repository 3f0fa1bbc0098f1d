import { CHECKPOINTS } from '../../lambdas/analysis/index.ts';
import type { ReplayFinding, ReplaySegment } from '../../lambdas/market/history/index.ts';
import type { Checkpoint, RegimeLabel } from '../../lambdas/model/index.ts';
import { formatPct, formatUsdCompact } from '../../lambdas/report/index.ts';
import {
  type ReplaySpikeJson,
  SPIKE_COLUMNS,
  spikeRow,
  toReplaySpikeJson,
} from './replay-spike-output.ts';

/** One flush of `aftershock replay --json`. Percent fields are percentages (−25.6 = −25.6 %). */
export interface ReplayFlushJson {
  asset: string;
  /** The history series it came from, e.g. `coinglass BTC 60m`. */
  source: string;
  start: string;
  end: string;
  side: 'long' | 'short' | 'two-sided';
  tier: 'minor' | 'major' | 'extreme';
  liqLongUsd: number;
  liqShortUsd: number;
  /** True when liquidations were estimated from OI drops (no liquidation data in the source). */
  liqEstimated: boolean;
  oiChangePercent: number | null;
  priceMovePercent: number;
  /** Regime label at each checkpoint; null where the data ends first or for a two-sided washout. */
  regimes: Record<Checkpoint, RegimeLabel | null>;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The machine-readable form of one finding. */
export function toReplayFlushJson(finding: ReplayFinding): ReplayFlushJson {
  const { flush } = finding;
  const regimes = {} as Record<Checkpoint, RegimeLabel | null>;
  for (const checkpoint of CHECKPOINTS)
    regimes[checkpoint] = finding.regimes[checkpoint]?.label ?? null;
  return {
    asset: flush.asset,
    source: finding.label,
    start: new Date(flush.startMs).toISOString(),
    end: new Date(flush.endMs).toISOString(),
    side: flush.side,
    tier: flush.tier,
    liqLongUsd: Math.round(flush.liqLongUsd),
    liqShortUsd: Math.round(flush.liqShortUsd),
    liqEstimated: flush.liqEstimated,
    oiChangePercent: flush.oiChangePct === null ? null : round2(flush.oiChangePct * 100),
    priceMovePercent: round2(flush.priceMovePct * 100),
    regimes,
  };
}

/** What `aftershock replay --json` prints: the flushes and the spikes without a flush. */
export interface ReplayJson {
  flushes: ReplayFlushJson[];
  spikes: ReplaySpikeJson[];
}

/** Every flush and spike of the replayed segments, for `--json`. */
export function toReplayJson(segments: readonly ReplaySegment[]): ReplayJson {
  return {
    flushes: segments.flatMap((s) => s.findings.map(toReplayFlushJson)),
    spikes: segments.flatMap((s) => s.spikes.map((spike) => toReplaySpikeJson(spike, s.label))),
  };
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

const COLUMNS = [
  'start (UTC)',
  'end',
  'side',
  'tier',
  'long liq',
  'short liq',
  'OI',
  'price',
  ...CHECKPOINTS,
];

function findingRow(f: ReplayFinding): string[] {
  const e = f.flush;
  const usd = (v: number) => `${e.liqEstimated ? '~' : ''}${formatUsdCompact(v)}`;
  return [
    utc(e.startMs),
    utc(e.endMs).slice(11),
    e.side,
    e.tier,
    usd(e.liqLongUsd),
    usd(e.liqShortUsd),
    e.oiChangePct === null ? 'n/a' : formatPct(e.oiChangePct),
    formatPct(e.priceMovePct),
    ...CHECKPOINTS.map((c) => f.regimes[c]?.label ?? '—'),
  ];
}

function table(rows: string[][], columns: readonly string[] = COLUMNS): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line([...columns]), ...rows.map(line)].map((l) => `    ${l}`);
}

/**
 * The readable report of a replay: per segment its range and what was found
 * (or why nothing could be), then a table of flushes with their regime at
 * each checkpoint and one of liquidation spikes without a flush. `~` marks liquidations estimated from OI drops; `—` a
 * checkpoint the data does not reach.
 */
export function formatReplayText(
  segments: readonly ReplaySegment[],
  notes: readonly string[],
): string[] {
  const lines: string[] = [];
  for (const s of segments) {
    const head = `${s.label}  ${utc(s.fromMs)} → ${utc(s.toMs)} UTC  (${s.barCount} bars, liquidations ${s.liquidationSource})`;
    lines.push(head);
    if (s.unusable !== null) lines.push(`    ${s.unusable}`);
    else if (s.findings.length === 0) lines.push('    no flush found');
    else lines.push(...table(s.findings.map(findingRow)));
    if (s.spikes.length > 0) lines.push('', ...table(s.spikes.map(spikeRow), SPIKE_COLUMNS));
    lines.push('');
  }
  const count = segments.reduce((n, s) => n + s.findings.length, 0);
  const spikes = segments.reduce((n, s) => n + s.spikes.length, 0);
  const spikeText =
    spikes === 0 ? '' : `, ${spikes} liquidation spike${spikes === 1 ? '' : 's'} without a flush`;
  lines.push(
    `${count} flush${count === 1 ? '' : 'es'}${spikeText} in ${segments.length} segment${segments.length === 1 ? '' : 's'}.`,
  );
  if (spikes > 0) {
    lines.push(
      'spike = liquidations that passed the flush trigger while the price moved too little ("at most": to the wick, in σ).',
    );
  }
  if (segments.some((s) => s.findings.some((f) => f.flush.liqEstimated))) {
    lines.push(
      '~ = estimated from the fall in open interest (the source has no liquidation data).',
    );
  }
  lines.push('— = the data ends before this checkpoint (or a two-sided washout has no regime).');
  for (const note of notes) lines.push(`note: ${note}`);
  return lines;
}

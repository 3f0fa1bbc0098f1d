import type { LiquidationSpike } from '../../lambdas/model/index.ts';
import { formatPct, formatUsdCompact } from '../../lambdas/report/index.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** One liquidation spike without a flush of `aftershock replay --json`. Percent fields are percentages. */
export interface ReplaySpikeJson {
  asset: string;
  source: string;
  start: string;
  /** Close of the last bar. */
  end: string;
  side: 'long' | 'short' | 'two-sided';
  liqLongUsd: number;
  liqShortUsd: number;
  liqEstimated: boolean;
  liqToOiPercent: number;
  priceMovePercent: number;
  /** Move to the wick extreme on the liquidated side. */
  maxMovePercent: number;
  maxMoveSigma: number;
}

/** The machine-readable form of one spike. */
export function toReplaySpikeJson(spike: LiquidationSpike, source: string): ReplaySpikeJson {
  return {
    asset: spike.asset,
    source,
    start: new Date(spike.startMs).toISOString(),
    end: new Date(spike.endMs).toISOString(),
    side: spike.side,
    liqLongUsd: Math.round(spike.liqLongUsd),
    liqShortUsd: Math.round(spike.liqShortUsd),
    liqEstimated: spike.liqEstimated,
    liqToOiPercent: round2(spike.liqToOi * 100),
    priceMovePercent: round2(spike.priceMoveFrac * 100),
    maxMovePercent: round2(spike.maxMoveFrac * 100),
    maxMoveSigma: round2(spike.maxMoveSigma),
  };
}

/** Columns of the spike table of `aftershock replay`. */
export const SPIKE_COLUMNS = [
  'spike (UTC)',
  'end',
  'side',
  'long liq',
  'short liq',
  'L/OI',
  'price',
  'at most',
];

/** One row of the spike table: `~` marks liquidations estimated from OI drops. */
export function spikeRow(spike: LiquidationSpike): string[] {
  const usd = (v: number) => `${spike.liqEstimated ? '~' : ''}${formatUsdCompact(v)}`;
  return [
    utc(spike.startMs),
    utc(spike.endMs).slice(11),
    spike.side,
    usd(spike.liqLongUsd),
    usd(spike.liqShortUsd),
    formatPct(spike.liqToOi).replace('+', ''),
    formatPct(spike.priceMoveFrac),
    `${formatPct(spike.maxMoveFrac)} (${spike.maxMoveSigma.toFixed(1)}σ)`,
  ];
}

import type { Evidence, EvidenceStatus, RegimeLabel } from '../model/index.ts';
import type { EvidenceRow } from './article-types.ts';
import {
  formatPct,
  formatPrice,
  formatRate8h,
  formatRatio,
  formatSigma,
  formatUsdCompact,
} from './format.ts';

const REGIME_NAMES: Record<RegimeLabel, string> = {
  reclaim: 'Reclaim',
  'failed-reclaim': 'Failed reclaim',
  'failed-rejection': 'Failed rejection',
  'shorts-trapped': 'Shorts trapped',
  'grind-lower': 'Grind lower',
  'releveraging-risk': 'Re-leveraging risk',
  stabilizing: 'Stabilizing',
  rejection: 'Rejection',
  'longs-trapped': 'Longs trapped',
  'grind-higher': 'Grind higher',
  inconclusive: 'Inconclusive',
};

const REGIME_MEANINGS: Record<RegimeLabel, string> = {
  reclaim: 'price has won back the level the flush broke, and buyers are showing up in spot',
  'failed-reclaim': 'price won back the level the flush broke, then lost it again',
  'failed-rejection': 'price fell back below the level the squeeze broke, then rose above it again',
  'shorts-trapped':
    'spot buyers are absorbing while perp traders keep selling, which can squeeze late shorts',
  'grind-lower':
    'there has been no bounce, and open interest keeps falling as the market drifts near the lows',
  'releveraging-risk':
    'leverage is rebuilding without a reclaim of the broken level, which sets up another flush',
  stabilizing:
    'price is holding between the flush extreme and the broken level while open interest is flat',
  rejection:
    'price has fallen back below the level the squeeze broke, and sellers are showing up in spot',
  'longs-trapped':
    'spot sellers are distributing while perp traders keep buying, which can trap late longs',
  'grind-higher':
    'there has been no pullback, and open interest keeps falling as the market drifts near the highs',
  inconclusive: 'the evidence does not point one way, or too little of the market reported to tell',
};

/**
 * The regime label in plain words.
 * @example regimeName('grind-lower') // "Grind lower"
 */
export function regimeName(label: RegimeLabel): string {
  return REGIME_NAMES[label];
}

/** One clause saying what the regime means for a reader. */
export function regimeMeaning(label: RegimeLabel): string {
  return REGIME_MEANINGS[label];
}

const STATUS_TEXT: Record<EvidenceStatus, string> = {
  pass: 'holds',
  fail: 'does not hold',
  'n/a': 'not available',
};

/**
 * Formats an evidence value in its own unit; a missing value reads "not available".
 * @example formatEvidenceValue(0.82, 'ratio') // "0.82×"
 */
export function formatEvidenceValue(value: number | null, unit: Evidence['unit']): string {
  if (value === null || !Number.isFinite(value)) return 'not available';
  switch (unit) {
    case 'usd':
      return formatUsdCompact(value);
    case 'price':
      return formatPrice(value);
    case 'pct':
      return formatPct(value);
    case 'ratio':
      return formatRatio(value);
    case 'rate8h':
      return formatRate8h(value);
    case 'sigma':
      return formatSigma(value);
    case 'bool':
      return value ? 'yes' : 'no';
  }
}

/** The evidence list as table rows with every cell formatted. */
export function evidenceRows(evidence: Evidence[]): EvidenceRow[] {
  return evidence.map((item) => ({
    rule: item.description,
    label: regimeName(item.label),
    role: item.role === 'must' ? 'must hold' : 'supports',
    value: formatEvidenceValue(item.value, item.unit),
    threshold: item.threshold || 'none stated',
    status: STATUS_TEXT[item.status],
    statusClass: item.status === 'n/a' ? 'na' : item.status,
    source: item.source || 'not stated',
  }));
}

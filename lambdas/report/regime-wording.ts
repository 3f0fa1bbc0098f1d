import type { Evidence, EvidenceStatus, RegimeLabel } from '../model/index.ts';
import type { EvidenceRow } from './article-types.ts';
import {
  formatPct,
  formatPrice,
  formatRate8h,
  formatRatio,
  formatShare,
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

/**
 * The regime label in plain words.
 * @example regimeName('grind-lower') // "Grind lower"
 */
export function regimeName(label: RegimeLabel): string {
  return REGIME_NAMES[label];
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
export function formatEvidenceValue(
  value: number | null,
  unit: Evidence['unit'],
  decimals?: number,
): string {
  if (value === null || !Number.isFinite(value)) return 'not available';
  if (unit === 'pct' && decimals !== undefined) return formatPct(value, decimals);
  switch (unit) {
    case 'usd':
      return formatUsdCompact(value);
    case 'price':
      return formatPrice(value);
    case 'pct':
      // Premiums are hundredths of a percent: one decimal would print −0.003 % as 0.0 %.
      return formatPct(value, value !== 0 && Math.abs(value) < 0.001 ? 3 : 1);
    case 'ratio':
      return formatRatio(value);
    case 'share':
      return value < 0 ? `beyond the extreme (${formatShare(value)})` : formatShare(value);
    case 'rate8h':
      return formatRate8h(value);
    case 'sigma':
      return formatSigma(value);
    case 'bool':
      return value ? 'yes' : 'no';
  }
}

/** A threshold that is one comparison with a number: "> 0 %", "≥ 50 %", "≤ 0.0100 %/8h". */
const NUMERIC_BOUND = /^(?:not every close )?(?:>|<|≥|≤) ([−-]?\d+(?:\.\d+)?)(?: %| %\/8h)?$/;

/**
 * An evidence value in its unit, with as many more decimals (up to six) as it takes not to print
 * as its threshold's own number when it is not that number: "+0.000 %" beside "> 0" read as
 * failing a rule it passed, "50 %" beside "< 50 %" as passing one it failed, "−0.0019 %/8h"
 * beside "≥ −0.0019 %/8h" as meeting it.
 * @example evidenceValueText({ value: 0.4996, unit: 'share', threshold: '< 50 %', … }) // "49.96 %"
 */
function evidenceValueText(item: Evidence): string {
  const text = formatEvidenceValue(item.value, item.unit, item.valueDecimals);
  const bound = NUMERIC_BOUND.exec(item.threshold);
  const value = item.value;
  const percent =
    item.unit === 'pct' || item.unit === 'rate8h' || (item.unit === 'share' && (value ?? -1) >= 0);
  if (value === null || bound === null || !percent || !Number.isFinite(value)) return text;
  const limit = Number((bound[1] ?? '').replace('−', '-'));
  if (value * 100 === limit) return text;
  const printedDecimals = (text.split(' ')[0]?.split('.')[1] ?? '').length;
  const printed = (d: number) => Number((value * 100).toFixed(d));
  if (printed(printedDecimals) !== limit) return text;
  let decimals = printedDecimals;
  while (decimals < 6 && printed(decimals) === limit) decimals += 1;
  if (item.unit === 'share') return formatShare(value, decimals);
  return item.unit === 'rate8h' ? formatRate8h(value, decimals) : formatPct(value, decimals);
}

/** The evidence list as table rows with every cell formatted. */
export function evidenceRows(evidence: Evidence[]): EvidenceRow[] {
  return evidence.map((item) => ({
    rule: item.description,
    label: regimeName(item.label),
    role: item.role === 'must' ? 'must hold' : 'supports',
    value: evidenceValueText(item),
    threshold: item.threshold || 'none stated',
    status: STATUS_TEXT[item.status],
    statusClass: item.status === 'n/a' ? 'na' : item.status,
    source: item.source || 'not stated',
  }));
}

import { DAY_MS } from '../../shared/time.ts';

/** UTC days, the unit rollups are stored in. */
export { DAY_MS };

/**
 * The UTC day (`YYYY-MM-DD`) a time falls in.
 * @example dayOf(Date.parse('2026-03-12T23:59:00Z')) // '2026-03-12'
 */
export function dayOf(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Start of a UTC day (epoch ms). */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/**
 * The UTC days that `[fromMs, toMs)` touches, oldest first.
 * @example daysCovering(Date.parse('2026-03-12T22:00Z'), Date.parse('2026-03-13T01:00Z')) // ['2026-03-12', '2026-03-13']
 */
export function daysCovering(fromMs: number, toMs: number): string[] {
  const days: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t < toMs; t += DAY_MS) days.push(dayOf(t));
  return days;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Key of a day's rollup, beside the snapshots in the data bucket (or folder).
 * @example rollupKey('2026-03-12') // 'rollups/2026/03/12.json.gz'
 */
export function rollupKey(day: string): string {
  const d = new Date(dayStartMs(day));
  return `rollups/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}.json.gz`;
}

/**
 * Key of a day's market rollup (the market beyond the assets), beside the assets' rollups.
 * @example marketRollupKey('2026-03-12') // 'rollups/market/2026/03/12.json.gz'
 */
export function marketRollupKey(day: string): string {
  return rollupKey(day).replace(/^rollups\//, 'rollups/market/');
}

/**
 * The UTC month (`YYYY-MM`) a time falls in.
 * @example monthOf(Date.parse('2026-03-12T23:59:00Z')) // '2026-03'
 */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/**
 * The `count` UTC months up to and including the one `ms` falls in, oldest first.
 * @example monthsUpTo(Date.parse('2026-01-15T00:00Z'), 3) // ['2025-11', '2025-12', '2026-01']
 */
export function monthsUpTo(ms: number, count: number): string[] {
  const d = new Date(ms);
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1)
    months.push(monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)));
  return months;
}

/**
 * Key of a month of the market's history (hourly totals), beside the rollups.
 * @example marketHistoryKey('2026-03') // 'rollups/market-history/2026/03.json.gz'
 */
export function marketHistoryKey(month: string): string {
  const [year, mm] = month.split('-');
  return `rollups/market-history/${year}/${mm}.json.gz`;
}

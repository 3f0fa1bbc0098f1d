import { HistoryDataError } from './history-data-error.ts';

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/**
 * Minutes of an interval token as Binance and CoinGlass write it in file names.
 * @example intervalTokenMinutes('15m') // 15
 * @example intervalTokenMinutes('4h') // 240
 */
export function intervalTokenMinutes(token: string): number | null {
  const match = /^(\d+)([mhd])$/.exec(token);
  if (!match) return null;
  return Number(match[1]) * (UNIT_MINUTES[match[2] ?? ''] ?? 0) || null;
}

/**
 * Bar size of a file's rows: the smallest step between consecutive open
 * times. Every step must be a whole multiple of it (a larger multiple is a
 * gap, kept as such); anything else means the file mixes intervals. Times must
 * increase. A single-row file takes the size its name states.
 * @throws HistoryDataError naming the file on mixed or unordered intervals.
 */
export function detectBarMinutes(
  openTimesMs: readonly number[],
  file: string,
  namedMinutes: number | null,
): number {
  const steps: number[] = [];
  for (let i = 1; i < openTimesMs.length; i += 1) {
    const step = (openTimesMs[i] ?? 0) - (openTimesMs[i - 1] ?? 0);
    if (step <= 0) {
      throw new HistoryDataError(file, `rows are not in time order (data row ${i + 1}).`);
    }
    steps.push(step);
  }
  if (steps.length === 0) {
    if (namedMinutes !== null) return namedMinutes;
    throw new HistoryDataError(
      file,
      'one row and no interval in the file name: cannot tell the bar size.',
    );
  }
  const stepMs = Math.min(...steps);
  const minutes = stepMs / 60_000;
  const mixed = steps.find((s) => s % stepMs !== 0);
  if (!Number.isInteger(minutes) || mixed !== undefined) {
    throw new HistoryDataError(
      file,
      `mixed intervals: steps of ${minutes} and ${(mixed ?? stepMs) / 60_000} minutes between rows; one file must hold one bar size.`,
    );
  }
  if (namedMinutes !== null && namedMinutes !== minutes) {
    throw new HistoryDataError(
      file,
      `mixed intervals: the name says ${namedMinutes}-minute bars but the rows are ${minutes} minutes apart.`,
    );
  }
  return minutes;
}

import { MONTH_ABBREVIATIONS } from '../shared/time.ts';

/**
 * Number formatters for people (DESIGN.md §6). Every formatter returns a string and
 * never "NaN", "undefined" or "Infinity": a null, undefined or non-finite input gives
 * {@link NOT_AVAILABLE} ("n/a"), and so does a value too large to scale (±1e308 as a percentage), so a
 * template can print any value it is given.
 */

/** What every formatter returns for a missing or non-finite input. */
export const NOT_AVAILABLE = 'n/a';

/** The typographic minus sign (U+2212), easier to read than a hyphen in numbers. */
const MINUS = '\u2212';

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Rounds to `digits` decimals and maps −0 to 0, so "−0.0" never appears. */
function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  if (!Number.isFinite(value * factor)) return value;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

/**
 * One formatter per digit count: `toLocaleString` builds an `Intl.NumberFormat` on every
 * call, and a report formats thousands of prices (chart ticks included).
 */
const GROUPED = new Map<number, Intl.NumberFormat>();

function withGrouping(value: number, digits: number): string {
  let format = GROUPED.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    GROUPED.set(digits, format);
  }
  return format.format(value);
}

const USD_UNITS: Array<{ size: number; suffix: string }> = [
  { size: 1e12, suffix: 'T' },
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
];

/** Picks the unit by size, then moves up one when rounding reaches 1000 (999.95M → $1.0B). */
function compactParts(absValue: number): { scaled: number; digits: number; suffix: string } {
  const index = USD_UNITS.findIndex((unit) => absValue >= unit.size);
  const unit = USD_UNITS[index];
  if (!unit) return { scaled: Math.round(absValue), digits: 0, suffix: '' };
  const digits = absValue >= 10 * unit.size ? 0 : 1;
  const scaled = roundTo(absValue / unit.size, digits);
  const larger = USD_UNITS[index - 1];
  if (larger && scaled >= 1000) {
    return { scaled: roundTo(absValue / larger.size, 1), digits: 1, suffix: larger.suffix };
  }
  return { scaled, digits, suffix: unit.suffix };
}

/**
 * Compact USD amount: one decimal below 10 units, none above.
 * @example formatUsdCompact(106_000_000) // "$106M"
 * @example formatUsdCompact(1_234_000_000) // "$1.2B"
 * @example formatUsdCompact(999_950_000) // "$1.0B"
 * @example formatUsdCompact(-950_000) // "−$950K"
 * @example formatUsdCompact(Number.NaN) // "n/a"
 */
export function formatUsdCompact(usd: number | null | undefined): string {
  if (!isFiniteNumber(usd)) return NOT_AVAILABLE;
  const { scaled, digits, suffix } = compactParts(Math.abs(usd));
  if (scaled === 0) return '$0';
  // Rounding can carry 9.96M up to 10.0M: from 10 units on, no decimal.
  const text = scaled.toFixed(scaled >= 10 ? 0 : digits);
  return `${usd < 0 ? MINUS : ''}$${text}${suffix}`;
}

/**
 * Compact USD amount to three significant digits, for figures read side by side that the
 * whole-unit rounding of {@link formatUsdCompact} would make look equal.
 * @example formatUsdPrecise(1_543_000_000) // "$1.54B"
 * @example formatUsdPrecise(18_790_000_000) // "$18.8B"
 * @example formatUsdPrecise(87_400_000) // "$87.4M"
 * @example formatUsdPrecise(655_200_000) // "$655M"
 * @example formatUsdPrecise(999_700_000) // "$1.00B"
 */
export function formatUsdPrecise(usd: number | null | undefined): string {
  if (!isFiniteNumber(usd)) return NOT_AVAILABLE;
  const abs = Math.abs(usd);
  const index = USD_UNITS.findIndex((unit) => abs >= unit.size);
  const unit = USD_UNITS[index];
  if (!unit) return formatUsdCompact(usd);
  let scaled = abs / unit.size;
  let suffix = unit.suffix;
  const larger = USD_UNITS[index - 1];
  if (larger && Number(scaled.toPrecision(3)) >= 1000) {
    scaled = abs / larger.size;
    suffix = larger.suffix;
  }
  return `${usd < 0 ? MINUS : ''}$${scaled.toPrecision(3)}${suffix}`;
}

/**
 * Price in USD: whole dollars with grouping from $1,000, cents from $1, four
 * significant decimals below $1.
 * @example formatPrice(60000) // "$60,000"
 * @example formatPrice(142.456) // "$142.46"
 * @example formatPrice(0.52341) // "$0.5234"
 */
export function formatPrice(price: number | null | undefined): string {
  if (!isFiniteNumber(price)) return NOT_AVAILABLE;
  const abs = Math.abs(price);
  const sign = price < 0 && abs > 0 ? MINUS : '';
  if (abs >= 1000) return `${sign}$${withGrouping(Math.round(abs), 0)}`;
  if (abs >= 1) return `${sign}$${withGrouping(abs, 2)}`;
  if (abs === 0) return '$0';
  return `${sign}$${Number(abs.toPrecision(4)).toString()}`;
}

/**
 * Signed percentage of a fraction, with a real minus sign and a thin space.
 * @example formatPct(-0.043) // "−4.3 %"
 * @example formatPct(0.021) // "+2.1 %"
 * @example formatPct(0) // "0.0 %"
 */
export function formatPct(fraction: number | null | undefined, digits = 1): string {
  if (!isFiniteNumber(fraction) || !Number.isFinite(fraction * 100)) return NOT_AVAILABLE;
  const rounded = roundTo(fraction * 100, digits);
  const sign = rounded > 0 ? '+' : rounded < 0 ? MINUS : '';
  return `${sign}${Math.abs(rounded).toFixed(digits)} %`;
}

/**
 * A sentence's first letter in capitals, the rest as written.
 * @example capitalize('at least $1.65B of positions') // "At least $1.65B of positions"
 */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Unsigned percentage of a fraction (a share, such as coverage).
 * @example formatShare(0.82) // "82 %"
 */
export function formatShare(fraction: number | null | undefined, digits = 0): string {
  if (!isFiniteNumber(fraction) || !Number.isFinite(fraction * 100)) return NOT_AVAILABLE;
  const rounded = roundTo(fraction * 100, digits);
  return `${rounded < 0 ? MINUS : ''}${Math.abs(rounded).toFixed(digits)} %`;
}

/**
 * Funding rate per 8 hours; a fraction 0.0001 is 0.010 %/8h.
 * @example formatRate8h(0.0001) // "0.010 %/8h"
 * @example formatRate8h(-0.00025) // "−0.025 %/8h"
 */
export function formatRate8h(rate8h: number | null | undefined, decimals?: number): string {
  if (!isFiniteNumber(rate8h) || !Number.isFinite(rate8h * 100)) return NOT_AVAILABLE;
  // Calm-market funding is thousandths of a percent: four decimals keep it from reading 0.000.
  const digits = decimals ?? (Math.abs(rate8h * 100) < 0.00995 ? 4 : 3);
  const rounded = roundTo(rate8h * 100, digits);
  return `${rounded < 0 ? MINUS : ''}${Math.abs(rounded).toFixed(digits)} %/8h`;
}

const MONTHS = MONTH_ABBREVIATIONS;

function pad2(value: number): string {
  return value.toString().padStart(2, '0');
}

function validDate(ms: number | null | undefined): Date | null {
  if (!isFiniteNumber(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Time of day in UTC.
 * @example formatUtcTime(Date.UTC(2026, 2, 12, 21, 15)) // "21:15 UTC"
 */
export function formatUtcTime(ms: number | null | undefined): string {
  const date = validDate(ms);
  if (!date) return NOT_AVAILABLE;
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}

/**
 * Day of the month, short month name and year in UTC.
 * @example formatUtcDate(Date.UTC(2026, 2, 12)) // "12 Mar 2026"
 */
export function formatUtcDate(ms: number | null | undefined): string {
  const date = validDate(ms);
  if (!date) return NOT_AVAILABLE;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * Date and time in UTC.
 * @example formatUtcDateTime(Date.UTC(2026, 2, 12, 21, 15)) // "12 Mar 2026, 21:15 UTC"
 */
export function formatUtcDateTime(ms: number | null | undefined): string {
  const date = validDate(ms);
  if (!date) return NOT_AVAILABLE;
  return `${formatUtcDate(ms)}, ${formatUtcTime(ms)}`;
}

/**
 * A ratio with two decimals and a multiplication sign.
 * @example formatRatio(1.349) // "1.35×"
 */
export function formatRatio(ratio: number | null | undefined): string {
  if (!isFiniteNumber(ratio)) return NOT_AVAILABLE;
  const rounded = roundTo(ratio, 2);
  return `${rounded < 0 ? MINUS : ''}${Math.abs(rounded).toFixed(2)}×`;
}

/**
 * A whole count with thousands separators.
 * @example formatCount(12345.6) // "12,346"
 */
export function formatCount(count: number | null | undefined): string {
  if (!isFiniteNumber(count)) return NOT_AVAILABLE;
  const rounded = Math.round(count);
  const text = withGrouping(Math.abs(rounded), 0);
  return rounded < 0 ? `${MINUS}${text}` : text;
}

/**
 * A displacement in standard deviations.
 * @example formatSigma(-4.26) // "−4.3σ"
 */
export function formatSigma(sigma: number | null | undefined): string {
  if (!isFiniteNumber(sigma)) return NOT_AVAILABLE;
  const rounded = roundTo(sigma, 1);
  return `${rounded < 0 ? MINUS : ''}${Math.abs(rounded).toFixed(1)}σ`;
}

/**
 * Duration in words, down to seconds for gaps as short as a websocket reconnect. Hours keep
 * their minutes: a span of 3 h 25 min read as "3.5 hours" would claim five minutes it lacks.
 * @example durationText(4_200) // "4 seconds"
 * @example durationText(70 * 60_000) // "70 minutes"
 * @example durationText(5 * 3_600_000) // "5 hours"
 * @example durationText(205 * 60_000) // "3 hours 25 minutes"
 */
export function durationText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 100) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hoursText = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest === 0 ? hoursText : `${hoursText} ${rest} minute${rest === 1 ? '' : 's'}`;
}

// Lists are joined the same way in reports and in mail (publish/email-parts.ts).
export { listText } from '../shared/list-text.ts';

function sameUtcDay(a: number, b: number): boolean {
  return new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10);
}

function dayMonth(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/**
 * A time range that names both days when it crosses midnight (and both years across one).
 * @example formatUtcRange(Date.UTC(2026, 1, 5, 15), Date.UTC(2026, 1, 5, 18)) // "between 15:00 and 18:00 UTC on 5 Feb 2026"
 * @example formatUtcRange(Date.UTC(2026, 1, 5, 15), Date.UTC(2026, 1, 6, 3)) // "from 15:00 UTC on 5 Feb to 03:00 UTC on 6 Feb 2026"
 */
export function formatUtcRange(fromMs: number, toMs: number): string {
  if (!isFiniteNumber(fromMs) || !isFiniteNumber(toMs)) return NOT_AVAILABLE;
  const from = formatUtcTime(fromMs);
  const to = formatUtcTime(toMs);
  if (sameUtcDay(fromMs, toMs))
    return `between ${from.replace(' UTC', '')} and ${to} on ${formatUtcDate(fromMs)}`;
  const sameYear = new Date(fromMs).getUTCFullYear() === new Date(toMs).getUTCFullYear();
  const start = sameYear ? dayMonth(fromMs) : formatUtcDate(fromMs);
  return `from ${from} on ${start} to ${to} on ${formatUtcDate(toMs)}`;
}

/**
 * A moment, with its date only when it falls on another day than `sameDayAs`.
 * @example formatUtcMoment(Date.UTC(2026, 1, 6, 5), Date.UTC(2026, 1, 5, 15)) // "05:00 UTC on 6 Feb"
 * @example formatUtcMoment(Date.UTC(2026, 1, 5, 21), Date.UTC(2026, 1, 5, 15)) // "21:00 UTC"
 */
export function formatUtcMoment(ms: number, sameDayAs: number): string {
  if (!isFiniteNumber(ms)) return NOT_AVAILABLE;
  return sameUtcDay(ms, sameDayAs) ? formatUtcTime(ms) : `${formatUtcTime(ms)} on ${dayMonth(ms)}`;
}

/**
 * An ordinal rank in words: "the largest", "the 2nd-largest".
 * @example largestText(3) // "the 3rd-largest"
 */
export function largestText(rank: number): string {
  if (rank <= 1) return 'the largest';
  const mod100 = rank % 100;
  const suffix =
    mod100 >= 11 && mod100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[rank % 10] ?? 'th');
  return `the ${rank}${suffix}-largest`;
}

/**
 * An unsigned percentage for prose that carries its own direction word ("fell 4.2 %").
 * @example formatPctSize(-0.0421) // "4.2 %"
 */
export function formatPctSize(fraction: number | null | undefined, digits = 1): string {
  if (!isFiniteNumber(fraction)) return NOT_AVAILABLE;
  return formatPct(Math.abs(fraction), digits).replace('+', '');
}

/**
 * A duration as an adjective: "12-hour", "125-minute".
 * @example durationAdjective(12 * 3_600_000) // "12-hour"
 */
export function durationAdjective(ms: number): string {
  return durationText(ms).replace(/ (\w+?)s?$/, '-$1');
}

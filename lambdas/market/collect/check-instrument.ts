import {
  findInstrumentProblems,
  firstInstrumentProblem,
  instrumentRefusalReason,
} from '../../analysis/index.ts';
import { type InstrumentSnapshot, instrumentSnapshotSchema } from '../../model/index.ts';

/**
 * An instrument the snapshot may store, or why it may not: one line for the venue's error, and a
 * clause for the report that names it ("its funding rate failed a plausibility check: …").
 */
export type CheckedInstrument =
  | { ok: true; instrument: InstrumentSnapshot }
  | { ok: false; reason: string; readerReason: string };

/** `openInterest.base` for a zod path such as `['openInterest', 'base']`, `perpBars[3].open` for one with an index. */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`))
    .join('');
}

/**
 * Checks one instrument before it goes into a snapshot: the schema first (every field present,
 * numbers where numbers belong, the signs the model allows), then the plausibility checks a
 * reading can pass on its own ({@link findInstrumentProblems}: consistent OHLC, funding within
 * bounds, nothing above what any market holds). A refused instrument fails only itself, never
 * its venue, and its reason is one line naming the field, not a validation dump.
 * @example checkInstrument({ ...btc, openInterest: { base: -5, usd: -300_000 } })
 * // { ok: false, reason: 'openInterest.base: Too small: expected number to be >=0', readerReason: … }
 */
export function checkInstrument(candidate: InstrumentSnapshot): CheckedInstrument {
  const parsed = instrumentSnapshotSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = issue ? `${pathText(issue.path)}: ${issue.message}` : 'unreadable instrument';
    return { ok: false, reason, readerReason: `the venue’s answer could not be used (${reason})` };
  }
  const problems = findInstrumentProblems(parsed.data);
  const reason = firstInstrumentProblem(problems);
  if (reason === null) return { ok: true, instrument: parsed.data };
  return { ok: false, reason, readerReason: instrumentRefusalReason(problems) ?? reason };
}

import * as z from 'zod';
import type { RegimeLabel } from '../../model/index.ts';
import { HistoryDataError } from './history-data-error.ts';

/**
 * A reading family: what a careful reader of the raw data says the market is doing, without
 * the classifier's finer labels (a rejection is the squeeze's reclaim; a failed reclaim
 * continues the move, as a grind does).
 */
export const READING_FAMILIES = ['reclaim', 'grind', 'releveraging-risk', 'stabilizing'] as const;
/** See {@link READING_FAMILIES}. */
export type ReadingFamily = (typeof READING_FAMILIES)[number];

const family = z.enum(READING_FAMILIES);

/** One labelled event: the flush's start and side, and the reading at 24h and 72h. */
export const labelledEventSchema = z.strictObject({
  start: z.iso.datetime(),
  side: z.enum(['long', 'short']),
  at24h: family,
  retrace24h: z.number().optional(),
  at72h: family,
  retrace72h: z.number().optional(),
});

/** A labelled set (see `samples/labelled/`). */
export const labelledSetSchema = z.strictObject({
  description: z.string(),
  source: z.string(),
  method: z.string(),
  compatible: z.string(),
  events: z.array(labelledEventSchema).min(1),
});
/** A labelled set of readings. */
export type LabelledSet = z.infer<typeof labelledSetSchema>;
/** One labelled event. */
export type LabelledEvent = z.infer<typeof labelledEventSchema>;

/** Parses a labelled set, naming the file and the first problem. */
export function parseLabelledSet(text: string, file: string): LabelledSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HistoryDataError(file, 'not JSON.');
  }
  const parsed = labelledSetSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HistoryDataError(
      file,
      `not a labelled set: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data;
}

/**
 * The family of a classifier label.
 * @example readingFamily('failed-reclaim') // 'grind'
 */
export function readingFamily(label: RegimeLabel): ReadingFamily | 'trapped' | 'inconclusive' {
  switch (label) {
    case 'reclaim':
    case 'rejection':
      return 'reclaim';
    case 'grind-lower':
    case 'grind-higher':
    case 'failed-reclaim':
    case 'failed-rejection':
      return 'grind';
    case 'shorts-trapped':
    case 'longs-trapped':
      return 'trapped';
    default:
      return label;
  }
}

/** How a reading compares with the labelled one. */
export type Agreement = 'agree' | 'compatible' | 'disagree';

/**
 * `agree` when the families match; `compatible` when the classifier warns of re-leveraging where
 * the labelled reading is a grind (both: no reversal, leverage back; the classifier's precedence
 * puts re-leveraging first, DESIGN.md §5 v2); otherwise `disagree`.
 * @example agreement('releveraging-risk', 'grind') // 'compatible'
 */
export function agreement(label: RegimeLabel, labelled: ReadingFamily): Agreement {
  const mine = readingFamily(label);
  if (mine === labelled) return 'agree';
  return mine === 'releveraging-risk' && labelled === 'grind' ? 'compatible' : 'disagree';
}

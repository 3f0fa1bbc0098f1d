import type { FlushSide } from '../model/index.ts';
import { capitalize } from './format.ts';

/** The words that flip between a long flush and a short squeeze, so wording follows direction. */
export interface SideWords {
  /** +1 after a long flush (recovery is up), −1 after a short squeeze. */
  d: 1 | -1;
  /** The flush extreme: "low" / "high". */
  extreme: 'low' | 'high';
  /** Recovery direction: "above" / "below". */
  recovered: 'above' | 'below';
  /** Flush direction: "below" / "above". */
  beyond: 'below' | 'above';
  /** Verb of the flush move: "fell" / "rose"; of the recovery: "rose" / "fell". */
  moved: 'fell' | 'rose';
  /** "flush" / "squeeze" (a two-sided event is a "washout"). */
  event: 'flush' | 'squeeze' | 'washout';
  /** Who was liquidated: "longs" / "shorts". */
  liquidated: 'longs' | 'shorts';
  /** Hourly move noun: "drop" / "rise". */
  move: 'drop' | 'rise';
  /** Forced flow: "selling" / "buying". */
  forced: 'selling' | 'buying';
  /** Reclaim noun: "reclaim" / "rejection". */
  reclaim: 'reclaim' | 'rejection';
  /** After "has": winning the level back — "won back" / "fallen back below". */
  regained: 'won back' | 'fallen back below';
  /** Past tense of the same: "won back" / "fell back below". */
  regainedPast: 'won back' | 'fell back below';
  /** Losing it again: "lost it" / "rose back above it". */
  lostPast: 'lost it' | 'rose back above it';
}

const LONG: SideWords = {
  d: 1,
  extreme: 'low',
  recovered: 'above',
  beyond: 'below',
  moved: 'fell',
  event: 'flush',
  liquidated: 'longs',
  move: 'drop',
  forced: 'selling',
  reclaim: 'reclaim',
  regained: 'won back',
  regainedPast: 'won back',
  lostPast: 'lost it',
};

const SHORT: SideWords = {
  d: -1,
  extreme: 'high',
  recovered: 'below',
  beyond: 'above',
  moved: 'rose',
  event: 'squeeze',
  liquidated: 'shorts',
  move: 'rise',
  forced: 'buying',
  reclaim: 'rejection',
  regained: 'fallen back below',
  regainedPast: 'fell back below',
  lostPast: 'rose back above it',
};

/**
 * The words of a side; a two-sided washout takes the side of its net move.
 * @example sideWords('short').forced // "buying"
 */
export function sideWords(side: FlushSide | 'two-sided', netMoveFrac = 0): SideWords {
  if (side === 'two-sided') return { ...(netMoveFrac < 0 ? LONG : SHORT), event: 'washout' };
  return side === 'long' ? LONG : SHORT;
}

/**
 * The event by side: "long flush", "short squeeze" or "two-sided washout".
 * @example eventName('short') // "short squeeze"
 */
export function eventName(side: FlushSide | 'two-sided'): string {
  if (side === 'two-sided') return 'two-sided washout';
  return side === 'long' ? 'long flush' : 'short squeeze';
}

/**
 * The event's word as a chart labels its shaded span: "Flush", "Squeeze" or "Washout".
 * @example eventLabel('short') // "Squeeze"
 */
export function eventLabel(side: FlushSide | 'two-sided', netMoveFrac = 0): string {
  return capitalize(sideWords(side, netMoveFrac).event);
}

/**
 * "rose" or "fell" for a signed change.
 * @example changeVerb(-0.02) // "fell"
 */
export function changeVerb(changeFrac: number): 'rose' | 'fell' {
  return changeFrac < 0 ? 'fell' : 'rose';
}

/**
 * "A" or "An" before a word.
 * @example article('extreme') // "An"
 */
export function article(word: string): 'A' | 'An' {
  // Numerals by their sound: an 8-, 11- or 18-hour…, an 80-minute…
  return /^([aeiou]|8|1[18](\D|$))/i.test(word) ? 'An' : 'A';
}

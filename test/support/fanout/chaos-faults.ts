import { createHash } from 'node:crypto';
import type { SesCall, SesFault } from '../ses-fault-proxy.ts';

/** The faults of one chaos scenario; rates are fractions (0.01 = 1 %). */
export interface FaultMix {
  /** Calls answered `Throttling`. */
  throttle?: number;
  /** Subscribers whose every call is answered `MessageRejected`. */
  reject?: number;
  /** Calls SES accepts while the client gets `500 InternalFailure`. */
  lostAnswer?: number;
  /** Calls never answered (half never reach SES, half are accepted first). */
  hang?: number;
  /** Shares of the list accepted at which the sender processes are SIGKILLed, e.g. [0.24, 0.5]. */
  kills?: number[];
  /** The send job is delivered twice at once (two senders on one job). */
  duplicateJob?: boolean;
  /** One more delivery after the job completed (a rejected address must not be retried). */
  redeliverAfter?: boolean;
}

/**
 * A number in [0, 1) fixed by its inputs. Calls are keyed by the subscriber's local part
 * (`r17`) and attempt, not the random domain, so a seed gives the same faults every run.
 */
export function unitHash(...parts: Array<string | number>): number {
  const digest = createHash('sha256').update(parts.join(':')).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function localPart(recipient: string): string {
  return recipient.slice(0, recipient.indexOf('@'));
}

/**
 * The per-call fault of a mix: rejects by subscriber (always, so every retry is refused
 * again), the others by call. One fault per call, checked in the order reject, throttle, lost
 * answer, hang.
 */
export function faultFor(mix: FaultMix, seed: number, call: SesCall): SesFault {
  const who = localPart(call.recipient);
  if (unitHash(seed, 'reject', who) < (mix.reject ?? 0)) return 'reject';
  const roll = (fault: string) => unitHash(seed, fault, who, call.attempt);
  if (roll('throttle') < (mix.throttle ?? 0)) return 'throttle';
  if (roll('lost') < (mix.lostAnswer ?? 0)) return 'lost-answer';
  if (roll('hang') < (mix.hang ?? 0)) return roll('hang-side') < 0.5 ? 'hang' : 'hold';
  return 'pass';
}

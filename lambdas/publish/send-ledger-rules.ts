/**
 * The send ledger's state machine, shared by the JSON and DynamoDB ledgers (they differ only in
 * how they make a read-then-write atomic). One entry per report and subscriber:
 *
 * ```
 *  (none) ──claim──▶ claimed ──SES accepted────────────▶ sent      (final)
 *  failed ──claim──▶    │     ──permanent reject───────▶ rejected  (final)
 *                       │     ──not accepted (throttled, no connection)──▶ failed (claimable)
 *                       │     ──answer lost (5xx, timeout, reset)─┐
 *                       └─lease over (the sender died)────────────┴▶ unknown
 *  unknown ──SES event (Send, Delivery, Bounce…)──▶ sent
 *  unknown ──no event within the grace period──claim (resend)──▶ claimed, `resent`
 *  unknown & resent ── final: never sent a third time
 * ```
 */

/** Where one message stands. */
export type LedgerStatus = 'claimed' | 'sent' | 'rejected' | 'unknown' | 'failed';

/** One ledger entry as both ledgers keep it. Times are ISO strings, for people reading it. */
export interface LedgerEntry {
  status: LedgerStatus;
  /** Claims made so far (each one a run that set out to send). */
  attempts: number;
  /** Id of the latest claim: a sender's outcome applies only to its own claim. */
  claimId?: string;
  claimedAt?: string;
  /** The claim's lease (its run's deadline). Past it, the claim belongs to a dead sender. */
  leaseUntil?: string;
  /** Set once the one resend after an unsettled `unknown` has been claimed: never a third. */
  resent?: boolean;
  /** Latest moment SES may have accepted the message; the grace period counts from here. */
  unknownSince?: string;
  messageId?: string;
  reason?: string;
  updatedAt?: string;
}

/** Why a claim was not granted: the message's state, as a run counts it. */
export type ClaimRefusal =
  | 'sent'
  | 'rejected'
  /** Unknown, already sent once more: explicitly unknown for good. */
  | 'unknown-final'
  /** Unknown within its grace period: an SES event may still settle it, else it is resent. */
  | 'unknown-pending'
  /** Claimed by a run whose lease has not ended (a duplicated job, a slow sender). */
  | 'leased';

/** One claim attempt, with the times it is judged by. */
export interface ClaimRequest {
  reportId: string;
  email: string;
  /** A fresh random id; the sender's outcome is recorded against it. */
  claimId: string;
  nowMs: number;
  /** Until when this run may hold the claim: its deadline. */
  leaseUntilMs: number;
  /** How long an `unknown` waits for an SES event before it is sent once more. */
  unknownGraceMs: number;
}

/** What {@link SendLedger.claim} found and did. */
export type ClaimResult =
  | { claimed: true; resend: boolean; tookOver: boolean }
  | { claimed: false; as: ClaimRefusal; tookOver: boolean };

/** What a claim does with the entry it found. */
export type ClaimDecision =
  | { kind: 'claim'; resend: boolean }
  | { kind: 'expire' }
  | { kind: 'refuse'; as: ClaimRefusal };

const msOf = (iso: string | undefined): number => (iso === undefined ? 0 : Date.parse(iso));

/**
 * The rule: who may send now. A claim past its lease is first turned `unknown` (its sender may
 * have reached SES before it died), then judged again as an unknown.
 *
 * @example
 * decideClaim(null, now, grace); // { kind: 'claim', resend: false }
 * decideClaim({ status: 'unknown', attempts: 1, unknownSince: iso(now - grace - 1) }, now, grace);
 * // { kind: 'claim', resend: true }
 */
export function decideClaim(
  entry: LedgerEntry | null,
  nowMs: number,
  unknownGraceMs: number,
): ClaimDecision {
  if (entry === null || entry.status === 'failed') return { kind: 'claim', resend: false };
  switch (entry.status) {
    case 'sent':
    case 'rejected':
      return { kind: 'refuse', as: entry.status };
    case 'claimed':
      // A claim without a lease predates leases: its sender is long gone.
      return msOf(entry.leaseUntil) > nowMs ? { kind: 'refuse', as: 'leased' } : { kind: 'expire' };
    case 'unknown':
      if (entry.resent === true) return { kind: 'refuse', as: 'unknown-final' };
      return msOf(entry.unknownSince) + unknownGraceMs <= nowMs
        ? { kind: 'claim', resend: true }
        : { kind: 'refuse', as: 'unknown-pending' };
  }
}

/** The entry after a granted claim. */
export function claimedEntry(
  previous: LedgerEntry | null,
  request: ClaimRequest,
  resend: boolean,
): LedgerEntry {
  return {
    status: 'claimed',
    attempts: (previous?.attempts ?? 0) + 1,
    claimId: request.claimId,
    claimedAt: new Date(request.nowMs).toISOString(),
    leaseUntil: new Date(request.leaseUntilMs).toISOString(),
    ...(resend || previous?.resent ? { resent: true } : {}),
    updatedAt: new Date(request.nowMs).toISOString(),
  };
}

/** The entry after a dead sender's claim is taken over: unknown since its lease ended. */
export function expiredEntry(previous: LedgerEntry, nowMs: number): LedgerEntry {
  return {
    ...previous,
    status: 'unknown',
    // A claim from before leases has none: its own time (or the epoch) is the latest it could send.
    unknownSince: previous.leaseUntil ?? previous.claimedAt ?? new Date(0).toISOString(),
    reason: `the sender died holding the claim (claimed ${previous.claimedAt ?? 'before leases'})`,
    updatedAt: new Date(nowMs).toISOString(),
  };
}

/**
 * One claim, start to end: takes over a claim past its lease (as `unknown`), then decides.
 * `next` is the entry to write, or null when nothing changes.
 */
export function applyClaim(
  entry: LedgerEntry | null,
  request: ClaimRequest,
): { next: LedgerEntry | null; result: ClaimResult } {
  let current = entry;
  let decision = decideClaim(current, request.nowMs, request.unknownGraceMs);
  const tookOver = decision.kind === 'expire' && current !== null;
  if (tookOver && current !== null) {
    current = expiredEntry(current, request.nowMs);
    decision = decideClaim(current, request.nowMs, request.unknownGraceMs);
  }
  if (decision.kind === 'claim') {
    const next = claimedEntry(current, request, decision.resend);
    return { next, result: { claimed: true, resend: decision.resend, tookOver } };
  }
  const as = decision.kind === 'refuse' ? decision.as : 'leased';
  return { next: tookOver ? current : null, result: { claimed: false, as, tookOver } };
}

/** How one send ended, as its sender records it against its claim. */
export type SendOutcome =
  | { status: 'sent'; messageId: string; atMs: number }
  | { status: 'rejected' | 'unknown' | 'failed'; reason: string; atMs: number };

/** The entry after a sender's outcome (see {@link SendOutcome}). */
export function outcomeEntry(previous: LedgerEntry, outcome: SendOutcome): LedgerEntry {
  const atIso = new Date(outcome.atMs).toISOString();
  const { messageId: _m, reason: _r, unknownSince: _u, ...kept } = previous;
  const base = { ...kept, status: outcome.status, updatedAt: atIso };
  if (outcome.status === 'sent') return { ...base, messageId: outcome.messageId };
  if (outcome.status === 'unknown') return { ...base, reason: outcome.reason, unknownSince: atIso };
  return { ...base, reason: outcome.reason };
}

/**
 * Whether a sender's outcome may replace `current`. Only the claim's own sender records, and
 * never over an SES event that settled the message first; `sent` wins even over a takeover,
 * because it is the truth.
 */
export function outcomeApplies(current: LedgerEntry | null, claimId: string, status: LedgerStatus) {
  if (current === null || current.claimId !== claimId) return false;
  return status === 'sent' ? current.status !== 'rejected' : current.status === 'claimed';
}

/** What an SES event says happened to a message, and the states it may settle. */
export type EventSettlement =
  | { status: 'sent'; messageId: string; atMs: number }
  | { status: 'rejected'; reason: string; atMs: number };

/** States an SES event settles: whatever is not final yet. */
export const SETTLEABLE: readonly LedgerStatus[] = ['claimed', 'unknown', 'failed'];

/** The entry after an SES event settled it. */
export function settledEntry(previous: LedgerEntry, settlement: EventSettlement): LedgerEntry {
  const atIso = new Date(settlement.atMs).toISOString();
  const { reason: _r, unknownSince: _u, ...kept } = previous;
  return settlement.status === 'sent'
    ? { ...kept, status: 'sent', messageId: settlement.messageId, updatedAt: atIso }
    : { ...kept, status: 'rejected', reason: settlement.reason, updatedAt: atIso };
}

import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { SendLedger } from '../../../lambdas/publish/index.ts';
import type { ClaimRequest } from '../../../lambdas/publish/send-ledger-rules.ts';

const T0 = Date.parse('2026-11-25T15:00:00.000Z');
const MINUTE = 60_000;
const LEASE = 15 * MINUTE;
const GRACE = 30 * MINUTE;
const EMAIL = 'reader@example.com';

/** A claim of `EMAIL` for `reportId` made at `nowMs`, with a 15-minute lease and 30-minute grace. */
function request(reportId: string, nowMs: number): ClaimRequest {
  return {
    reportId,
    email: EMAIL,
    claimId: randomUUID(),
    nowMs,
    leaseUntilMs: nowMs + LEASE,
    unknownGraceMs: GRACE,
  };
}

/** The behaviour every {@link SendLedger} adapter must show; `fresh` gives an empty ledger. */
export function sendLedgerContract(fresh: () => Promise<SendLedger>): void {
  const reportId = () => `r-${randomUUID().slice(0, 8)}`;

  it('grants 1 of 5 concurrent claims of one message and refuses 4 as leased', async () => {
    const ledger = await fresh();
    const id = reportId();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ledger.claim(request(id, T0))),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.filter((r) => !r.claimed && r.as === 'leased')).toHaveLength(4);
  });

  it('never grants a sent or a rejected message again, even 90 days later', async () => {
    const ledger = await fresh();
    const [sentId, rejectedId] = [reportId(), reportId()];
    for (const [id, outcome] of [
      [sentId, { status: 'sent', messageId: 'm-1', atMs: T0 }],
      [rejectedId, { status: 'rejected', reason: 'MessageRejected', atMs: T0 }],
    ] as const) {
      const claim = request(id, T0);
      await ledger.claim(claim);
      expect(await ledger.record(id, EMAIL, claim.claimId, outcome)).toBe(outcome.status);
      const later = await ledger.claim(request(id, T0 + 90 * 24 * 60 * MINUTE));
      expect(later).toEqual({ claimed: false, as: outcome.status, tookOver: false });
    }
  });

  it('grants a failed message again, counting 2 attempts', async () => {
    const ledger = await fresh();
    const id = reportId();
    const first = request(id, T0);
    await ledger.claim(first);
    await ledger.record(id, EMAIL, first.claimId, { status: 'failed', reason: 'x', atMs: T0 });
    expect((await ledger.claim(request(id, T0 + MINUTE))).claimed).toBe(true);
    expect((await ledger.entry(id, EMAIL))?.attempts).toBe(2);
  });

  it('takes over a claim 1 ms past its lease as unknown, and resends it only after 30 min', async () => {
    const ledger = await fresh();
    const id = reportId();
    await ledger.claim(request(id, T0));
    const leaseEnd = T0 + LEASE;
    expect(await ledger.claim(request(id, leaseEnd - 1)), 'lease still running').toMatchObject({
      claimed: false,
      as: 'leased',
    });
    expect(await ledger.claim(request(id, leaseEnd + 1))).toEqual({
      claimed: false,
      as: 'unknown-pending',
      tookOver: true,
    });
    expect((await ledger.entry(id, EMAIL))?.reason).toMatch(/died holding the claim/);
    expect((await ledger.claim(request(id, leaseEnd + GRACE - 1))).claimed, 'in grace').toBe(false);
    expect(await ledger.claim(request(id, leaseEnd + GRACE))).toEqual({
      claimed: true,
      resend: true,
      tookOver: false,
    });
  });

  it('resends an unknown once: a failed resend may retry, a second unknown is final', async () => {
    const ledger = await fresh();
    const id = reportId();
    const first = request(id, T0);
    await ledger.claim(first);
    await ledger.record(id, EMAIL, first.claimId, { status: 'unknown', reason: '500', atMs: T0 });
    const resend = request(id, T0 + GRACE);
    expect(await ledger.claim(resend)).toMatchObject({ claimed: true, resend: true });
    await ledger.record(id, EMAIL, resend.claimId, {
      status: 'failed',
      reason: 'throttled',
      atMs: T0 + GRACE,
    });
    const retry = request(id, T0 + GRACE + MINUTE);
    expect(await ledger.claim(retry), 'not accepted, so not a third send').toMatchObject({
      claimed: true,
    });
    await ledger.record(id, EMAIL, retry.claimId, { status: 'unknown', reason: '500', atMs: 0 });
    expect(await ledger.claim(request(id, T0 + 10 * GRACE))).toEqual({
      claimed: false,
      as: 'unknown-final',
      tookOver: false,
    });
  });

  it('lets an SES event settle an unknown as sent, and a late outcome not undo it', async () => {
    const ledger = await fresh();
    const id = reportId();
    const claim = request(id, T0);
    await ledger.claim(claim);
    const settlement = { status: 'sent', messageId: 'ses-1', atMs: T0 + 1 } as const;
    expect(await ledger.settle(id, EMAIL, settlement)).toBe('settled');
    expect(
      await ledger.record(id, EMAIL, claim.claimId, { status: 'unknown', reason: '500', atMs: T0 }),
      'the event came first and wins',
    ).toBe('sent');
    expect(await ledger.settle(id, EMAIL, settlement), 'a repeated event').toBe('final');
    expect(await ledger.entry(id, EMAIL)).toMatchObject({ status: 'sent', messageId: 'ses-1' });
  });

  it('records an outcome only against its own claim', async () => {
    const ledger = await fresh();
    const id = reportId();
    await ledger.claim(request(id, T0));
    const stranger = { status: 'failed', reason: 'x', atMs: T0 } as const;
    expect(await ledger.record(id, EMAIL, 'another-claim', stranger)).toBe('claimed');
    expect(
      await ledger.settle(reportId(), EMAIL, { ...stranger, status: 'sent', messageId: 'm' }),
    ).toBe('none');
  });

  it('counts the reports that rejected an address: 3 reports, one noted twice, make 3', async () => {
    const ledger = await fresh();
    const email = `bad-${randomUUID().slice(0, 8)}@example.com`;
    const ids = [reportId(), reportId(), reportId()];
    const counts: number[] = [];
    for (const id of [ids[0], ids[0], ids[1], ids[2]] as string[]) {
      const claim = { ...request(id, T0), email };
      await ledger.claim(claim);
      await ledger.record(id, email, claim.claimId, { status: 'rejected', reason: 'r', atMs: T0 });
      counts.push(await ledger.recordRejection(id, email, T0));
    }
    expect(counts).toEqual([1, 1, 2, 3]);
  });
}

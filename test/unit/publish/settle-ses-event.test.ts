import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonSendLedger, messageTags } from '../../../lambdas/publish/index.ts';
import { settleSesEvent } from '../../../lambdas/publish/settle-ses-event.ts';
import { sesEventJson } from '../../support/ses-event-source.ts';

const REPORT = '2026-11-25-btc-long-flush';
const EMAIL = 'alice@example.com';
const T0 = Date.parse('2026-11-25T15:00:00Z');

describe('settleSesEvent', () => {
  let dir: string;
  let ledger: JsonSendLedger;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-settle-'));
    ledger = new JsonSendLedger(join(dir, 'ledger.json'));
    await ledger.claim({
      reportId: REPORT,
      email: EMAIL,
      claimId: 'c1',
      nowMs: T0,
      leaseUntilMs: T0 + 60_000,
      unknownGraceMs: 0,
    });
    await ledger.record(REPORT, EMAIL, 'c1', { status: 'unknown', reason: '500', atMs: T0 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const accepted = (
    overrides: Partial<{ recipient: string; tags: Record<string, string> }> = {},
  ) => ({
    messageId: 'ses-0001',
    recipient: EMAIL,
    tags: { ...messageTags(REPORT, EMAIL) },
    atMs: T0 + 1_000,
    ...overrides,
  });
  const settle = (event: object) => settleSesEvent(ledger, JSON.stringify(event), T0 + 2_000);

  it('settles an unknown as sent from its Delivery event, and counts a repeat as final', async () => {
    expect(await settle(sesEventJson('Delivery', accepted()))).toEqual({
      settled: 1,
      final: 0,
      unmatched: 0,
    });
    expect(await ledger.entry(REPORT, EMAIL)).toMatchObject({
      status: 'sent',
      messageId: 'ses-0001',
    });
    expect(await settle(sesEventJson('Send', accepted()))).toEqual({
      settled: 0,
      final: 1,
      unmatched: 0,
    });
  });

  it('settles an unknown as rejected from a Reject event', async () => {
    await settle(sesEventJson('Reject', accepted()));
    expect(await ledger.entry(REPORT, EMAIL)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('Bad content'),
    });
  });

  it('ignores an event without report tags (a confirmation mail) and leaves the entry unknown', async () => {
    const confirmation = accepted({ tags: {} });
    expect((await settle(sesEventJson('Delivery', confirmation))).ignored).toMatch(
      /without report/,
    );
    expect((await ledger.entry(REPORT, EMAIL))?.status).toBe('unknown');
  });

  it('settles nothing when the recipient does not hash to the subscriber tag', async () => {
    const forged = accepted({ recipient: 'mallory@example.com' });
    expect(await settle(sesEventJson('Delivery', forged))).toEqual({
      settled: 0,
      final: 0,
      unmatched: 1,
    });
    expect((await ledger.entry(REPORT, EMAIL))?.status).toBe('unknown');
  });
});

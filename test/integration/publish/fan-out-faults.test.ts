import { describe, expect, it } from 'vitest';
import { SendingHaltedError } from '../../../lambdas/errors.ts';
import type { SendMetrics } from '../../../lambdas/handlers/send-metrics.ts';
import { clockAhead, faultRig, MINUTE, mailCounts } from './fault-rig.ts';

const reader = (i: number, domain: string) => `reader${i}@${domain}`;

describe('fan-out against SES faults (fault proxy in front of aws-ses-v2-local)', () => {
  it('retries only throttled sends: 4 of 40 throttled once, each reader mailed once', async () => {
    const rig = await faultRig(40, {
      decide: (call) =>
        call.attempt === 1 && /reader\d*0@/.test(call.recipient) ? 'throttle' : 'pass',
    });
    try {
      const record = await rig.run(await rig.newJob());
      const counts = await mailCounts(rig.domain);
      expect(counts.size).toBe(40);
      expect(Math.max(...counts.values()), 'nobody twice').toBe(1);
      expect(record.runs.at(-1)).toMatchObject({ outcome: 'completed', sent: 40, throttled: 4 });
      expect(rig.proxy.callsTo.get(reader(10, rig.domain)), 'one throttled call, one retry').toBe(
        2,
      );
    } finally {
      await rig.proxy.stop();
    }
  });

  it('records a lost answer (SES took it, the client got 500) as unknown and lets its late Send event settle it', async () => {
    const lost = (domain: string) => reader(3, domain);
    const rig = await faultRig(10, {
      decide: (call) => (call.recipient.startsWith('reader3@') ? 'lost-answer' : 'pass'),
    });
    try {
      const job = await rig.newJob();
      const first = await rig.run(job);
      expect(first.runs.at(-1)).toMatchObject({ outcome: 'incomplete', sent: 9, unknown: 1 });
      expect(await rig.ledger.entry(job.reportId, lost(rig.domain))).toMatchObject({
        status: 'unknown',
        reason: expect.stringContaining('InternalFailure'),
      });
      // The events arrive after the run, as SES and SNS deliver them.
      await rig.events.publish(rig.proxy.accepted);
      expect((await rig.ledger.entry(job.reportId, lost(rig.domain)))?.status).toBe('sent');
      const second = await rig.run(job, { clock: clockAhead(31 * MINUTE) });
      expect(second.runs.at(-1)).toMatchObject({ outcome: 'completed', sent: 0, skipped: 10 });
      const counts = await mailCounts(rig.domain);
      expect([counts.size, Math.max(...counts.values())], '10 readers, once each').toEqual([10, 1]);
      expect(rig.proxy.callsTo.get(lost(rig.domain)), 'never re-sent blindly').toBe(1);
    } finally {
      await rig.proxy.stop();
    }
  });

  it('gives up a hung call at the request timeout as unknown, resends it once after the 30-minute grace, and never a third time', async () => {
    const rig = await faultRig(5, {
      decide: (call) => (call.recipient.startsWith('reader2@') ? 'hang' : 'pass'),
    });
    try {
      const job = await rig.newJob();
      const first = await rig.run(job);
      expect(first.runs.at(-1)).toMatchObject({ outcome: 'incomplete', sent: 4, unknown: 1 });
      const hung = await rig.ledger.entry(job.reportId, reader(2, rig.domain));
      expect(hung?.reason).toMatch(/400 ms requestTimeout/);
      const inGrace = await rig.run(job, { clock: clockAhead(29 * MINUTE) });
      expect(inGrace.runs.at(-1)).toMatchObject({ outcome: 'incomplete', awaiting: 1, sent: 0 });
      const resend = await rig.run(job, { clock: clockAhead(30 * MINUTE) });
      expect(resend.runs.at(-1)).toMatchObject({
        resent: 1,
        unknownFinal: 1,
        outcome: 'completed',
      });
      const later = await rig.run(job, { clock: clockAhead(24 * 60 * MINUTE) });
      expect(later.runs.at(-1)).toMatchObject({ outcome: 'completed', unknownFinal: 1 });
      expect(rig.proxy.callsTo.get(reader(2, rig.domain)), 'sent twice at most').toBe(2);
      expect(await rig.ledger.entry(job.reportId, reader(2, rig.domain))).toMatchObject({
        status: 'unknown',
        resent: true,
      });
    } finally {
      await rig.proxy.stop();
    }
  });

  it('records a permanent reject once, retries it on no redelivery or later report, and suppresses it after 3 reports', async () => {
    const rig = await faultRig(6, {
      decide: (call) => (call.recipient.startsWith('reader1@') ? 'reject' : 'pass'),
    });
    try {
      const rejected = reader(1, rig.domain);
      const [a, b, c, d] = [
        await rig.newJob(),
        await rig.newJob(),
        await rig.newJob(),
        await rig.newJob(),
      ];
      const first = await rig.run(a);
      expect(first.runs.at(-1)).toMatchObject({ outcome: 'completed', sent: 5, rejected: 1 });
      expect(first.runs.at(-1)?.failures).toEqual([
        expect.objectContaining({
          outcome: 'rejected',
          reason: expect.stringContaining('MessageRejected'),
        }),
      ]);
      expect(JSON.stringify(first), 'addresses are masked').not.toContain(rejected);
      const redelivered = await rig.run(a);
      expect(redelivered.runs.at(-1)).toMatchObject({ skipped: 6, rejected: 0 });
      expect(rig.proxy.callsTo.get(rejected), 'not retried on redelivery').toBe(1);
      await rig.run(b);
      expect((await rig.store.get(rejected))?.status, 'two rejects').toBe('active');
      const third = await rig.run(c);
      expect(third.runs.at(-1)?.suppressed).toBe(1);
      expect((await rig.store.get(rejected))?.status, 'three rejects').toBe('bounced');
      await rig.run(d);
      expect(rig.proxy.callsTo.get(rejected), 'one call per report, none after suppression').toBe(
        3,
      );
    } finally {
      await rig.proxy.stop();
    }
  });

  it('halts the mailing at an account-level refusal: SendingHalted 1, SendFailures 0, job redelivered', async () => {
    const rig = await faultRig(20, { decide: () => 'account' });
    try {
      const job = await rig.newJob();
      const metrics: SendMetrics[] = [];
      const errors: string[] = [];
      const send = rig.handler({
        logFor: () => ({
          info: () => undefined,
          warn: () => undefined,
          error: (m) => void errors.push(m),
        }),
        recordMetrics: (values) => void metrics.push(values),
      });
      const event = { Records: [{ messageId: 'm1', body: JSON.stringify(job) }] };
      const result = await send(event, { getRemainingTimeInMillis: () => 300_000 });
      expect(result.batchItemFailures, 'SQS delivers the job again later').toEqual([
        { itemIdentifier: 'm1' },
      ]);
      expect(metrics).toEqual([
        expect.objectContaining({ SendingHalted: 1, SendFailures: 0, Sent: 0 }),
      ]);
      expect(errors[0]).toMatch(/halted.*AccountSendingPausedException/);
      const calls = [...rig.proxy.callsTo.values()].reduce((sum, n) => sum + n, 0);
      expect(calls, 'at most the 4 sends already in flight at 40/s').toBeLessThanOrEqual(4);
      expect((await mailCounts(rig.domain)).size).toBe(0);
      const entry = await rig.ledger.entry(job.reportId, reader(0, rig.domain));
      expect(entry?.status, 'released for the next run, not the reader’s failure').toBe('failed');
    } finally {
      await rig.proxy.stop();
    }
  });

  it('stops after 10 unexplained failures in a row (the breaker) and leaves those readers claimable', async () => {
    const rig = await faultRig(40, { decide: () => 'invalid' });
    try {
      const job = await rig.newJob();
      const error = await rig.run(job).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SendingHaltedError);
      expect((error as SendingHaltedError).kind).toBe('breaker');
      const calls = [...rig.proxy.callsTo.values()].reduce((sum, n) => sum + n, 0);
      expect(calls, '10 failures plus the 3 others in flight').toBeLessThanOrEqual(13);
      expect((await rig.ledger.entry(job.reportId, reader(0, rig.domain)))?.status).toBe('failed');
    } finally {
      await rig.proxy.stop();
    }
  });
});

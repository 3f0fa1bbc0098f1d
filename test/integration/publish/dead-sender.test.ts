import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSesEventsHandler } from '../../../lambdas/handlers/ses-events-handler.ts';
import { storeReportEmail } from '../../../lambdas/publish/send-job.ts';
import { fanOutSend } from '../../../lambdas/use-cases/fan-out-send.ts';
import { createKeyedTable } from '../../support/dynamo-tables.ts';
import { type SenderSpec, senderAdapters, spawnSender } from '../../support/fanout/sender-spec.ts';
import { LocalSesEventSource } from '../../support/ses-event-source.ts';
import { type SesFault, SesFaultProxy } from '../../support/ses-fault-proxy.ts';
import { sampleRenderedReport } from '../../unit/publish/sample-rendered-report.ts';
import { createBucket, emulatorClients, emulatorConfig, subscriber } from './aws-test-support.ts';
import { clockAhead, MINUTE, mailCounts } from './fault-rig.ts';

const LEASE_MS = 60_000;

/**
 * A sender process on 6 readers whose 3rd SES call gets `fault` and is then SIGKILLed while
 * that call is open, so it dies holding the claim. Resolves once it is dead.
 */
async function killSenderOnThirdCall(fault: SesFault) {
  const config = emulatorConfig();
  const { doc } = emulatorClients(config);
  const domain = `${randomUUID().slice(0, 8)}.example.test`;
  let third = '';
  let thirdCall: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    thirdCall = resolve;
  });
  const proxy = await SesFaultProxy.start({
    upstream: config.aws.endpoints?.ses ?? '',
    decide: (call) => {
      if (call.callNumber !== 3) return 'pass';
      third = call.recipient;
      if (fault === 'hang') thirdCall();
      return fault;
    },
    onHold: () => thirdCall(),
  });
  const spec: SenderSpec = {
    endpoints: { ...(config.aws.endpoints as SenderSpec['endpoints']), ses: proxy.endpoint },
    subscribersTable: await createKeyedTable(doc, 'subscribers', 'email'),
    ledgerTable: await createKeyedTable(doc, 'ledger', 'pk'),
    dataBucket: await createBucket(config, 'data'),
    // 5/s puts one send in flight at a time, so the 3rd call is the only claim open at the kill.
    ratePerSecond: 5,
    delivery: {},
    jobBody: '',
    remainingMs: LEASE_MS,
  };
  const adapters = senderAdapters(spec);
  for (let i = 0; i < 6; i += 1)
    await adapters.subscribers.upsert(subscriber(`reader${i}@${domain}`));
  const job = await storeReportEmail(
    adapters.artifacts,
    sampleRenderedReport({ id: `dead-${randomUUID().slice(0, 8)}` }),
    Date.now(),
  );
  const sender = spawnSender({ ...spec, jobBody: JSON.stringify(job) });
  await reached;
  sender.kill();
  expect(await sender.done, 'killed, so no result').toBeNull();
  const events = new LocalSesEventSource(
    createSesEventsHandler({ store: adapters.subscribers, ledger: adapters.ledger }),
  );
  const rerun = (aheadMs: number) => fanOutSend({ job, ...adapters, clock: clockAhead(aheadMs) });
  return { proxy, adapters, job, domain, third: () => third, events, rerun };
}

describe('a sender SIGKILLed while it holds a claim', () => {
  it('takes its claim over as unknown once the lease ends and lets the Send event settle it: 6 readers, once each', async () => {
    const dead = await killSenderOnThirdCall('hold');
    try {
      const { adapters, job } = dead;
      expect((await adapters.ledger.entry(job.reportId, dead.third()))?.status).toBe('claimed');
      const early = await dead.rerun(LEASE_MS - MINUTE / 2);
      expect(early.runs.at(-1), 'its lease still runs').toMatchObject({ leased: 1, sent: 3 });
      const late = await dead.rerun(LEASE_MS + 1_000);
      expect(late.runs.at(-1)).toMatchObject({ stuckClaims: 1, unknown: 1, outcome: 'incomplete' });
      await dead.events.publish(dead.proxy.accepted);
      const after = await dead.rerun(LEASE_MS + 31 * MINUTE);
      expect(after.runs.at(-1)).toMatchObject({ outcome: 'completed', skipped: 6 });
      const counts = await mailCounts(dead.domain);
      expect([counts.size, Math.max(...counts.values())], '6 readers, once each').toEqual([6, 1]);
      expect(dead.proxy.callsTo.get(dead.third()), 'SES had it: never sent again').toBe(1);
    } finally {
      await dead.proxy.stop();
    }
  });

  it('resends, once its grace period passes with no event, the claim of a sender killed before SES got the message', async () => {
    const dead = await killSenderOnThirdCall('hang');
    try {
      const late = await dead.rerun(LEASE_MS + 1_000);
      expect(late.runs.at(-1)).toMatchObject({ stuckClaims: 1, unknown: 1, sent: 3 });
      await dead.events.publish(dead.proxy.accepted);
      const inGrace = await dead.rerun(LEASE_MS + 29 * MINUTE);
      expect(inGrace.runs.at(-1)).toMatchObject({ awaiting: 1, outcome: 'incomplete' });
      const resend = await dead.rerun(LEASE_MS + 30 * MINUTE + 1_000);
      expect(resend.runs.at(-1)).toMatchObject({ resent: 1, sent: 1, outcome: 'completed' });
      const counts = await mailCounts(dead.domain);
      expect([counts.size, Math.max(...counts.values())], '6 readers, once each').toEqual([6, 1]);
      expect(dead.proxy.callsTo.get(dead.third()), 'the hung call, then the resend').toBe(2);
    } finally {
      await dead.proxy.stop();
    }
  });
});

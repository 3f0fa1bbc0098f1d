import { randomUUID } from 'node:crypto';
import type { DeliveryConfig } from '../../../lambdas/config.ts';
import { createSendHandler } from '../../../lambdas/handlers/send-handler.ts';
import type { SendMetrics } from '../../../lambdas/handlers/send-metrics.ts';
import { createSesEventsHandler } from '../../../lambdas/handlers/ses-events-handler.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { dynamoDocumentClient, s3Client } from '../../../lambdas/publish/aws/aws-clients.ts';
import { SILENT_LOGGER } from '../../../lambdas/publish/index.ts';
import { storeReportEmail } from '../../../lambdas/publish/send-job.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../../integration/emulators.ts';
import { sampleRenderedReport } from '../../unit/publish/sample-rendered-report.ts';
import { createKeyedTable } from '../dynamo-tables.ts';
import { LocalSesEventSource } from '../ses-event-source.ts';
import { type AcceptedMessage, SesFaultProxy } from '../ses-fault-proxy.ts';
import { type FaultMix, faultFor } from './chaos-faults.ts';
import { type ChaosFigures, tallyScenario } from './chaos-tally.ts';
import { KillSwitch } from './kill-switch.ts';
import { type SenderSpec, senderAdapters, spawnSender } from './sender-spec.ts';

/** How the senders run: their rate, time budget and delivery rules, and when events arrive. */
export interface ChaosTuning {
  ratePerSecond: number;
  /** Each delivery's time budget (its Lambda deadline, and so every claim's lease). */
  remainingMs: number;
  /** Wait between two deliveries of an unfinished job (SQS's visibility timeout, shortened). */
  pauseMs: number;
  maxRounds: number;
  delivery: Partial<DeliveryConfig>;
  /**
   * `before-answer`: the Send and Delivery events are processed before the client hears back
   * (every event ahead of any grace period: deterministic, for tests). `after-answer`: right
   * after the answer, as SES publishes them.
   */
  events: 'before-answer' | 'after-answer';
}

/** Where the emulators are, and the tuning. */
export interface ChaosEnvironment {
  endpoints: { ses: string; s3: string; dynamodb: string };
  tuning: ChaosTuning;
}

/** One row of the chaos table. */
export interface ChaosScenario {
  name: string;
  subscribers: number;
  seed: number;
  faults: FaultMix;
}

async function setUp(env: ChaosEnvironment, scenario: ChaosScenario, sesEndpoint: string) {
  const config = parseConfig({ aws: { region: EMULATOR_REGION, endpoints: env.endpoints } });
  const options = { credentials: EMULATOR_CREDENTIALS };
  const doc = dynamoDocumentClient(config, options);
  const dataBucket = `chaos-${randomUUID().slice(0, 8)}`;
  const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
  await s3Client(config, options).send(new CreateBucketCommand({ Bucket: dataBucket }));
  const spec: Omit<SenderSpec, 'jobBody'> = {
    endpoints: { ...env.endpoints, ses: sesEndpoint },
    subscribersTable: await createKeyedTable(doc, 'chaos-subscribers', 'email'),
    ledgerTable: await createKeyedTable(doc, 'chaos-ledger', 'pk'),
    dataBucket,
    ratePerSecond: env.tuning.ratePerSecond,
    delivery: env.tuning.delivery,
    remainingMs: env.tuning.remainingMs,
  };
  const adapters = senderAdapters({ ...spec, jobBody: '' });
  const domain = `${randomUUID().slice(0, 8)}.chaos.test`;
  const at = new Date().toISOString();
  const emails = Array.from({ length: scenario.subscribers }, (_, i) => `r${i}@${domain}`);
  for (const email of emails) {
    await adapters.subscribers.upsert({
      email,
      status: 'active',
      assets: [],
      createdAt: at,
      updatedAt: at,
      consent: { at, form: 'chaos' },
    });
  }
  const rendered = sampleRenderedReport({ id: `chaos-${randomUUID().slice(0, 8)}` });
  const job = await storeReportEmail(adapters.artifacts, rendered, Date.now());
  return { spec: { ...spec, jobBody: JSON.stringify(job) }, adapters, job, domain, emails };
}

type Rig = Awaited<ReturnType<typeof setUp>>;

/** Sums the metrics every finished delivery reported (a killed one reports none). */
function addMetrics(into: Record<string, number>, values: SendMetrics): void {
  for (const [name, value] of Object.entries(values)) into[name] = (into[name] ?? 0) + value;
}

/** One delivery of the job: true when the handler says it is done (SQS deletes the message). */
async function deliverInProcess(rig: Rig, metrics: Record<string, number>): Promise<boolean> {
  const handler = createSendHandler(senderAdapters(rig.spec), {
    logFor: () => SILENT_LOGGER,
    recordMetrics: (values) => addMetrics(metrics, values),
  });
  const response = await handler(
    { Records: [{ messageId: 'job', body: rig.spec.jobBody }] },
    { getRemainingTimeInMillis: () => rig.spec.remainingMs },
  );
  return response.batchItemFailures.length === 0;
}

async function deliverInChild(
  rig: Rig,
  kills: KillSwitch,
  metrics: Record<string, number>,
): Promise<boolean> {
  const sender = spawnSender(rig.spec);
  kills.watch(sender);
  const result = await sender.done;
  kills.unwatch(sender);
  for (const values of result?.metrics ?? []) addMetrics(metrics, values);
  return result !== null && result.response.batchItemFailures.length === 0;
}

/**
 * Delivers every copy of the job (two when it is duplicated) again and again, as SQS would,
 * until each copy's handler says it is done: in sender processes while kills are planned, in
 * this process after. Returns whether all finished, and after how many rounds.
 */
async function deliverUntilDone(
  rig: Rig,
  scenario: ChaosScenario,
  tuning: ChaosTuning,
  kills: KillSwitch,
  metrics: Record<string, number>,
): Promise<{ completed: boolean; rounds: number }> {
  const copies = scenario.faults.duplicateJob ? [false, false] : [false];
  let rounds = 0;
  while (copies.some((done) => !done) && rounds < tuning.maxRounds) {
    rounds += 1;
    const inChild = kills.remaining() > 0;
    const deliver = () =>
      inChild ? deliverInChild(rig, kills, metrics) : deliverInProcess(rig, metrics);
    const results = await Promise.all(copies.map((done) => (done ? true : deliver())));
    results.forEach((done, i) => {
      copies[i] = done;
    });
    await new Promise((resolve) => setTimeout(resolve, tuning.pauseMs));
  }
  const completed = copies.every(Boolean);
  if (completed && scenario.faults.redeliverAfter) await deliverInProcess(rig, metrics);
  return { completed, rounds };
}

/** The fault proxy of a scenario, with SES events published before or after each answer. */
async function startProxy(env: ChaosEnvironment, scenario: ChaosScenario, kills: KillSwitch) {
  const pending: Array<Promise<void>> = [];
  const sink: { events?: LocalSesEventSource } = {};
  const publish = (message: AcceptedMessage) =>
    sink.events?.publish([message]) ?? Promise.resolve();
  const proxy = await SesFaultProxy.start({
    upstream: env.endpoints.ses,
    decide: (call) => {
      const fault = faultFor(scenario.faults, scenario.seed, call);
      // A rejected address stays rejected: the kill waits for the next call SES would take.
      if (fault === 'reject') return fault;
      return kills.shouldHold(call, proxy.accepted.length) ? 'hold' : fault;
    },
    onAccepted: (message) => {
      if (env.tuning.events === 'before-answer') return publish(message);
      pending.push(new Promise((resolve) => setImmediate(resolve)).then(() => publish(message)));
      return undefined;
    },
    onHold: (message) => kills.held(message),
  });
  return { proxy, sink, flush: () => Promise.all(pending) };
}

/**
 * Runs one chaos scenario against the emulators: a fault proxy in front of aws-ses-v2-local,
 * the real send handler (in child processes while SIGKILLs are planned, in this process after),
 * SES events posted into the real ses-events handler, and SQS-like redelivery of each copy of
 * the job until its handler says it is done. Then counts who got what from `GET /store`.
 */
export async function runChaosScenario(
  env: ChaosEnvironment,
  scenario: ChaosScenario,
): Promise<ChaosFigures> {
  const startedMs = Date.now();
  const kills = new KillSwitch(scenario.faults.kills ?? [], scenario.subscribers);
  const { proxy, sink, flush } = await startProxy(env, scenario, kills);
  try {
    const rig = await setUp(env, scenario, proxy.endpoint);
    sink.events = new LocalSesEventSource(
      createSesEventsHandler({ store: rig.adapters.subscribers, ledger: rig.adapters.ledger }),
    );
    const metrics: Record<string, number> = {};
    const { completed, rounds } = await deliverUntilDone(rig, scenario, env.tuning, kills, metrics);
    await flush();
    const seconds = (Date.now() - startedMs) / 1000;
    return await tallyScenario({
      scenario,
      sesEndpoint: env.endpoints.ses,
      sinceSeconds: Math.floor(startedMs / 1000) - 1,
      rig,
      proxy,
      run: { completed, rounds, kills: kills.done, seconds, metrics },
    });
  } finally {
    await proxy.stop();
  }
}

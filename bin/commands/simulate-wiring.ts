import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import { reporterRunInput } from '../../lambdas/handlers/reporter-wiring.ts';
import { JsonFlushStateStore } from '../../lambdas/publish/flush-state/json-flush-state-store.ts';
import {
  FsSiteStore,
  JsonSendLedger,
  JsonSubscriberStore,
  OutboxMailer,
  type Subscriber,
} from '../../lambdas/publish/index.ts';
import type { SendJob } from '../../lambdas/publish/send-job.ts';
import type { PacingClock } from '../../lambdas/publish/token-bucket.ts';
import type { ReporterRunInput } from '../../lambdas/use-cases/detect-settings.ts';
import { fanOutSend } from '../../lambdas/use-cases/fan-out-send.ts';
import type { SnapshotSource } from '../../lambdas/use-cases/snapshot-source.ts';
import { localTokenSecret } from '../local-wiring.ts';

/** What one report's mailing did, as the fan-out recorded it. */
export interface SimulatedMailing {
  reportId: string;
  /** Simulated time the send job was queued (the publication's run). */
  atMs: number;
  sent: number;
  /** Subscribers the ledger skipped: they already had a report of this id. */
  alreadySent: number;
  failed: number;
  outcome: string;
}

/** The local world a simulation publishes into, and what it saw published and mailed. */
export interface SimulationWorld {
  outDir: string;
  subscribers: Subscriber[];
  runInput: (nowMs: number, snapshots: SnapshotSource) => ReporterRunInput;
  titles: Map<string, string>;
  /** Every fan-out, by {@link mailingKey} (a report id can be published again later). */
  mailings: Map<string, SimulatedMailing>;
}

/** Key of a mailing: the report id and the simulated time of the run that published it. */
export function mailingKey(reportId: string, atMs: number): string {
  return `${reportId}@${atMs}`;
}

/** One active subscriber per asset, `btc@subscribers.simulated.invalid` following only BTC. */
export function simulatedSubscribers(assets: readonly string[], sinceMs: number): Subscriber[] {
  const at = new Date(sinceMs).toISOString();
  return assets.map((asset) => ({
    email: `${asset.toLowerCase()}@subscribers.simulated.invalid`,
    status: 'active',
    assets: [asset],
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
    consent: { at, form: 'simulation' },
  }));
}

/**
 * The detect and digest functions' wiring ({@link reporterRunInput}) on local adapters under
 * `outDir`: the site in `site/`, rendered emails in `private/`, the flush state in
 * `flush-state.json`, a subscriber list of one subscriber per asset, and a queue that runs the
 * paced fan-out at once into `outbox/` with the send ledger in `send-ledger.json`. The fan-out's
 * clock is the simulated one, so pacing takes no real time and mails carry simulated times.
 */
export async function simulationWorld(
  config: Config,
  outDir: string,
  sinceMs: number,
): Promise<SimulationWorld> {
  await mkdir(outDir, { recursive: true });
  const subscribers = simulatedSubscribers(config.assets, sinceMs);
  const subscribersFile = path.join(outDir, 'subscribers.json');
  await writeFile(subscribersFile, `${JSON.stringify(subscribers, null, 2)}\n`);
  const site = new FsSiteStore(path.join(outDir, 'site'));
  const artifacts = new FsSiteStore(path.join(outDir, 'private'));
  const state = new JsonFlushStateStore(path.join(outDir, 'flush-state.json'));
  const subscriberStore = new JsonSubscriberStore(subscribersFile);
  const mailer = new OutboxMailer(path.join(outDir, 'outbox'));
  const ledger = new JsonSendLedger(path.join(outDir, 'send-ledger.json'));
  const tokenSecret = await localTokenSecret(config, outDir);
  let runMs = sinceMs;
  let pacedMs = 0;
  const clock: PacingClock = {
    nowMs: () => runMs + pacedMs,
    sleep: async (ms) => {
      pacedMs += ms;
    },
  };
  const titles = new Map<string, string>();
  const mailings = new Map<string, SimulatedMailing>();
  const queue = {
    enqueue: async (job: SendJob) => {
      pacedMs = 0;
      const summary = await fanOutSend({
        job,
        artifacts,
        subscribers: subscriberStore,
        mailer,
        ledger,
        config,
        tokenSecret,
        clock,
      });
      const run = summary.runs.at(-1);
      mailings.set(mailingKey(job.reportId, runMs), {
        reportId: job.reportId,
        atMs: runMs,
        sent: run?.sent ?? 0,
        alreadySent: run?.skipped ?? 0,
        failed: run?.failed ?? 0,
        outcome: run?.outcome ?? 'unknown',
      });
    },
  };
  const runInput = (nowMs: number, snapshots: SnapshotSource): ReporterRunInput => {
    runMs = nowMs;
    const base = reporterRunInput(
      { config, snapshots, state, site, artifacts, queue, log: () => {} },
      nowMs,
    );
    return {
      ...base,
      publish: async (rendered, options) => {
        const meta = await base.publish(rendered, options);
        titles.set(meta.id, meta.title);
        return meta;
      },
    };
  };
  return { outDir, subscribers, runInput, titles, mailings };
}

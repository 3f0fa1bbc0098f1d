import path from 'node:path';
import type { Config } from '../lambdas/config.ts';
import {
  FsSiteStore,
  JsonSendLedger,
  JsonSubscriberStore,
  lineLogger,
  OutboxMailer,
  type SendJobQueue,
} from '../lambdas/publish/index.ts';
import { noWaitClock, type PacingClock } from '../lambdas/shared/clock.ts';
import {
  type InProcessSendQueue,
  inProcessSendQueue,
} from '../lambdas/use-cases/in-process-send-queue.ts';
import type { PublishPorts } from '../lambdas/use-cases/publish-report.ts';
import { localSubscribersFile, localTokenSecret } from './local-wiring.ts';

/** The local ports of an output folder: `site/`, `private/`, and an in-process queue. */
export interface LocalPorts extends PublishPorts {
  queue: InProcessSendQueue;
}

/** The site and private stores of an output folder. */
export function localStores(outDir: string): Pick<PublishPorts, 'site' | 'artifacts'> {
  return {
    site: new FsSiteStore(path.join(outDir, 'site')),
    artifacts: new FsSiteStore(path.join(outDir, 'private')),
  };
}

/** For publications that never mail (replays): enqueuing is a bug, so it throws. */
export const NO_MAIL_QUEUE: SendJobQueue = {
  enqueue: async (job) => {
    throw new Error(`Nothing is mailed here, yet report "${job.reportId}" was queued.`);
  },
};

/**
 * The composition root of local runs: the site in `<out>/site/`, the private store in
 * `<out>/private/`, and a queue that runs the same paced fan-out as the send Lambda at once
 * (a clock that does not sleep for real), mailing into `<out>/outbox/` through the JSON send
 * ledger and subscriber list. Log lines go to `log` (stderr). `clock` replaces that clock (the
 * simulation's, whose time is simulated).
 */
export async function localPorts(
  config: Config,
  outDir: string,
  log: (line: string) => void,
  options: { clock?: PacingClock } = {},
): Promise<LocalPorts> {
  const stores = localStores(outDir);
  const queue = inProcessSendQueue({
    artifacts: stores.artifacts,
    subscribers: new JsonSubscriberStore(await localSubscribersFile(config, outDir)),
    mailer: new OutboxMailer(path.join(outDir, 'outbox')),
    ledger: new JsonSendLedger(path.join(outDir, 'send-ledger.json')),
    config,
    tokenSecret: await localTokenSecret(config, outDir),
    clock: options.clock ?? noWaitClock(),
    logger: lineLogger(log),
  });
  return { ...stores, queue };
}

import type { SendJobQueue } from '../publish/index.ts';
import { type FanOutInput, fanOutSend, type SendRunRecord } from './fan-out-send.ts';

/** A {@link SendJobQueue} that runs each job's fan-out as it is enqueued. */
export interface InProcessSendQueue extends SendJobQueue {
  /** The run of every job enqueued so far, in order (what the CLI prints). */
  readonly runs: readonly SendRunRecord[];
}

/**
 * The queue of setups without SQS (the CLI, a report function with no queue configured): each
 * enqueued job goes straight through {@link fanOutSend}, with its pacing, ledger and summary, so
 * a laptop mails through the same sender as production. `enqueue` resolves when the run ends,
 * and rejects when it was interrupted or halted.
 */
export function inProcessSendQueue(fanOut: Omit<FanOutInput, 'job'>): InProcessSendQueue {
  const runs: SendRunRecord[] = [];
  return {
    runs,
    enqueue: async (job) => {
      const record = await fanOutSend({ ...fanOut, job });
      const run = record.runs.at(-1);
      if (run !== undefined) runs.push(run);
    },
  };
}

import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendJobQueue } from '../ports.ts';
import type { SendJob } from '../send-job.ts';

/**
 * {@link SendJobQueue} over an SQS queue. Duplicate deliveries are expected
 * (standard queues are at-least-once); the send ledger makes them harmless.
 */
export class SqsSendQueue implements SendJobQueue {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Sends the job as one JSON message. */
  public async enqueue(job: SendJob): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
    );
  }
}

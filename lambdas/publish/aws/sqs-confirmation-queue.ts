import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ConfirmationJob, ConfirmationQueue } from '../subscription/confirmation-job.ts';

/**
 * {@link ConfirmationQueue} over the SQS queue the confirmation-mail function reads. SQS is
 * at-least-once; a duplicate delivery is one more try against the mailbox's daily limit.
 */
export class SqsConfirmationQueue implements ConfirmationQueue {
  public constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  /** Sends the job as one JSON message. */
  public async enqueue(job: ConfirmationJob): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
    );
  }
}

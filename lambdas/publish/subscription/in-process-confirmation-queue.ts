import { errorText } from '../../shared/error-text.ts';
import { maskEmail } from '../normalize-email.ts';
import type { ConfirmationJob, ConfirmationQueue } from './confirmation-job.ts';

/**
 * The local {@link ConfirmationQueue}: `enqueue` returns at once and the job runs afterwards in
 * this process, one at a time, as the SQS-driven function runs it in AWS. So the local sign-up
 * answers before any mail is written, as the deployed one does; `settled()` lets a test (or a
 * shutting-down server) wait for the mail.
 */
export class InProcessConfirmationQueue implements ConfirmationQueue {
  private tail: Promise<void> = Promise.resolve();

  public constructor(
    private readonly run: (job: ConfirmationJob) => Promise<unknown>,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Queues the job behind the others; a failing job is logged (address masked), never thrown. */
  public async enqueue(job: ConfirmationJob): Promise<void> {
    this.tail = this.tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.run(job))
      .then(
        () => undefined,
        (error: unknown) => {
          const reason = errorText(error);
          this.log(
            `confirmation for ${maskEmail(job.email)} failed: ${reason.replaceAll(job.email, maskEmail(job.email))}`,
          );
        },
      );
  }

  /** Resolves once every job queued so far has run. */
  public settled(): Promise<void> {
    return this.tail;
  }
}

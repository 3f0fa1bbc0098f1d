import * as z from 'zod';
import { AftershockError } from '../../errors.ts';
import { firstIssueText } from '../../shared/zod-issues.ts';
import { consentSchema } from '../subscriber.ts';

/**
 * A sign-up handed from the public endpoint to the confirmation mailer: a validated request.
 * Whether the address is known, may be mailed, or has had its confirmations for the day is
 * decided by the mailer, never by the endpoint, so the endpoint answers every valid sign-up
 * alike and at once (reliability audit #21).
 */
export const signupJobSchema = z.strictObject({
  email: z.string().min(3).max(254),
  assets: z.array(z.string().min(1)).max(20),
  consent: consentSchema,
});
/** One queued sign-up (see {@link signupJobSchema}). */
export type SignupJob = z.infer<typeof signupJobSchema>;

/** A confirmed address to welcome, handed from the confirm endpoint to the same mailer. */
export const welcomeJobSchema = z.strictObject({
  kind: z.literal('welcome'),
  email: z.string().min(3).max(254),
});
/** One queued welcome (see {@link welcomeJobSchema}). */
export type WelcomeJob = z.infer<typeof welcomeJobSchema>;

/** What the confirmation mailer's queue carries: sign-ups to confirm and addresses to welcome. */
export const confirmationJobSchema = z.union([welcomeJobSchema, signupJobSchema]);
/** One queued job (see {@link confirmationJobSchema}). */
export type ConfirmationJob = SignupJob | WelcomeJob;

/** Whether a job is a welcome rather than a sign-up. */
export function isWelcomeJob(job: ConfirmationJob): job is WelcomeJob {
  return 'kind' in job && job.kind === 'welcome';
}

/** Where mail jobs wait for the confirmation mailer: SQS in AWS, an in-process queue locally. */
export interface ConfirmationQueue {
  enqueue(job: ConfirmationJob): Promise<void>;
}

/** A queued message that is not a confirmation job. */
export class InvalidConfirmationJobError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(`Not a confirmation job: ${message}`, options);
    this.name = 'InvalidConfirmationJobError';
  }
}

/** Parses a queue message body; throws {@link InvalidConfirmationJobError}. */
export function parseConfirmationJob(body: string): ConfirmationJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidConfirmationJobError('the body is not JSON', { cause: error });
  }
  const parsed = confirmationJobSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InvalidConfirmationJobError(firstIssueText(parsed.error, 'body'));
}

import { AftershockError } from '../../errors.ts';

/** A sign-up field other than the address is unacceptable (assets, form name, IP). */
export class InvalidSubscriptionError extends AftershockError {
  public readonly field: string;
  public constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidSubscriptionError';
    this.field = field;
  }
}

/** Too many sign-ups from one client in the window; the answer is the same for any address. */
export class SignupRateLimitedError extends AftershockError {
  public readonly retryAfterSeconds: number;
  public constructor(retryAfterSeconds: number, options?: ErrorOptions) {
    super('Too many sign-ups from your network; please try again later', options);
    this.name = 'SignupRateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

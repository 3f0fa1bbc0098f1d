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

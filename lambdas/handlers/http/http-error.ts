import { AftershockError } from '../../errors.ts';

/** A request refused with a specific HTTP status; the message is shown to the client. */
export class HttpError extends AftershockError {
  public readonly statusCode: number;
  public constructor(statusCode: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
  }
}

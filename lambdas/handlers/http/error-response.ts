import { AftershockError } from '../../errors.ts';
import {
  HeaderInjectionError,
  InvalidEmailError,
  InvalidTokenError,
} from '../../publish/publish-errors.ts';
import { InvalidSubscriptionError } from '../../publish/subscription/subscription-errors.ts';
import { HttpError } from './http-error.ts';

/** Status and client-safe message for a failed request. */
export interface RequestFailure {
  statusCode: number;
  message: string;
}

/**
 * Maps an error to its HTTP status: bad input 400, a refused link 403, the status of an
 * {@link HttpError}; anything else is a 500 whose details stay in the log, not the answer.
 */
export function requestFailure(
  error: unknown,
  log: (line: string) => void = console.error,
): RequestFailure {
  if (error instanceof HttpError) return { statusCode: error.statusCode, message: error.message };
  if (
    error instanceof InvalidEmailError ||
    error instanceof InvalidSubscriptionError ||
    error instanceof HeaderInjectionError
  ) {
    return { statusCode: 400, message: error.message };
  }
  if (error instanceof InvalidTokenError) {
    const message =
      error.reason === 'expired'
        ? 'This link has expired.'
        : 'This link is not valid. Use the link exactly as it arrived in the email.';
    return { statusCode: 403, message };
  }
  const detail =
    error instanceof AftershockError || error instanceof Error ? error.message : String(error);
  log(`request failed: ${detail}`);
  return { statusCode: 500, message: 'Something went wrong on our side; please try again later.' };
}

import { RecipientRejectedError } from '../../errors.ts';
import { maskEmail } from '../../publish/normalize-email.ts';
import {
  HeaderInjectionError,
  InvalidEmailError,
  InvalidTokenError,
} from '../../publish/publish-errors.ts';
import {
  InvalidSubscriptionError,
  SignupRateLimitedError,
} from '../../publish/subscription/subscription-errors.ts';
import { errorText } from '../../shared/error-text.ts';
import { HttpError } from './http-error.ts';

/** Status, client-safe message and extra headers for a failed request. */
export interface RequestFailure {
  statusCode: number;
  message: string;
  headers?: Record<string, string>;
}

/** Anything shaped like an address, masked (`a***@e***.com`): error texts can quote one. */
export function maskEmailsIn(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, (email) => maskEmail(email));
}

/**
 * Maps an error to its HTTP status: bad input 400 (an address the mail service refuses
 * included: it is the address's fault, not the server's), a refused link 403, too many
 * sign-ups 429, the status of an {@link HttpError}; anything else is a 500 whose details go to
 * the log with every address in them masked (audit D22 logged `Illegal address: victim@…`).
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
  if (error instanceof RecipientRejectedError) {
    return {
      statusCode: 400,
      message: 'That address cannot receive mail from us; check it, or use another one.',
    };
  }
  if (error instanceof SignupRateLimitedError) {
    return {
      statusCode: 429,
      message: error.message,
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof InvalidTokenError) {
    const message =
      error.reason === 'expired'
        ? 'This link has expired.'
        : 'This link is not valid. Use the link exactly as it arrived in the email.';
    return { statusCode: 403, message };
  }
  const detail = errorText(error);
  log(`request failed: ${maskEmailsIn(detail)}`);
  return { statusCode: 500, message: 'Something went wrong on our side; please try again later.' };
}

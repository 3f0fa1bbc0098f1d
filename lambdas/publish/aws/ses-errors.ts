import {
  AccountSendingError,
  RecipientRejectedError,
  RetryableSendError,
  SendOutcomeUnknownError,
} from '../../errors.ts';
import { errorText } from '../../shared/error-text.ts';
import { maskEmail } from '../normalize-email.ts';

/** "Slow down": SES did not take the message. The only errors the application retries. */
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

/**
 * The account, not the recipient: no message can go out until someone fixes it, so the mailing
 * stops rather than marking every subscriber failed one by one.
 */
const ACCOUNT_LEVEL = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetDoesNotExist',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

/** Node socket errors raised before a byte of the request went out: nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

interface SdkErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function nameOf(error: SdkErrorShape): string {
  if (typeof error.name === 'string' && error.name !== 'Error') return error.name;
  return typeof error.Code === 'string' ? error.Code : '';
}

function isServerSide(error: SdkErrorShape): boolean {
  const status = error.$metadata?.httpStatusCode;
  return error.$fault === 'server' || (typeof status === 'number' && status >= 500);
}

/** A connection timeout ("did not establish a connection") sent nothing; other timeouts may have. */
function neverConnected(error: SdkErrorShape, detail: string): boolean {
  if (typeof error.code === 'string' && NOT_CONNECTED.has(error.code)) return true;
  return nameOf(error) === 'TimeoutError' && /did not establish a connection/.test(detail);
}

/**
 * Turns an error of one SES `SendRawEmail` call into what the fan-out acts on:
 * - `Throttling` (not the daily quota) → {@link RetryableSendError}: back off and retry;
 * - `MessageRejected`, an illegal address → {@link RecipientRejectedError}: never for this address;
 * - account-level errors, the daily quota, a sender identity SES has not verified →
 *   {@link AccountSendingError}: stop the mailing;
 * - 5xx, request timeouts, resets, aborts in flight → {@link SendOutcomeUnknownError};
 * - anything else (a 4xx of ours, no connection at all) passes through: not accepted.
 * Addresses in messages are masked.
 *
 * @example
 * classifySesError(new MessageRejected({ message: 'x', $metadata: {} }), 'a@b.c'); // RecipientRejectedError
 */
export function classifySesError(error: unknown, to: string): unknown {
  const shape = (error ?? {}) as SdkErrorShape;
  const name = nameOf(shape);
  const raw = errorText(error);
  const detail = raw.replaceAll(to, maskEmail(to));
  const said = `SES said ${name || 'an error'}: ${detail}`;
  if (/daily message quota/i.test(detail) || ACCOUNT_LEVEL.has(name)) {
    return new AccountSendingError(name || 'Unknown', `SES refuses the account: ${said}`, {
      cause: error,
    });
  }
  if (THROTTLING.has(name)) return new RetryableSendError(`Throttled: ${said}`, { cause: error });
  if (name === 'MessageRejected' && /not verified/i.test(detail)) {
    // The sender's identity (or, in the SES sandbox, every recipient) is unverified: the account's fault.
    return new AccountSendingError(name, `SES refuses the sender: ${said}`, { cause: error });
  }
  if (name === 'MessageRejected' || (name === 'InvalidParameterValue' && /address/i.test(detail))) {
    return new RecipientRejectedError(`Rejected for ${maskEmail(to)}: ${said}`, { cause: error });
  }
  if (neverConnected(shape, detail)) return error;
  if (isServerSide(shape) || !(typeof shape.$metadata?.httpStatusCode === 'number')) {
    return new SendOutcomeUnknownError(`The answer was lost: ${said}`, { cause: error });
  }
  return error;
}

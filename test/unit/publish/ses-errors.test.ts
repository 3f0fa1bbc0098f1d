import {
  AccountSendingPausedException,
  ConfigurationSetDoesNotExistException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESServiceException,
} from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import {
  AccountSendingError,
  RecipientRejectedError,
  RetryableSendError,
  SendOutcomeUnknownError,
} from '../../../lambdas/errors.ts';
import { classifySesError } from '../../../lambdas/publish/aws/ses-errors.ts';

const TO = 'alice@example.com';
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

function serviceError(name: string, message: string, status: number, fault: 'client' | 'server') {
  return new SESServiceException({ name, message, $fault: fault, ...meta(status) });
}

function nodeError(code: string, message: string, name = 'Error'): Error {
  return Object.assign(new Error(message), { code, name });
}

describe('classifySesError', () => {
  it.each([
    [
      'Throttling, rate',
      serviceError('Throttling', 'Maximum sending rate exceeded.', 400, 'client'),
      RetryableSendError,
    ],
    [
      'MessageRejected',
      new MessageRejected({ message: `Address blacklisted: ${TO}`, ...meta(400) }),
      RecipientRejectedError,
    ],
    [
      'an illegal address',
      serviceError('InvalidParameterValue', `Illegal address: ${TO}`, 400, 'client'),
      RecipientRejectedError,
    ],
    [
      'Throttling, daily quota',
      serviceError('Throttling', 'Daily message quota exceeded.', 400, 'client'),
      AccountSendingError,
    ],
    [
      'sending paused',
      new AccountSendingPausedException({ message: 'paused', ...meta(400) }),
      AccountSendingError,
    ],
    [
      'MAIL FROM unverified',
      new MailFromDomainNotVerifiedException({ message: 'mx', ...meta(400) }),
      AccountSendingError,
    ],
    [
      'no configuration set',
      new ConfigurationSetDoesNotExistException({ message: 'gone', ...meta(400) }),
      AccountSendingError,
    ],
    [
      'sender not verified',
      new MessageRejected({ message: 'Email address is not verified.', ...meta(400) }),
      AccountSendingError,
    ],
    [
      '500 InternalFailure',
      serviceError('InternalFailure', 'internal', 500, 'server'),
      SendOutcomeUnknownError,
    ],
    [
      '503 ServiceUnavailable',
      serviceError('ServiceUnavailable', 'later', 503, 'server'),
      SendOutcomeUnknownError,
    ],
    [
      'a request timeout',
      nodeError('ETIMEDOUT', 'exceeded the configured 10000 ms requestTimeout', 'TimeoutError'),
      SendOutcomeUnknownError,
    ],
    ['a reset', nodeError('ECONNRESET', 'socket hang up', 'TimeoutError'), SendOutcomeUnknownError],
    [
      'an abort in flight',
      nodeError('ABORT_ERR', 'Request aborted', 'AbortError'),
      SendOutcomeUnknownError,
    ],
  ])('classifies %s', (_case, error, expected) => {
    expect(classifySesError(error, TO)).toBeInstanceOf(expected);
  });

  it.each([
    ['a refused connection', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')],
    [
      'a connection timeout',
      nodeError(
        '',
        'the request socket did not establish a connection with the server within 3000 ms',
        'TimeoutError',
      ),
    ],
    [
      'another 4xx of ours',
      serviceError('InvalidParameterValue', 'Value at rawMessage failed', 400, 'client'),
    ],
  ])('passes %s through unchanged: certainly not accepted', (_case, error) => {
    expect(classifySesError(error, TO)).toBe(error);
  });

  it('masks the recipient in every message it builds', () => {
    const error = new MessageRejected({ message: `Address blacklisted: ${TO}`, ...meta(400) });
    expect((classifySesError(error, TO) as Error).message).not.toContain(TO);
  });
});

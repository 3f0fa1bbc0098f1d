import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { RecipientRejectedError, RetryableSendError } from '../../errors.ts';
import { maskEmail } from '../normalize-email.ts';
import type { Mailer, OutgoingMessage } from '../ports.ts';

/** SES error names that mean "slow down and try again". */
const RETRYABLE_SES_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'MaxSendingRateExceeded',
  'TooManyRequestsException',
  'ServiceUnavailable',
]);

/** SES error names that mean "this message to this address will never be accepted". */
const PERMANENT_RECIPIENT_ERRORS = new Set(['MessageRejected', 'MailFromDomainNotVerified']);

function sesErrorName(error: unknown): string {
  const named = error as { name?: unknown; Code?: unknown } | null;
  if (typeof named?.name === 'string' && named.name !== 'Error') return named.name;
  return typeof named?.Code === 'string' ? named.Code : '';
}

/**
 * Turns an SES error into the send error the fan-out acts on: throttling becomes
 * {@link RetryableSendError} (back off, retry), a rejection {@link RecipientRejectedError}
 * (record, go on); anything else is passed through unchanged.
 *
 * @example
 * classifySesError(new MessageRejected({ message: 'x', $metadata: {} }), 'a@b.c'); // RecipientRejectedError
 */
export function classifySesError(error: unknown, to: string): unknown {
  const name = sesErrorName(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (RETRYABLE_SES_ERRORS.has(name)) {
    return new RetryableSendError(`SES throttled the send (${name}): ${detail}`, { cause: error });
  }
  if (PERMANENT_RECIPIENT_ERRORS.has(name)) {
    return new RecipientRejectedError(
      `SES rejected the message to ${maskEmail(to)} (${name}): ${detail.replaceAll(to, maskEmail(to))}`,
      { cause: error },
    );
  }
  return error;
}

/** Options of {@link SesMailer}. */
export interface SesMailerOptions {
  /** SES configuration set, so bounces and complaints reach the ses-events handler. */
  configurationSetName?: string | undefined;
}

/**
 * {@link Mailer} over SES `SendRawEmail`: the message is sent exactly as built
 * (headers included), to the one recipient named, through the configuration set.
 */
export class SesMailer implements Mailer {
  public constructor(
    private readonly ses: SESClient,
    private readonly options: SesMailerOptions = {},
  ) {}

  /** Sends one raw message; rejects with a classified error (see {@link classifySesError}). */
  public async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const data =
      typeof message.raw === 'string' ? new TextEncoder().encode(message.raw) : message.raw;
    try {
      const result = await this.ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: data },
          Destinations: [message.to],
          ...(this.options.configurationSetName
            ? { ConfigurationSetName: this.options.configurationSetName }
            : {}),
          Tags: [{ Name: 'report', Value: message.reportId.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      throw classifySesError(error, message.to);
    }
  }
}

import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { SendInterruptedError } from '../../errors.ts';
import { messageTags } from '../message-tags.ts';
import type { Mailer, OutgoingMessage, SendOptions } from '../ports.ts';
import { classifySesError } from './ses-errors.ts';

export { classifySesError } from './ses-errors.ts';

/** Options of {@link SesMailer}. */
export interface SesMailerOptions {
  /** SES configuration set, so send, delivery, bounce and complaint events reach ses-events. */
  configurationSetName?: string | undefined;
}

/**
 * {@link Mailer} over SES `SendRawEmail`: the message is sent exactly as built (headers
 * included), to the one recipient named, through the configuration set, with the message tags
 * `report` and `subscriber` (a hash, never the address) that the set's events echo back. One
 * call per send: the client makes a single attempt (see `sesClient`), and the run's abort signal
 * ends a call still in flight at the deadline.
 */
export class SesMailer implements Mailer {
  public constructor(
    private readonly ses: SESClient,
    private readonly options: SesMailerOptions = {},
  ) {}

  /** Sends one raw message; rejects with a classified error (see {@link classifySesError}). */
  public async send(
    message: OutgoingMessage,
    options: SendOptions = {},
  ): Promise<{ messageId: string }> {
    // Checked here, not left to the SDK: an abort it reports could have come mid-request, and
    // would have to count as unknown; this one certainly sent nothing.
    if (options.signal?.aborted) throw new SendInterruptedError('Not sent: the run was stopped');
    const data =
      typeof message.raw === 'string' ? new TextEncoder().encode(message.raw) : message.raw;
    const tags = messageTags(message.reportId, message.to);
    try {
      const result = await this.ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: data },
          Destinations: [message.to],
          ...(this.options.configurationSetName
            ? { ConfigurationSetName: this.options.configurationSetName }
            : {}),
          Tags: [
            { Name: 'report', Value: tags.report },
            { Name: 'subscriber', Value: tags.subscriber },
          ],
        }),
        { abortSignal: options.signal },
      );
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      throw classifySesError(error, message.to);
    }
  }
}

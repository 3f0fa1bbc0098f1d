import { randomUUID } from 'node:crypto';
import type { SnsEvent } from '../../lambdas/handlers/ses-events-handler.ts';
import type { AcceptedMessage } from './ses-fault-proxy.ts';

/** The configuration-set event types this source can publish. */
export type SesEventType = 'Send' | 'Delivery' | 'Reject';

/**
 * One SES event for `message`, shaped as SES event publishing writes it (`eventType`, `mail`
 * with `messageId`, `destination` and `tags` as lists, plus the type's own object).
 *
 * @example
 * sesEventJson('Delivery', accepted).mail.tags.report; // ['2026-11-25-btc']
 */
export function sesEventJson(type: SesEventType, message: AcceptedMessage) {
  const timestamp = new Date(message.atMs).toISOString();
  const tags = Object.fromEntries(Object.entries(message.tags).map(([k, v]) => [k, [v]]));
  const detail =
    type === 'Send'
      ? { send: {} }
      : type === 'Delivery'
        ? {
            delivery: {
              timestamp,
              processingTimeMillis: 412,
              recipients: [message.recipient],
              smtpResponse: '250 2.6.0 Message received',
              reportingMTA: 'a8-70.smtp-out.amazonses.com',
            },
          }
        : { reject: { reason: 'Bad content' } };
  return {
    eventType: type,
    mail: {
      timestamp,
      source: 'reports@aftershock.example.com',
      messageId: message.messageId,
      destination: [message.recipient],
      headersTruncated: false,
      tags: { 'ses:configuration-set': ['aftershock'], ...tags },
    },
    ...detail,
  };
}

/** An SNS-triggered Lambda event carrying the given SES events, as SNS delivers them. */
export function snsEventOf(events: object[]): SnsEvent {
  return {
    Records: events.map((event) => ({
      Sns: { MessageId: randomUUID(), Message: JSON.stringify(event) },
    })),
  };
}

/**
 * A local stand-in for "configuration set → SNS → ses-events function": it posts SES-event-shaped
 * SNS messages into the real handler. `publish` sends Send then Delivery for an accepted message,
 * as SES does for a message the receiving server took.
 */
export class LocalSesEventSource {
  public published = 0;

  public constructor(private readonly handler: (event: SnsEvent) => Promise<unknown>) {}

  /** Posts `types` (default Send and Delivery) for each message, one SNS record per event. */
  public async publish(
    messages: readonly AcceptedMessage[],
    types: readonly SesEventType[] = ['Send', 'Delivery'],
  ): Promise<void> {
    for (const message of messages) {
      await this.handler(snsEventOf(types.map((type) => sesEventJson(type, message))));
      this.published += types.length;
    }
  }
}

import { createHash } from 'node:crypto';

/** What SES allows in a message tag value: letters, digits, `_` and `-`, at most 256 characters. */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The SES message tags of one report message. The configuration set's events echo them back
 * (`mail.tags`), which is how an event finds the ledger entry of the message it is about.
 */
export interface MessageTags {
  report: string;
  subscriber: string;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The report's id as a tag value: the id itself when SES allows it (every id Aftershock makes
 * is a slug), else a hash of it, so two ids never share a tag. Idempotent.
 *
 * @example
 * reportTag('2026-03-12-btc-long-flush-2030'); // '2026-03-12-btc-long-flush-2030'
 * reportTag('digest 2026/03/12'); // 'r-' + 40 hex digits
 */
export function reportTag(reportId: string): string {
  return TAG_VALUE.test(reportId) ? reportId : `r-${sha256Hex(reportId).slice(0, 40)}`;
}

/**
 * A subscriber's tag value: a hash of the normalised address, never the address itself
 * (tags travel through CloudWatch and SNS). 128 bits, so two subscribers never collide.
 *
 * @example
 * subscriberTag('alice@example.com'); // 's-' + 32 hex digits
 */
export function subscriberTag(email: string): string {
  return `s-${sha256Hex(`aftershock-subscriber\u0000${email}`).slice(0, 32)}`;
}

/** Both tags of one report message to one subscriber. */
export function messageTags(reportId: string, email: string): MessageTags {
  return { report: reportTag(reportId), subscriber: subscriberTag(email) };
}

/**
 * Ledger key of one message, shared by the JSON and DynamoDB ledgers. The report part is its
 * tag, so an SES event (which carries tags, not ids) names the same key. For the slug ids
 * Aftershock makes this is `reportId#email`, as it always was.
 *
 * @example
 * ledgerKey('2026-11-25-btc', 'a@example.com'); // '2026-11-25-btc#a@example.com'
 */
export function ledgerKey(reportIdOrTag: string, email: string): string {
  return `${reportTag(reportIdOrTag)}#${email}`;
}

import * as z from 'zod';
import { subscriberTag } from './message-tags.ts';
import { normalizeEmail } from './normalize-email.ts';
import type { SendLedger } from './ports.ts';
import type { EventSettlement } from './send-ledger-rules.ts';

/**
 * Configuration-set events that mean SES accepted the message (a bounce or complaint too: it
 * went out). Any of them settles an `unknown` as `sent`.
 */
const ACCEPTED_EVENTS = new Set([
  'Send',
  'Delivery',
  'DeliveryDelay',
  'Bounce',
  'Complaint',
  'Open',
  'Click',
]);

/** The part of an SES event (configuration-set event publishing, through SNS) read here. */
const sesEventSchema = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({
    messageId: z.string().min(1),
    timestamp: z.string().optional(),
    destination: z.array(z.string()),
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  reject: z.object({ reason: z.string() }).optional(),
});
type SesEvent = z.infer<typeof sesEventSchema>;

/** What one event did to the ledger. */
export interface SettleResult {
  /** Entries it settled (an unknown or claimed message now `sent`, or `rejected`). */
  settled: number;
  /** Entries already final (sent, rejected): a repeated or later event. */
  final: number;
  /** Recipients with no ledger entry, or whose address does not match the subscriber tag. */
  unmatched: number;
  /** Why the whole event was ignored (not a report message, not an outcome). */
  ignored?: string;
}

function parse(snsMessage: string): SesEvent | null {
  try {
    const parsed = sesEventSchema.safeParse(JSON.parse(snsMessage));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function settlementOf(event: SesEvent, type: string, nowMs: number): EventSettlement | null {
  const atMs = Date.parse(event.mail.timestamp ?? '') || nowMs;
  if (ACCEPTED_EVENTS.has(type)) return { status: 'sent', messageId: event.mail.messageId, atMs };
  if (type === 'Reject') {
    const reason = `SES refused it after accepting the call (Reject: ${event.reject?.reason ?? 'no reason'})`;
    return { status: 'rejected', reason, atMs };
  }
  return null;
}

function storedForm(address: string): string | null {
  try {
    return normalizeEmail(address);
  } catch {
    return null;
  }
}

/**
 * Applies one SES event (the SNS `Message` text) to the send ledger: an event proving SES
 * accepted a report message (Send, Delivery, Bounce…) settles its entry as `sent`, a Reject
 * as `rejected`, found by the message tags `report` and `subscriber` (the recipient's address
 * must hash to the subscriber tag). Messages without those tags (confirmations, test sends)
 * and other event types are ignored, saying why.
 */
export async function settleSesEvent(
  ledger: SendLedger,
  snsMessage: string,
  nowMs: number,
): Promise<SettleResult> {
  const result: SettleResult = { settled: 0, final: 0, unmatched: 0 };
  const event = parse(snsMessage);
  if (event === null) return { ...result, ignored: 'not an SES event with a mail object' };
  const report = event.mail.tags?.report?.[0];
  const subscriber = event.mail.tags?.subscriber?.[0];
  if (report === undefined || subscriber === undefined) {
    return { ...result, ignored: 'a message without report and subscriber tags' };
  }
  const type = event.eventType ?? event.notificationType ?? 'unknown';
  const settlement = settlementOf(event, type, nowMs);
  if (settlement === null) return { ...result, ignored: `a ${type} event` };
  for (const address of event.mail.destination) {
    const email = storedForm(address);
    if (email === null || subscriberTag(email) !== subscriber) {
      result.unmatched += 1;
      continue;
    }
    const outcome = await ledger.settle(report, email, settlement);
    if (outcome === 'settled') result.settled += 1;
    else if (outcome === 'final') result.final += 1;
    else result.unmatched += 1;
  }
  return result;
}

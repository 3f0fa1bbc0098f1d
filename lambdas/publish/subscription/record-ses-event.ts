import * as z from 'zod';
import { maskEmail, normalizeEmail } from '../normalize-email.ts';
import type { SubscriberStore } from '../ports.ts';
import type { SubscriberStatus } from '../subscriber.ts';

const recipientsSchema = z.array(z.object({ emailAddress: z.string() }));

/**
 * An SES notification as SNS delivers it: identity notifications carry
 * `notificationType`, configuration-set event publishing carries `eventType`.
 */
const sesNotificationSchema = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipientsSchema }).optional(),
  complaint: z.object({ complainedRecipients: recipientsSchema }).optional(),
});

/** One status change {@link recordSesEvent} made (email masked, for logs). */
export interface SesEventChange {
  email: string;
  status: Extract<SubscriberStatus, 'bounced' | 'complained'>;
  /** False when no subscriber has this address (nothing to change). */
  found: boolean;
}

/** Result of one notification: what changed, or why it was ignored. */
export interface SesEventResult {
  changes: SesEventChange[];
  ignored?: string;
}

function recipientsToSuppress(
  event: z.infer<typeof sesNotificationSchema>,
): { status: SesEventChange['status']; addresses: string[] } | string {
  const type = event.eventType ?? event.notificationType ?? 'unknown';
  if (type === 'Bounce') {
    if (event.bounce === undefined) return 'a Bounce without bounce details';
    // Transient bounces (mailbox full, greylisting) clear up; only permanent ones suppress.
    if (event.bounce.bounceType !== 'Permanent') return `a ${event.bounce.bounceType} bounce`;
    return {
      status: 'bounced',
      addresses: event.bounce.bouncedRecipients.map((r) => r.emailAddress),
    };
  }
  if (type === 'Complaint') {
    if (event.complaint === undefined) return 'a Complaint without complaint details';
    const addresses = event.complaint.complainedRecipients.map((r) => r.emailAddress);
    return { status: 'complained', addresses };
  }
  return `a ${type} notification`;
}

function parseNotification(snsMessage: string): z.infer<typeof sesNotificationSchema> | null {
  try {
    const parsed = sesNotificationSchema.safeParse(JSON.parse(snsMessage));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The address as stored, or null when it cannot be a stored subscriber's. */
function storedForm(address: string): string | null {
  try {
    return normalizeEmail(address);
  } catch {
    return null;
  }
}

/**
 * Applies one SES notification (the SNS `Message` text): a permanent bounce marks
 * each bounced recipient `bounced`, a complaint marks `complained`; both are then
 * never listed for sending again. Transient bounces, deliveries and unreadable
 * messages change nothing and say why in `ignored`.
 */
export async function recordSesEvent(
  store: SubscriberStore,
  snsMessage: string,
  nowMs: number,
): Promise<SesEventResult> {
  const event = parseNotification(snsMessage);
  if (event === null) return { changes: [], ignored: 'not an SES notification' };
  const target = recipientsToSuppress(event);
  if (typeof target === 'string') return { changes: [], ignored: target };
  const atIso = new Date(nowMs).toISOString();
  const changes: SesEventChange[] = [];
  for (const address of target.addresses) {
    const email = storedForm(address);
    const updated = email === null ? null : await store.setStatus(email, target.status, atIso);
    changes.push({ email: maskEmail(address), status: target.status, found: updated !== null });
  }
  return { changes };
}

import MailComposer from 'nodemailer/lib/mail-composer';
import { HOUR_MS } from '../../shared/time.ts';
import { assertHeaderValue, type BuiltEmail } from '../build-report-email.ts';
import type { SiteView } from './site-view.ts';
import { CONFIRM_TOKEN_TTL_MS } from './subscription-policy.ts';
import type { ViewRenderer } from './view-renderer.ts';

/** Everything a confirmation email is built from. */
export interface ConfirmationEmailInput {
  to: string;
  from: string;
  /** `${site.baseUrl}/api/confirm?token=…`. */
  confirmUrl: string;
  site: SiteView;
  date: Date;
  /** Draws `confirm-email.text` and `confirm-email.html` (templates/subscription/). */
  renderer: ViewRenderer;
}

/**
 * Builds the double opt-in message (multipart text + HTML from
 * `templates/subscription/confirm-email.*.hbs`) with nodemailer's composer. It is a
 * transactional message to one address, so it has no `List-*` headers. Throws
 * HeaderInjectionError when a header value holds CR or LF.
 */
export async function buildConfirmationEmail(input: ConfirmationEmailInput): Promise<BuiltEmail> {
  assertHeaderValue('To', input.to);
  assertHeaderValue('From', input.from);
  const subject = `Confirm your subscription to ${input.site.title}`;
  assertHeaderValue('Subject', subject);
  const view = {
    site: input.site,
    email: input.to,
    confirmUrl: input.confirmUrl,
    expiresHours: Math.round(CONFIRM_TOKEN_TTL_MS / HOUR_MS),
  };
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    subject,
    date: input.date,
    text: input.renderer.render('confirm-email.text', view).trim(),
    html: input.renderer.render('confirm-email.html', view),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  const mail = composer.compile();
  const raw = await mail.build();
  return { raw, messageId: mail.messageId() };
}

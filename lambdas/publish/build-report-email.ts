import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AftershockError } from '../errors.ts';
import {
  PREFERENCES_URL_PLACEHOLDER,
  type RenderedReport,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../model/index.ts';
import { HeaderInjectionError } from './publish-errors.ts';

/** Everything one recipient's copy of a report email is built from. */
export interface ReportEmailInput {
  reportId: string;
  /** The rendered email, with {@link UNSUBSCRIBE_URL_PLACEHOLDER} in html and text. */
  email: RenderedReport['email'];
  to: string;
  /** e.g. `Aftershock <reports@aftershock.example.com>`. */
  from: string;
  /** This recipient's signed one-click unsubscribe URL (http or https). */
  unsubscribeUrl: string;
  /** This recipient's signed preferences-page URL, for {@link PREFERENCES_URL_PLACEHOLDER}. */
  preferencesUrl: string;
  /**
   * @deprecated Ignored: `List-Unsubscribe` carries only the one-click HTTPS link, because no
   * mailbox processes unsubscribe mail (README "Unsubscribing"). Kept optional until the
   * fan-out stops passing `mail.unsubscribeMailto`.
   */
  unsubscribeMailto?: string;
  /** List identifier, e.g. `aftershock-reports.aftershock.example.com`. */
  listId: string;
  date: Date;
}

/** A composed message, ready for a {@link Mailer}. */
export interface BuiltEmail {
  raw: Buffer;
  messageId: string;
}

/** Refuses CR/LF in a value bound for a header, which would inject headers of its own. */
export function assertHeaderValue(header: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new HeaderInjectionError(header);
}

function assertUnsubscribeUrl(url: string): void {
  assertHeaderValue('List-Unsubscribe', url);
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed === null || !/^https?:$/.test(parsed.protocol) || /[<>\s,]/.test(url)) {
    throw new AftershockError(`Unsubscribe URL "${url}" is not an http(s) URL usable in a header`);
  }
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Puts the recipient's links in one part. The unsubscribe link is required; the preferences
 * link is filled where the part has one (mail rendered before the page existed has none).
 */
function withRecipientLinks(
  body: string,
  links: { unsubscribeUrl: string; preferencesUrl: string },
  part: string,
): string {
  if (!body.includes(UNSUBSCRIBE_URL_PLACEHOLDER)) {
    throw new AftershockError(`The rendered email ${part} has no unsubscribe link placeholder`);
  }
  return body
    .replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, links.unsubscribeUrl)
    .replaceAll(PREFERENCES_URL_PLACEHOLDER, links.preferencesUrl);
}

/** Domain of the From address, for Message-IDs. */
function domainOf(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'aftershock.invalid';
}

/**
 * A Message-ID for one report and recipient. It names the message locally (the outbox `.eml`
 * and its returned id); SES replaces it with one of its own on every send (AWS SES "header
 * fields"), so it cannot make a re-sent copy recognisable. The send ledger prevents copies.
 */
export function reportMessageId(reportId: string, to: string, from: string): string {
  const recipientHash = createHash('sha256').update(to).digest('hex').slice(0, 16);
  const safeId = reportId.replace(/[^A-Za-z0-9._-]/g, '-');
  return `<${safeId}.${recipientHash}@${domainOf(from)}>`;
}

function assertHeaderInputs(input: ReportEmailInput): void {
  assertHeaderValue('To', input.to);
  assertHeaderValue('From', input.from);
  assertHeaderValue('Subject', input.email.subject);
  assertHeaderValue('List-Id', input.listId);
  assertHeaderValue('X-Aftershock-Report', input.reportId);
  assertUnsubscribeUrl(input.unsubscribeUrl);
}

/**
 * Builds one recipient's raw MIME message (multipart/alternative text + HTML)
 * with nodemailer's composer: RFC 8058 one-click `List-Unsubscribe` (the https link only:
 * a mailto would be a promise nothing keeps), `List-Id`, a `Message-ID` (see {@link reportMessageId}) and
 * `X-Aftershock-Report`; the
 * unsubscribe and preferences placeholders in html and text become the recipient's own URLs.
 * Throws {@link HeaderInjectionError} when a header value holds CR or LF.
 */
export async function buildReportEmail(input: ReportEmailInput): Promise<BuiltEmail> {
  assertHeaderInputs(input);
  const messageId = reportMessageId(input.reportId, input.to, input.from);
  const listId = input.listId.includes('<') ? input.listId : `<${input.listId}>`;
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    subject: input.email.subject,
    messageId,
    date: input.date,
    text: withRecipientLinks(input.email.text, input, 'text'),
    html: withRecipientLinks(
      input.email.html,
      {
        unsubscribeUrl: escapeHtml(input.unsubscribeUrl),
        preferencesUrl: escapeHtml(input.preferencesUrl),
      },
      'html',
    ),
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': listId,
      'X-Aftershock-Report': input.reportId,
    },
  });
  const raw = await composer.compile().build();
  return { raw, messageId };
}

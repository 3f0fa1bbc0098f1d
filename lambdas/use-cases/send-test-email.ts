import type { Config } from '../config.ts';
import type { RenderedReport, ReportMeta } from '../model/index.ts';
import {
  buildReportEmail,
  type Mailer,
  maskEmail,
  normalizeEmail,
  preferencesUrlFor,
  unsubscribeUrlFor,
} from '../publish/index.ts';

/** Outcome for one test recipient; the address is masked, as in every log line. */
export interface TestSendResult {
  email: string;
  status: 'sent' | 'failed';
  messageId?: string;
  reason?: string;
}

/**
 * Mails a published report to the given addresses only — an editor's test send. It
 * bypasses the subscriber list and the send ledger (a test may be repeated), marks the
 * subject "[Test]", and validates every address before sending any, so a typo sends nothing.
 */
export async function sendTestEmail(input: {
  meta: ReportMeta;
  email: RenderedReport['email'];
  to: string[];
  mailer: Mailer;
  tokenSecret: string;
  config: Pick<Config, 'site' | 'mail'>;
  nowMs: number;
}): Promise<TestSendResult[]> {
  const recipients = [...new Set(input.to.map(normalizeEmail))];
  const email = { ...input.email, subject: `[Test] ${input.email.subject}` };
  const results: TestSendResult[] = [];
  for (const to of recipients) {
    try {
      const built = await buildReportEmail({
        reportId: input.meta.id,
        email,
        to,
        from: input.config.mail.from,
        unsubscribeUrl: unsubscribeUrlFor(to, {
          siteBaseUrl: input.config.site.baseUrl,
          tokenSecret: input.tokenSecret,
          nowMs: input.nowMs,
        }),
        preferencesUrl: preferencesUrlFor(to, {
          siteBaseUrl: input.config.site.baseUrl,
          tokenSecret: input.tokenSecret,
        }),
        unsubscribeMailto: input.config.mail.unsubscribeMailto,
        listId: input.config.mail.listId,
        date: new Date(input.nowMs),
      });
      const { messageId } = await input.mailer.send({
        to,
        raw: built.raw,
        reportId: `test-${input.meta.id}`,
      });
      results.push({ email: maskEmail(to), status: 'sent', messageId });
    } catch (error) {
      const reason =
        error instanceof Error ? error.message.replaceAll(to, maskEmail(to)) : String(error);
      results.push({ email: maskEmail(to), status: 'failed', reason });
    }
  }
  return results;
}

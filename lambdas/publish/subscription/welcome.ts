import MailComposer from 'nodemailer/lib/mail-composer';
import { AftershockError } from '../../errors.ts';
import { isMarketAsset } from '../../model/subscribable-assets.ts';
import { listText } from '../../shared/list-text.ts';
import { assertHeaderValue } from '../build-report-email.ts';
import { maskEmail } from '../normalize-email.ts';
import { preferencesUrlFor, unsubscribeUrlFor } from '../send-report-to-subscribers.ts';
import type { Subscriber } from '../subscriber.ts';
import type { WelcomeJob } from './confirmation-job.ts';
import { siteView } from './site-view.ts';
import type { SubscribeContext } from './subscribe.ts';

/** The pseudo report id welcome mail goes out under (outbox names, SES tags). */
export const WELCOME_MESSAGE_ID = 'subscription-welcome';

/** What the welcome mailer needs: the sign-up context without its counters. */
export type WelcomeContext = Pick<
  SubscribeContext,
  'store' | 'mailer' | 'tokenSecret' | 'site' | 'from' | 'renderer' | 'log'
> & {
  /** `reporting.followUpMail`: the mail promises the follow-ups the reporter will send. */
  followUpMail: 'when-changed' | 'always' | 'off';
};

/**
 * `welcomed`: sent now. The others send nothing: `already-welcomed` (a repeated job, or a
 * second confirmation click), `not-active` (unsubscribed or suppressed since), `not-found`.
 */
export type WelcomeOutcome = 'welcomed' | 'already-welcomed' | 'not-active' | 'not-found';

/** The record changed under the welcome claim twice in a row: the job is tried again. */
export class WelcomeClaimConflictError extends AftershockError {
  public constructor(email: string) {
    super(`The subscriber record of ${maskEmail(email)} kept changing; the welcome is retried.`);
    this.name = 'WelcomeClaimConflictError';
  }
}

/**
 * What a subscriber follows, in words: "the whole market, BTC and ETH", or every asset for an
 * empty list (the original "everything").
 * @example followedText(['MARKET', 'BTC']) // "the whole market and BTC"
 * @example followedText([]) // "every asset we cover"
 */
export function followedText(assets: readonly string[]): string {
  if (assets.length === 0) return 'every asset we cover';
  return listText(assets.map((a) => (isMarketAsset(a) ? 'the whole market' : a)));
}

/**
 * Marks the subscription welcomed with a conditional write, so a job delivered twice, or two
 * confirmations at once, mail it once. Null when it needs no welcome (see {@link WelcomeOutcome}).
 */
async function claimWelcome(
  context: WelcomeContext,
  email: string,
  nowIso: string,
): Promise<Subscriber | Exclude<WelcomeOutcome, 'welcomed'>> {
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const current = await context.store.get(email);
    if (current === null) return 'not-found';
    if (current.status !== 'active') return 'not-active';
    if (current.welcomedAt !== undefined) return 'already-welcomed';
    const claimed = { ...current, welcomedAt: nowIso, updatedAt: nowIso };
    if (await context.store.replaceIfUnchanged(claimed, current.updatedAt)) return claimed;
  }
  throw new WelcomeClaimConflictError(email);
}

/**
 * Mails a newly confirmed subscriber once: what they follow, what they will get, and their
 * own unsubscribe link. The claim is written before the send, and a send that fails after it
 * is not repeated (DESIGN §7: an answer that may have been accepted is never re-sent
 * blindly); the welcome is a courtesy, the subscription stands either way.
 */
export async function sendWelcome(
  context: WelcomeContext,
  job: WelcomeJob,
  nowMs: number,
): Promise<{ outcome: WelcomeOutcome; email: string }> {
  const claimed = await claimWelcome(context, job.email, new Date(nowMs).toISOString());
  if (typeof claimed === 'string') {
    context.log?.(`welcome of ${maskEmail(job.email)}: ${claimed}, no mail sent`);
    return { outcome: claimed, email: job.email };
  }
  const site = siteView(context.site);
  const subject = `Welcome to ${site.title}`;
  assertHeaderValue('To', claimed.email);
  assertHeaderValue('From', context.from);
  assertHeaderValue('Subject', subject);
  const view = {
    site,
    email: claimed.email,
    assetsText: followedText(claimed.assets),
    followUps:
      context.followUpMail === 'off'
        ? null
        : { onlyWhenChanged: context.followUpMail === 'when-changed' },
    unsubscribeUrl: unsubscribeUrlFor(claimed.email, {
      siteBaseUrl: site.baseUrl,
      tokenSecret: context.tokenSecret,
      nowMs,
    }),
    preferencesUrl: preferencesUrlFor(claimed.email, {
      siteBaseUrl: site.baseUrl,
      tokenSecret: context.tokenSecret,
    }),
  };
  const composer = new MailComposer({
    from: context.from,
    to: claimed.email,
    subject,
    date: new Date(nowMs),
    text: context.renderer.render('welcome-email.text', view).trim(),
    html: context.renderer.render('welcome-email.html', view),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  const raw = await composer.compile().build();
  await context.mailer.send({ to: claimed.email, raw, reportId: WELCOME_MESSAGE_ID });
  context.log?.(`welcome of ${maskEmail(claimed.email)}: welcomed`);
  return { outcome: 'welcomed', email: claimed.email };
}

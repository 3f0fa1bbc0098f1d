import * as z from 'zod';
import type { ReportKind } from '../model/report.ts';

/** Lifecycle of a subscription; `bounced` and `complained` are never mailed again. */
export const subscriberStatusSchema = z.enum([
  'pending',
  'active',
  'unsubscribed',
  'bounced',
  'complained',
]);
/** Lifecycle of a subscription (see {@link subscriberStatusSchema}). */
export type SubscriberStatus = z.infer<typeof subscriberStatusSchema>;

/** Proof of consent kept with each subscriber: when, through which form, from which IP. */
export const consentSchema = z.object({
  at: z.iso.datetime(),
  form: z.string().min(1),
  ip: z.string().min(1).optional(),
});

/**
 * The mail a subscriber can choose to get: flash reports (an editor's ad-hoc report counts as
 * one), follow-ups of a story, and the daily digest.
 */
export const mailKindSchema = z.enum(['flash', 'follow-up', 'digest']);
/** One kind of mail a subscriber can choose (see {@link mailKindSchema}). */
export type MailKind = z.infer<typeof mailKindSchema>;
/** Every kind, in the order the preferences page lists them. */
export const MAIL_KINDS: readonly MailKind[] = mailKindSchema.options;

/** A subscriber's choices: the assets they follow (empty = all) and the mail they get. */
export interface SubscriberPreferences {
  assets: string[];
  wants: MailKind[];
}

/**
 * One subscriber as every SubscriberStore keeps it. `email` is normalised
 * (trimmed, lower-case); `assets` empty means every asset.
 */
export const subscriberSchema = z.object({
  email: z
    .email()
    .max(254)
    .refine((email) => email === email.toLowerCase(), 'must be normalised to lower case'),
  status: subscriberStatusSchema,
  assets: z.array(z.string().min(1)),
  /**
   * What the subscriber chose to get on the preferences page (at least one); absent means
   * everything, as for every subscription made before the page existed.
   */
  wants: z.array(mailKindSchema).min(1).optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  confirmedAt: z.iso.datetime().optional(),
  consent: consentSchema,
  /** A `pending` sign-up not confirmed by then is treated as never made (stores have no TTL locally). */
  expiresAt: z.iso.datetime().optional(),
  /** When the last confirmation mail went out. */
  confirmationSentAt: z.iso.datetime().optional(),
  /** When the welcome mail of this subscription was sent (set once, before sending it). */
  welcomedAt: z.iso.datetime().optional(),
  /**
   * Random id of the current pending sign-up, carried inside its confirmation token: a token
   * confirms only the sign-up it was mailed for, never a later one of the same address.
   */
  confirmationNonce: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional(),
});
/** One subscriber (see {@link subscriberSchema}). */
export type Subscriber = z.infer<typeof subscriberSchema>;

/**
 * True when a subscriber wants a report about any of `reportAssets`
 * (an empty subscriber asset list means "all assets").
 *
 * @example
 * subscriberWantsAssets({ assets: ['ETH'] }, ['BTC']); // false
 * subscriberWantsAssets({ assets: [] }, ['BTC']); // true
 */
export function subscriberWantsAssets(
  subscriber: Pick<Subscriber, 'assets'>,
  reportAssets: readonly string[],
): boolean {
  if (subscriber.assets.length === 0) return true;
  const wanted = new Set(subscriber.assets.map((asset) => asset.toUpperCase()));
  return reportAssets.some((asset) => wanted.has(asset.toUpperCase()));
}

/**
 * The mail kind a report is sent as: an ad-hoc report is a flash report an editor asked for.
 *
 * @example
 * mailKindOf('ad-hoc'); // 'flash'
 */
export function mailKindOf(kind: ReportKind): MailKind {
  return kind === 'ad-hoc' ? 'flash' : kind;
}

/**
 * Whose followers a report is mailed to: its `mailAssets` where it names them, else its
 * `assets`.
 * @example mailedAssets({ assets: ['Market', 'BTC'], mailAssets: ['Market'] }) // ['Market']
 */
export function mailedAssets(report: {
  assets: readonly string[];
  mailAssets?: readonly string[];
}): readonly string[] {
  return report.mailAssets ?? report.assets;
}

/**
 * True when a subscriber wants this report: it is mailed to the followers of an asset they
 * follow ({@link mailedAssets}) and of a kind they chose (no choice recorded = every kind).
 *
 * @example
 * subscriberWantsReport({ assets: [], wants: ['digest'] }, { assets: ['BTC'], kind: 'flash' }); // false
 * subscriberWantsReport({ assets: ['BTC'] }, { assets: ['BTC'], kind: 'follow-up' }); // true
 * subscriberWantsReport({ assets: ['BTC'] }, { assets: ['Market', 'BTC'], mailAssets: ['Market'], kind: 'follow-up' }); // false
 */
export function subscriberWantsReport(
  subscriber: Pick<Subscriber, 'assets' | 'wants'>,
  report: { assets: readonly string[]; mailAssets?: readonly string[]; kind: ReportKind },
): boolean {
  if (!subscriberWantsAssets(subscriber, mailedAssets(report))) return false;
  return subscriber.wants === undefined || subscriber.wants.includes(mailKindOf(report.kind));
}

/** The subscriber's choices as the preferences page shows them (absent `wants` = every kind). */
export function preferencesOf(
  subscriber: Pick<Subscriber, 'assets' | 'wants'>,
): SubscriberPreferences {
  return { assets: [...subscriber.assets], wants: [...(subscriber.wants ?? MAIL_KINDS)] };
}

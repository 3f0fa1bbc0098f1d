import * as z from 'zod';

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

import * as z from 'zod';
import { firstIssue } from '../lambdas/shared/zod-issues.ts';

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const hostname = z.string().regex(hostnamePattern, 'a lower-case DNS name such as example.com');
const RATE_PATTERN = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON_PATTERN = /^cron\(\S+( \S+){5}\)$/;

/** An EventBridge Scheduler recurring expression: `rate(…)` or a six-field `cron(…)`. */
export const scheduleExpressionSchema = z
  .string()
  .refine(
    (value) => RATE_PATTERN.test(value) || CRON_PATTERN.test(value),
    'a schedule such as rate(5 minutes) or cron(1/5 * * * ? *) (six cron fields)',
  );

/**
 * Deployment settings of the stack (from `cdk.json` context or the CLI's `-c`),
 * validated at synth so a bad value fails before CloudFormation sees it.
 */
export const stackSettingsSchema = z
  .strictObject({
    /** Verified SES domain identity (with DKIM) the reports are sent from. */
    sesDomain: hostname,
    /** Sender address; must belong to `sesDomain`. */
    senderAddress: z.email('an email address such as reports@example.com'),
    senderName: z.string().min(1).max(64).default('Aftershock'),
    /** Messages per second SES allows this account (SES console → Account dashboard); SES never allows less than 1. */
    sesMaxSendRatePerSecond: z.number().min(1).max(10_000).default(14),
    /** Custom domain of the blog; confirm/unsubscribe links are built on it. */
    siteDomainName: hostname,
    /** ACM certificate in us-east-1 for `siteDomainName`; without it the stack cannot serve the domain. */
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
        'an ACM certificate ARN in us-east-1 (CloudFront only reads certificates there)',
      ),
    siteTitle: z.string().min(1).default('Aftershock'),
    /** The sender's postal address for email footers (bulk-mail laws such as CAN-SPAM ask for one). */
    postalAddress: z.string().min(5).max(200).optional(),
    assets: z
      .array(z.string().regex(/^[A-Z0-9]{2,10}$/))
      .min(1)
      .default(['BTC', 'ETH', 'SOL']),
    collectSchedule: scheduleExpressionSchema.default('rate(5 minutes)'),
    /** One minute after each collection tick (see README "Deploying to AWS"). */
    detectSchedule: scheduleExpressionSchema.default('cron(1/5 * * * ? *)'),
    followUpSchedule: scheduleExpressionSchema.default('cron(3/15 * * * ? *)'),
    digestSchedule: scheduleExpressionSchema.default('cron(0 7 * * ? *)'),
    /** IANA time zone the cron schedules are read in. */
    scheduleTimeZone: z.string().min(1).default('UTC'),
    /** Optional address subscribed to the alarm topic at deploy time. */
    alarmEmail: z.email().optional(),
    /**
     * Concurrency reserved for each public function (subscribe, confirm, unsubscribe): it caps
     * what a flood can run. The account must keep 100 unreserved (README "Prerequisites").
     */
    publicFunctionConcurrency: z.number().int().min(1).max(100).default(5),
    /** Confirmation mails one mailbox gets per UTC day at most. */
    confirmationsPerMailboxPerDay: z.number().int().min(1).max(20).default(3),
    /** Sign-ups one client network (IPv4 address, IPv6 /64) may send per hour. */
    signupsPerIpPerHour: z.number().int().min(1).max(10_000).default(20),
  })
  .superRefine((settings, ctx) => {
    const senderDomain = settings.senderAddress.split('@')[1] ?? '';
    const withinDomain =
      senderDomain === settings.sesDomain || senderDomain.endsWith(`.${settings.sesDomain}`);
    if (!withinDomain) {
      ctx.addIssue({
        code: 'custom',
        path: ['senderAddress'],
        message: `must be an address of the SES domain ${settings.sesDomain}`,
      });
    }
  });

/** Raw settings as written in `cdk.json` (defaults not yet applied). */
export type StackSettingsInput = z.input<typeof stackSettingsSchema>;
/** Validated settings with defaults applied. */
export type StackSettings = z.output<typeof stackSettingsSchema>;

/** A stack setting that is missing or invalid; the message names the prop. */
export class StackSettingsError extends Error {
  public constructor(
    public readonly prop: string,
    detail: string,
  ) {
    super(`Invalid stack prop "${prop}": ${detail}`);
    this.name = 'StackSettingsError';
  }
}

/**
 * Validates stack settings; throws {@link StackSettingsError} naming the first bad prop.
 *
 * @example
 * parseStackSettings({ sesDomain: 'example.com', senderAddress: 'r@example.com', … }).collectSchedule
 * // 'rate(5 minutes)'
 */
export function parseStackSettings(raw: unknown): StackSettings {
  const result = stackSettingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const { where: prop, issue } = firstIssue(result.error);
  const given = issue?.path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined,
    raw,
  );
  const detail =
    issue?.code === 'invalid_type' && given === undefined
      ? 'is required'
      : (issue?.message ?? 'invalid value');
  throw new StackSettingsError(prop, detail);
}

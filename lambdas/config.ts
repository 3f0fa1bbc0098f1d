import * as z from 'zod';

const fraction = z.number().min(0).max(1);
const positive = z.number().positive();
const assetSchema = z.string().regex(/^[A-Z0-9]{2,10}$/, 'an upper-case asset ticker such as BTC');

/** Flush-detector thresholds (DESIGN.md §5); every default is a starting point calibrated on ../shared/data. */
export const detectorConfigSchema = z.strictObject({
  windowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  // Calibrated on ../shared/data (README "Replaying history"): 30 days of hourly windows (720), leaving out
  // windows of flushes already found, so a crash does not raise the bar for the month after it. 14 or 60 days
  // shift three CoinGlass events and turn one into a spike (σ of 60-minute returns spans the baseline too).
  baselineDays: z.number().min(1).max(90).default(30),
  /** Minimum history before the window for a baseline; less → no detection. */
  // 24 h is the least that gives σ of 60-minute returns (the displacement test) 24 samples at any bar size;
  // the Binance crash days in ../shared/data only qualify when a neighbouring day is loaded too, and replay
  // says so (2024-08-05 at 30 minutes stands alone: the day before exists only as hourly klines).
  minBaselineHours: z.number().min(1).default(24),
  // With flushes already found left out of the baseline, any hour reaching 0.5 % of OI clears the 99th
  // percentile of the rest: on the CoinGlass file 0.98 and 0.995 find the same 25 flushes (20 of its 21 hours
  // ≥ $45M; the 21st is a spike). It still decides on thin baselines and on 5-minute bars.
  liqPercentile: z.number().min(0.5).max(1).default(0.99),
  // Hourly log-liquidations are wide (calm hours ~$0.5M, busy ones ~$10M), so real flushes score z ≈ 2.3–2.9
  // there; z ≥ 3 only decides on thin baselines (estimated liquidations, 5-minute bars). 2 or 2.5 find the same
  // 25 CoinGlass flushes now that the baseline leaves flushes out.
  liqZScore: positive.default(3),
  // The strongest filter on real data: at 0.6 % seven events drop out, the 2026-04-07 ($86M over 4 h) and 04-13
  // ($49M) short squeezes among them; at 0.4 % ten $24–48M events join. 0.5 % ≈ $30–45M of BTC's $6–9B OI.
  minLiqToOi: fraction.default(0.005),
  minDominance: z.number().min(0.5).max(1).default(0.65),
  // 3σ of 60-minute returns over the baseline, measured to the window's extreme (wicks count); 3.5 turns the
  // 2026-04-17 $132M short squeeze into a spike, 2.5 finds nothing more (the 06-02 spike is 2.3σ).
  minDisplacementSigma: positive.default(3),
  // Real flushes in the CoinGlass file drop aggregate OI by up to 7.1 % (6 of 25 not at all); Binance-only
  // 2025-10-10 dropped 25.6 %, 2024-08-05 8.7 %. 3 % / 10 % keep "confirmed" and "deep reset" for the days that earned them.
  oiConfirmedDropPct: fraction.default(0.03),
  oiDeepResetDropPct: fraction.default(0.1),
  startPercentile: z.number().min(0.5).max(1).default(0.95),
  endPercentile: z.number().min(0.5).max(1).default(0.9),
  // At least this much quiet (no new extreme, mean rate under the end threshold) ends an event: six bars at
  // 5 minutes, one at 30, a whole hour on hourly bars.
  quietMinutes: z.number().int().positive().default(30),
  mergeMinutes: z.number().int().nonnegative().default(60),
  undercountRatio: fraction.default(0.2),
  // Tiers by L/OI over 24h: on real data 2025-10-10 (24 %), 2024-08-05 (8 %) and 2026-02-05 (7.8 %) are
  // extreme; the $100–200M days of Jan/Apr 2026 are major; single $37–90M hours minor (2026-02-07's $32M is
  // major: the 24 h before it liquidated $148M, 2.5 % of OI).
  tiers: z
    .strictObject({
      minor: fraction.default(0.005),
      major: fraction.default(0.02),
      extreme: fraction.default(0.05),
    })
    .refine((tiers) => tiers.minor < tiers.major && tiers.major < tiers.extreme, {
      message: 'tiers must rise: minor < major < extreme',
    })
    .prefault({}),
});

/**
 * Aftermath-reading thresholds (DESIGN.md §5 v2). Levels and windows are in time, not bars, so
 * 5-minute and hourly series read alike. Calibrated on ../shared/data against the labelled
 * reading of audits/truth-2026-11-30.md §1 (README "How well the aftermath is read").
 */
export const regimeConfigSchema = z.strictObject({
  /** K is the low (high) of this many hours before the flush, when the flush broke it; the detector's `brokenLevel` is the same level. */
  // A day's range is where stops cluster; it is the level the labelled reading uses, and it is the
  // same on 5-minute and hourly bars (fractal pivots counted in bars were not).
  referenceLookbackHours: positive.max(24 * 7).default(24),
  /** Hours before the flush left out of that range (a low set then is the slide into it). */
  // DESIGN's confirmed pivot suggests 2 h; on the labelled set 2 h agrees at 18 of 20 at 72h and 0 h
  // at 19 (05-28: the 24-hour low, set in the hour before, was reclaimed at R 0.93). Reports call the
  // level what it is, "the 24-hour low before the flush", not a confirmed swing.
  referenceConfirmHours: z.number().nonnegative().max(12).default(0),
  /** Closes must hold beyond K by this many hourly ATRs to count as holding it. */
  // DESIGN started at 0.25; the hour of closes already filters wicks, and 0.25 left the 05-23
  // squeeze and the 05-28 flush "not yet holding" at 72h hours after price was back (19 → 18 of 20).
  reclaimAtrMultiple: z.number().nonnegative().max(5).default(0),
  /** How long every close must stay beyond the reclaim line (two hourly closes on hourly bars). */
  // 120 reads the same at 24h and one fewer at 72h; 30 on hourly bars is one close, i.e. a wick.
  holdMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** A low (high) beyond the flush extreme by this many ATRs is a new extreme. */
  newExtremeAtrMultiple: z.number().nonnegative().max(5).default(0.25),
  /** A new extreme this recent keeps a grind going; older ones no longer do. */
  recentExtremeHours: positive.max(72).default(12),
  /** Below this retrace of the flush leg, a market that is not holding K is grinding. */
  // DESIGN started at 0.25, which read 01-18 (R 0.23, four ATRs off the low) and 01-31 (R 0.25) as
  // grinds the labelled reading calls stabilizing; 0.2 still keeps 03-23 (R 0.12) a grind.
  grindMaxRetrace: fraction.default(0.2),
  /** A recent new extreme keeps a grind going only while the retrace stays under this. */
  // The 05-23 squeeze made a new high, then fell back past where it began: not a grind. 0.4–0.6 agree.
  newExtremeMaxRetrace: fraction.default(0.5),
  /** A reclaim that was lost with price back under this retrace is a failed reclaim. */
  failedReclaimMaxRetrace: fraction.default(0.5),
  /** Trapped readings need at least this retrace. */
  trappedMinRetrace: fraction.default(0.5),
  /** OI rebuilt: at least this share of its drop back (or OI back at its pre-flush level). */
  rebuildRatio: fraction.default(0.5),
  /** Funding is judged against the asset's own median of this many days before the flush. */
  // A fixed 0.01 %/8h was a constant on real data: BTC funding never reached it in 2026.
  fundingBaselineDays: positive.max(90).default(30),
  /** "Near its median": within this many robust σ (1.4826 · MAD). */
  // BTC funding moves about 0.003 %/8h around its median in calm weeks: one σ is "near".
  fundingNearSigma: positive.default(1),
  spotPerpRatioSupport: positive.default(1.2),
  /** Stabilizing supports: OI within this band of its level at the flush's end. */
  // A support, not a must-hold: aggregate OI kept falling 3–9 % while price steadied (01-31).
  stableOiBandFrac: fraction.default(0.03),
  stableVolatilityRatio: positive.default(0.6),
  // Under 40 % of OI reporting the market is not read; under 60 % a reading is low confidence (the
  // venue-missing scenario loses Binance's 45 %).
  minCoverage: fraction.default(0.4),
  lowConfidenceCoverage: fraction.default(0.6),
});

/**
 * The scheduled reporter (detect, flash, follow-ups, digest). Its detector reads the same
 * `detector.baselineDays` (30 days) replay was calibrated with, from day rollups (about 31 small
 * objects a run; see lambdas/use-cases/roll-up-snapshots.ts), so it has no baseline of its own.
 */
export const reportingConfigSchema = z.strictObject({
  /**
   * Bar size the scheduled detector reads (rollups keep 5 minutes and 1 hour). 5 reports a
   * flush within minutes of its end; 60 is for hourly history (a simulation from CSV files).
   */
  barMinutes: z.union([z.literal(5), z.literal(60)]).default(5),
  /** After a flash, no other flash for the same asset within this many hours. */
  cooldownHours: z.number().min(0).max(168).default(6),
  /** A flush that ended longer ago than this is never flashed (first deploy, outages). */
  maxFlashAgeHours: positive.default(2),
  /** Follow-up reports, by checkpoint after the flush end. */
  followUpCheckpoints: z.array(z.enum(['1h', '4h', '24h', '72h'])).default(['4h', '24h', '72h']),
  /** Wait after a checkpoint so the snapshot holding its last bar is stored. */
  followUpGraceMinutes: z.number().min(0).max(120).default(10),
  /** A follow-up this late is skipped rather than published (it would read as stale). */
  followUpMaxLateHours: positive.default(6),
  /**
   * Which follow-ups of a mailed flash are mailed: `when-changed` only those whose reading
   * differs from the one before (the story page is updated either way), `always` every one,
   * `off` none.
   */
  followUpMail: z.enum(['when-changed', 'always', 'off']).default('when-changed'),
  /** A claim older than this belongs to a run that died and may be taken over. */
  staleClaimMinutes: positive.default(10),
});

/**
 * The venues the collector can read (ccxt exchange ids). A venue outside this list is a config
 * error at start-up rather than a venue that fails at every tick.
 */
export const VENUE_IDS = ['binanceusdm', 'bybit', 'okx', 'gate', 'hyperliquid'] as const;

/** A venue to collect from, with optional ccxt constructor options (URL overrides, proxies, timeouts). */
export const venueConfigSchema = z.strictObject({
  id: z.enum(VENUE_IDS),
  ccxtOptions: z.record(z.string(), z.unknown()).default({}),
  /** Replaces scheme and host of every REST and websocket URL of the venue (proxy, regional host, emulator). */
  apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Per-request timeout for this venue. */
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  /** Perp symbol per asset (ccxt unified) instead of `<ASSET>/USDT:USDT` (Hyperliquid: `/USDC:USDC`). */
  symbols: z
    .record(
      assetSchema,
      z
        .string()
        .regex(
          /^[A-Za-z0-9-]+\/[A-Za-z0-9-]+:[A-Za-z0-9-]+$/,
          'a ccxt perp symbol such as BTC/USDC:USDC',
        ),
    )
    .optional(),
});

/**
 * What the collector listens to beyond the configured assets (DESIGN.md §4 "The whole market").
 * The assets keep their full instruments (OI, funding, prices, bars); the market beyond them is
 * read for its liquidations only.
 */
export const collectionConfigSchema = z.strictObject({
  // The all-market feeds cost one subscription each (Binance `!forceOrder@arr`, OKX
  // `liquidation-orders`) and Gate one range read: on by default, since the market total is the
  // report's headline. Off: the assets' liquidations only.
  wholeMarket: z.boolean().default(true),
  // Bybit's `allLiquidation` topic is per symbol, ranked here by open interest from one bulk
  // tickers call; ccxt subscribes each on the one public socket. Liquidations follow open
  // interest, so the largest 30 carry most of them; the report names the scope it listened to.
  topN: z.number().int().min(1).max(200).default(30),
});

/**
 * How the sender treats SES answers and claims (README "Delivery semantics"). Each default
 * carries its reason; the state machine these settings steer is in
 * lambdas/publish/send-ledger-rules.ts.
 */
export const deliveryConfigSchema = z.strictObject({
  // SES answers SendRawEmail in about 50–300 ms inside its region; 10 s leaves room for a slow moment
  // while a hung call becomes `unknown` long before the 15-minute send function is stopped.
  sesRequestTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  // TCP + TLS to the regional endpoint takes well under 100 ms; 3 s tells a dead network from a slow
  // one. A connection that never opened sent nothing, so that send is simply retried by a later run.
  sesConnectionTimeoutMs: z.number().int().min(50).max(30_000).default(3_000),
  // SES publishes a Send event seconds after it accepts a message, and SNS keeps retrying the events
  // function for minutes; 30 min leaves both room before an `unknown` with no event is sent once more.
  // 0 means "at the next run" (tests and the chaos command only).
  unknownGraceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(1_800),
  // One permanent reject can be a passing state of the receiving side; three reports rejected is an
  // address that takes no mail, and mailing it on only hurts the account's reputation.
  rejectsBeforeSuppression: z.number().int().min(1).max(100).default(3),
  // listmonk pauses a campaign at its error threshold. Ten failures in a row, out of thousands of
  // sends, is an outage or a bug rather than ten bad addresses: the run stops and SQS retries later.
  maxConsecutiveFailures: z.number().int().min(1).max(10_000).default(10),
  // Locally there is no Lambda deadline to end a claim: one older than this belongs to a `generate`
  // that died. Filing one .eml takes milliseconds; 2 minutes also covers a slow disk or a paused laptop.
  localLeaseSeconds: z.number().int().min(1).max(86_400).default(120),
});

/** Loopback hosts, where a plain-http site URL is fine (the local preview). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An absolute https URL, or http on a loopback host: links in emails must not be downgradable. */
const siteUrl = z
  .url({
    protocol: /^https?$/,
    error: 'an absolute http(s) URL such as https://blog.example.com',
  })
  .refine((value) => {
    // zod runs this even after the URL check failed; that failure is already reported.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
  }, 'must be https (plain http only for localhost): every link in every email is built on it');

/** One line: the value goes into a mail header, where CR or LF would start a header of its own. */
const headerText = z
  .string()
  .regex(/^[^\r\n]*$/, 'must be one line (no CR or LF): it goes into a mail header');

const addressSyntax = z.email();

/**
 * True for `addr@domain` or `Display Name <addr@domain>` (the name optionally quoted, without
 * angle brackets), the forms a From header takes.
 *
 * @example
 * isMailbox('Aftershock <reports@example.com>'); // true
 * isMailbox('nobody'); // false
 */
export function isMailbox(value: string): boolean {
  const named = /^\s*(?:"[^"]*"|[^"<>]*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  const address = named?.[1] ?? value.trim();
  return addressSyntax.safeParse(address).success;
}

/** A List-Id (RFC 2919): a dot-atom with at least one dot, optionally as `phrase <id>`. */
const LIST_ID_PATTERN =
  /^(?:[^<>]*<)?[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+>?$/;

/** Where the blog lives and what it is called. */
export const siteConfigSchema = z.strictObject({
  baseUrl: siteUrl.default('https://aftershock.example.com'),
  title: headerText.min(1).default('Aftershock'),
  tagline: z.string().default('What the liquidation flush did, and what the market is doing now'),
  /** Where the subscribe form posts; empty means the local preview server. */
  subscribeUrl: z.string().default('/api/subscribe'),
  /**
   * The sender's postal address, printed in every email's footer (CAN-SPAM and similar
   * laws ask bulk mail to carry one). Unset: no address line.
   */
  postalAddress: z
    .string()
    .trim()
    .min(5, 'a postal address such as "1 Example Street, 10115 Berlin, Germany"')
    .max(200)
    .regex(/^[^\r\n]*$/, 'must be one line (no CR or LF)')
    .optional(),
});

/** The headers every email carries, checked at load time rather than at the first send. */
export const mailConfigSchema = z.strictObject({
  from: headerText
    .min(3)
    .refine(
      isMailbox,
      'an address such as reports@example.com or "Aftershock <reports@example.com>"',
    )
    .default('Aftershock <reports@aftershock.example.com>'),
  listId: headerText
    .regex(LIST_ID_PATTERN, 'a list id such as aftershock-reports.example.com (RFC 2919)')
    .default('aftershock-reports.aftershock.example.com'),
  /**
   * Not advertised: List-Unsubscribe carries only the one-click HTTPS link, since no mailbox
   * processes unsubscribe mail (README "Unsubscribing"). Kept until the fan-out stops reading it.
   */
  unsubscribeMailto: z.email().default('unsubscribe@aftershock.example.com'),
});

/** Smallest number of distinct characters a token secret needs besides its length. */
export const MIN_TOKEN_SECRET_DISTINCT = 12;
/** Shortest token secret accepted. */
export const MIN_TOKEN_SECRET_LENGTH = 32;

/**
 * Why a token secret is too weak to sign links with, or null when it is acceptable: at least
 * {@link MIN_TOKEN_SECRET_LENGTH} characters of which {@link MIN_TOKEN_SECRET_DISTINCT} differ
 * (`aaaa…`, `0000…` and `password12345678` fail; 32 random bytes in base64url pass).
 *
 * @example
 * tokenSecretWeakness('a'.repeat(40)); // 'needs at least 12 different characters; it has 1 …'
 */
export function tokenSecretWeakness(secret: string): string | null {
  if (secret.length < MIN_TOKEN_SECRET_LENGTH) {
    return `needs at least ${MIN_TOKEN_SECRET_LENGTH} characters; it has ${secret.length} (generate one: openssl rand -base64 48)`;
  }
  const distinct = new Set(secret).size;
  if (distinct < MIN_TOKEN_SECRET_DISTINCT) {
    return `needs at least ${MIN_TOKEN_SECRET_DISTINCT} different characters; it has ${distinct} (generate one: openssl rand -base64 48)`;
  }
  return null;
}

/** A token secret strong enough to sign links (see {@link tokenSecretWeakness}). */
export const tokenSecretSchema = z.string().superRefine((secret, ctx) => {
  const weakness = tokenSecretWeakness(secret);
  if (weakness !== null) ctx.addIssue({ code: 'custom', message: weakness });
});

/** Limits of the public sign-up (DESIGN §7 "Exactly once under faults": abuse-proof subscribe). */
export const subscriptionConfigSchema = z.strictObject({
  /**
   * Confirmation mails one mailbox gets per UTC day at most, however it is spelt (`+tags` and
   * Gmail dots count as one mailbox). 3 lets a person retry twice; a stranger cannot bomb it.
   */
  confirmationsPerMailboxPerDay: z.number().int().min(1).max(20).default(3),
  /**
   * Sign-ups one client network (an IPv4 address, an IPv6 /64) may send per hour. 20 leaves
   * room for a household or an office behind one address.
   */
  signupsPerIpPerHour: z.number().int().min(1).max(10_000).default(20),
});

/** AWS wiring; see `configSchema.aws`. */
export const awsConfigSchema = z.strictObject({
  region: z.string().min(1).optional(),
  siteBucket: z.string().min(3).optional(),
  dataBucket: z.string().min(3).optional(),
  subscribersTable: z.string().min(3).optional(),
  ledgerTable: z.string().min(3).optional(),
  flushStateTable: z.string().min(3).optional(),
  sendQueueUrl: z.url().optional(),
  sesConfigurationSet: z.string().min(1).optional(),
  /** ARN of the Secrets Manager secret holding the HMAC token secret. */
  tokenSecretArn: z.string().min(1).optional(),
  /** Table of the sign-up rate counters (per client network per hour, per mailbox per day). */
  rateLimitTable: z.string().min(3).optional(),
  /** SQS queue between the subscribe endpoint and the confirmation mailer. */
  confirmationQueueUrl: z.url().optional(),
  /** ARN of the secret CloudFront sends as an origin header; the public functions refuse requests without it. */
  originSecretArn: z.string().min(1).optional(),
  /**
   * Messages per second SES allows this account; the sender paces itself to it. At least 0.5:
   * SES never allows less than 1/s, and the stack gives each of its two senders half.
   */
  sesMaxSendRatePerSecond: z.number().min(0.5).max(10_000).default(14),
  endpoints: z
    .strictObject({
      s3: z.url().optional(),
      ses: z.url().optional(),
      dynamodb: z.url().optional(),
    })
    .optional(),
});

/** Every setting of Aftershock, from file and environment. */
export const configSchema = z.strictObject({
  assets: z.array(assetSchema).min(1).default(['BTC', 'ETH', 'SOL']),
  venues: z
    .array(venueConfigSchema)
    .min(1)
    .prefault([
      { id: 'binanceusdm' },
      { id: 'bybit' },
      { id: 'okx' },
      { id: 'gate' },
      { id: 'hyperliquid' },
    ]),
  collection: collectionConfigSchema.prefault({}),
  detector: detectorConfigSchema.prefault({}),
  regime: regimeConfigSchema.prefault({}),
  reporting: reportingConfigSchema.prefault({}),
  delivery: deliveryConfigSchema.prefault({}),
  /** Liquidations (USD) a flush needs before subscribers are emailed, per asset; `default` for others. */
  emailFloorUsd: z
    .record(
      z
        .string()
        .regex(
          /^([A-Z0-9]{2,10}|default)$/,
          'an upper-case asset ticker such as BTC, or "default"',
        ),
      z.number().nonnegative(),
    )
    .default({ BTC: 50e6, ETH: 25e6, default: 10e6 }),
  site: siteConfigSchema.prefault({}),
  mail: mailConfigSchema.prefault({}),
  subscription: subscriptionConfigSchema.prefault({}),
  local: z
    .strictObject({
      outDir: z.string().min(1).default('out'),
      /** Local subscriber list; default `<outDir>/subscribers.json`, seeded from `samples/subscribers.json`. */
      subscribersFile: z.string().min(1).optional(),
    })
    .prefault({}),
  /**
   * AWS wiring, set by the stack as Lambda environment variables (and by the CLI when it
   * talks to a deployment). Absent locally. `endpoints` exist for tests against emulators.
   */
  aws: awsConfigSchema.prefault({}),
  /**
   * HMAC secret for confirm/unsubscribe links. Never in a file: env `AFTERSHOCK_TOKEN_SECRET`
   * (a config file holding it is refused by loadConfig). In AWS it comes from Secrets Manager.
   */
  tokenSecret: tokenSecretSchema.optional(),
  /** The secret before the last rotation: links it signed keep working (env `AFTERSHOCK_TOKEN_SECRET_PREVIOUS`). */
  tokenSecretPrevious: tokenSecretSchema.optional(),
});

/** Validated settings. */
export type Config = z.infer<typeof configSchema>;
/** Settings of the flush detector. */
export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
/** Settings of the scheduled reporter. */
export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
/** Settings of the sender's delivery rules. */
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;
/** Settings of the regime classifier. */
export type RegimeConfig = z.infer<typeof regimeConfigSchema>;

import { z } from 'zod';

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
  baselineDays: z.number().min(1).max(90).default(30),
  /** Minimum history before the window for a baseline; less → no detection. */
  minBaselineHours: z.number().min(1).default(24),
  liqPercentile: z.number().min(0.5).max(1).default(0.99),
  liqZScore: positive.default(3),
  minLiqToOi: fraction.default(0.005),
  minDominance: z.number().min(0.5).max(1).default(0.65),
  minDisplacementSigma: positive.default(3),
  oiConfirmedDropPct: fraction.default(0.03),
  oiDeepResetDropPct: fraction.default(0.1),
  startPercentile: z.number().min(0.5).max(1).default(0.95),
  endPercentile: z.number().min(0.5).max(1).default(0.9),
  quietMinutes: z.number().int().positive().default(30),
  mergeMinutes: z.number().int().nonnegative().default(60),
  undercountRatio: fraction.default(0.2),
  tiers: z
    .object({
      minor: fraction.default(0.005),
      major: fraction.default(0.02),
      extreme: fraction.default(0.05),
    })
    .default({ minor: 0.005, major: 0.02, extreme: 0.05 }),
});

/** Regime-classifier thresholds (DESIGN.md §5). */
export const regimeConfigSchema = z.strictObject({
  pivotMinutes: z.number().int().positive().default(15),
  pivotBarsEachSide: z.number().int().positive().default(5),
  reclaimAtrMultiple: z.number().nonnegative().default(0.25),
  reclaimWithinHours: positive.default(24),
  spotPerpRatioSupport: positive.default(1.2),
  rebuildRatio: fraction.default(0.5),
  neutralFundingRate8h: z.number().default(0.0001),
  grindAtrMultiple: z.number().nonnegative().default(0.5),
  grindOiChangePct: z.number().default(-0.02),
  stableOiBandPct: fraction.default(0.02),
  stableVolatilityRatio: positive.default(0.6),
  minCoverage: fraction.default(0.4),
  lowConfidenceCoverage: fraction.default(0.6),
});

/** A venue to collect from, with optional ccxt constructor options (URL overrides, proxies, timeouts). */
export const venueConfigSchema = z.strictObject({
  id: z.enum(['binanceusdm', 'bybit', 'okx', 'gate', 'hyperliquid', 'bitget', 'deribit']),
  ccxtOptions: z.record(z.string(), z.unknown()).default({}),
});

/** Every setting of Aftershock, from file and environment. */
export const configSchema = z.strictObject({
  assets: z.array(assetSchema).min(1).default(['BTC', 'ETH', 'SOL']),
  venues: z
    .array(venueConfigSchema)
    .min(1)
    .default(
      [
        { id: 'binanceusdm' },
        { id: 'bybit' },
        { id: 'okx' },
        { id: 'gate' },
        { id: 'hyperliquid' },
      ].map((v) => venueConfigSchema.parse(v)),
    ),
  detector: detectorConfigSchema.default(detectorConfigSchema.parse({})),
  regime: regimeConfigSchema.default(regimeConfigSchema.parse({})),
  /** Liquidations (USD) a flush needs before subscribers are emailed, per asset; `default` for others. */
  emailFloorUsd: z
    .record(z.string(), z.number().nonnegative())
    .default({ BTC: 50e6, ETH: 25e6, default: 10e6 }),
  site: z
    .object({
      baseUrl: z
        .url({
          protocol: /^https?$/,
          error: 'an absolute http(s) URL such as https://blog.example.com',
        })
        .default('https://aftershock.example.com'),
      title: z.string().min(1).default('Aftershock'),
      tagline: z
        .string()
        .default('What the liquidation flush did, and what the market is doing now'),
      /** Where the subscribe form posts; empty means the local preview server. */
      subscribeUrl: z.string().default('/api/subscribe'),
    })
    .default({
      baseUrl: 'https://aftershock.example.com',
      title: 'Aftershock',
      tagline: 'What the liquidation flush did, and what the market is doing now',
      subscribeUrl: '/api/subscribe',
    }),
  mail: z
    .object({
      from: z.string().min(3).default('Aftershock <reports@aftershock.example.com>'),
      listId: z.string().min(3).default('aftershock-reports.aftershock.example.com'),
      unsubscribeMailto: z.email().default('unsubscribe@aftershock.example.com'),
    })
    .default({
      from: 'Aftershock <reports@aftershock.example.com>',
      listId: 'aftershock-reports.aftershock.example.com',
      unsubscribeMailto: 'unsubscribe@aftershock.example.com',
    }),
  local: z
    .object({
      outDir: z.string().min(1).default('out'),
      /** Local subscriber list; default `<outDir>/subscribers.json`, seeded from `samples/subscribers.json`. */
      subscribersFile: z.string().min(1).optional(),
    })
    .default({ outDir: 'out' }),
  /**
   * AWS wiring, set by the stack as Lambda environment variables (and by the CLI when it
   * talks to a deployment). Absent locally. `endpoints` exist for tests against emulators.
   */
  aws: z
    .strictObject({
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
      /** Messages per second SES allows this account; the sender paces itself to it. */
      sesMaxSendRatePerSecond: z.number().positive().max(10_000).default(14),
      endpoints: z
        .strictObject({
          s3: z.url().optional(),
          ses: z.url().optional(),
          dynamodb: z.url().optional(),
        })
        .optional(),
    })
    .default({ sesMaxSendRatePerSecond: 14 }),
  /** HMAC secret for confirm/unsubscribe links. Never in a file: env `AFTERSHOCK_TOKEN_SECRET`. */
  tokenSecret: z.string().min(16).optional(),
});

/** Validated settings. */
export type Config = z.infer<typeof configSchema>;
/** Settings of the flush detector. */
export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
/** Settings of the regime classifier. */
export type RegimeConfig = z.infer<typeof regimeConfigSchema>;

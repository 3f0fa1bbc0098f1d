import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { s3MarketRollupStore, s3RollupStore } from '../market/rollups/s3-rollup-store.ts';
import { s3SnapshotStore } from '../market/snapshot-store/s3-snapshot-store.ts';
import { type MarketsCache, memoryMarketsCache } from '../market/venues/markets-cache.ts';
import { s3MarketsCache } from '../market/venues/s3-markets-cache.ts';
import { s3Client } from '../publish/aws/s3-client.ts';
import { type RunLogger, SILENT_LOGGER } from '../publish/run-logger.ts';
import { errorText } from '../shared/error-text.ts';
import { collectSnapshot } from '../use-cases/collect-snapshot.ts';
import { defineHandler } from './define-handler.ts';
import { collectorFunctionConfigSchema } from './function-config.ts';
import { loggerFor } from './lambda-logger.ts';

/** The collector's schedule: one tick every 5 minutes. */
export const HANDLER_TICK_SECONDS = 300;
/**
 * Each tick starts listening this long before its counting window opens (and so before the
 * previous tick stops), so start-up time is not a gap. A tick therefore runs about
 * tick + lead = 5.5 minutes: the function's timeout must be at least 6 minutes and two
 * invocations overlap.
 */
export const HANDLER_LEAD_SECONDS = 30;

/** What one tick did: the snapshot's key, the venues that failed, the day rollups it changed. */
export interface CollectorResult {
  key: string;
  failedVenues: string[];
  rolledUpDays: string[];
}

/** What the collector function needs; tests pass clients pointed at emulators. */
export interface CollectorHandlerDeps {
  config: Config;
  s3: S3Client;
  /** Default: in memory (warm containers) in front of `markets/` in the data bucket (cold starts). */
  marketsCache?: MarketsCache;
  /** Tick interval (tests shorten it); listening lead is {@link HANDLER_LEAD_SECONDS} scaled alike. */
  tickSeconds?: number;
  leadSeconds?: number;
  /** Structured log entries (Powertools in Lambda); silent when absent. */
  logger?: RunLogger;
}

/**
 * Builds the scheduled collector: one tick → one snapshot in the data bucket, then the day
 * rollups (`rollups/YYYY/MM/DD.json.gz`, same bucket) updated with the bars it changed.
 */
export function createCollectorHandler(deps: CollectorHandlerDeps): () => Promise<CollectorResult> {
  const bucket = deps.config.aws.dataBucket;
  if (bucket === undefined)
    throw new ConfigError('aws.dataBucket', 'the collector needs a data bucket');
  const store = s3SnapshotStore(deps.s3, bucket);
  const rollups = s3RollupStore(deps.s3, bucket);
  const marketRollups = s3MarketRollupStore(deps.s3, bucket);
  const logger = deps.logger ?? SILENT_LOGGER;
  const marketsCache =
    deps.marketsCache ??
    memoryMarketsCache(
      s3MarketsCache(deps.s3, bucket, {
        onError: (operation, venue, error) =>
          logger.warn(`markets cache ${operation} failed; markets are loaded from the venue`, {
            venue,
            error: errorText(error),
          }),
      }),
    );
  return async () => {
    const result = await collectSnapshot({
      config: deps.config,
      store,
      rollups,
      marketRollups,
      marketsCache,
      windowSeconds: deps.tickSeconds ?? HANDLER_TICK_SECONDS,
      tickSeconds: deps.tickSeconds ?? HANDLER_TICK_SECONDS,
      scheduledLeadSeconds: deps.leadSeconds ?? HANDLER_LEAD_SECONDS,
    });
    const failedVenues = result.snapshot.venues
      .filter((v) => v.status === 'failed')
      .map((v) => v.venue);
    logger.info('snapshot collected', {
      key: result.key,
      failedVenues: failedVenues.join(','),
      rolledUpDays: result.rolledUpDays.join(','),
    });
    return { key: result.key, failedVenues, rolledUpDays: result.rolledUpDays };
  };
}

/** Lambda entry point (EventBridge Scheduler); config and clients are built once per container. */
export const handler = defineHandler(collectorFunctionConfigSchema, (config) => {
  const collect = createCollectorHandler({ config, s3: s3Client(config), logger: loggerFor() });
  return () => collect();
});

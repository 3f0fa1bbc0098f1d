import type { Config } from '../../lambdas/config.ts';
import type { MarketRollupStore, RollupStore } from '../../lambdas/market/rollups/rollup-store.ts';
import type { SnapshotStore } from '../../lambdas/market/snapshot-store/snapshot-store.ts';

/** Where the CLI keeps snapshots and day rollups: S3 when configured, else the out folder. */
export interface MarketStores {
  snapshots: SnapshotStore;
  rollups: RollupStore;
  /** The market beyond the assets, rolled up beside them (`rollups/market/`). */
  marketRollups: MarketRollupStore;
  /** Where they are, for messages: `s3://bucket` or the folder. */
  where: string;
}

/**
 * The snapshot and rollup stores for `config`: the data bucket when `aws.dataBucket` is set,
 * else `<outDir>/snapshots/` and `<outDir>/rollups/` (rollup writes locked across processes).
 */
export async function marketStoresFor(config: Config, outDir: string): Promise<MarketStores> {
  if (config.aws.dataBucket) {
    const bucket = config.aws.dataBucket;
    const { s3Client } = await import('../../lambdas/publish/aws/s3-client.ts');
    const { s3SnapshotStore } = await import(
      '../../lambdas/market/snapshot-store/s3-snapshot-store.ts'
    );
    const { s3MarketRollupStore, s3RollupStore } = await import(
      '../../lambdas/market/rollups/s3-rollup-store.ts'
    );
    const s3 = s3Client(config);
    return {
      snapshots: s3SnapshotStore(s3, bucket),
      rollups: s3RollupStore(s3, bucket),
      marketRollups: s3MarketRollupStore(s3, bucket),
      where: `s3://${bucket}`,
    };
  }
  const { fsSnapshotStore } = await import(
    '../../lambdas/market/snapshot-store/fs-snapshot-store.ts'
  );
  const { fsMarketRollupStore, fsRollupStore } = await import(
    '../../lambdas/market/rollups/fs-rollup-store.ts'
  );
  const { withFileLock } = await import('../../lambdas/publish/file-lock.ts');
  return {
    snapshots: fsSnapshotStore(outDir),
    rollups: fsRollupStore(outDir, (file, fn) => withFileLock(file, fn)),
    marketRollups: fsMarketRollupStore(outDir, (file, fn) => withFileLock(file, fn)),
    where: outDir,
  };
}

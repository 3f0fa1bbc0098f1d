import type { Snapshot } from '../model/index.ts';

/** Time range of stored snapshots, by `takenAt`, both ends in epoch milliseconds. */
export interface SnapshotRange {
  fromMs: number;
  toMs: number;
}

/**
 * Where stored collection snapshots come from: the S3 snapshot store in AWS,
 * generated scenarios or a folder locally. Returns them oldest first.
 */
export interface SnapshotSource {
  list(range: SnapshotRange): Promise<Snapshot[]>;
}

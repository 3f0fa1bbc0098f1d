import { gunzipSync, gzipSync } from 'node:zlib';
import { type Snapshot, snapshotSchema } from '../../model/index.ts';

/** Where snapshots are kept: a local folder or an S3 bucket. */
export interface SnapshotStore {
  /** Stores one snapshot; returns its key. */
  put(snapshot: Snapshot): Promise<string>;
  /** Snapshots taken in `[fromMs, toMs)`, oldest first. */
  list(range: { fromMs: number; toMs: number }): Promise<Snapshot[]>;
  /** The newest snapshot taken in `[fromMs, toMs)`, or null; reads only that one. */
  latest(range: { fromMs: number; toMs: number }): Promise<Snapshot | null>;
  get(key: string): Promise<Snapshot>;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Time-partitioned key of a snapshot: `snapshots/YYYY/MM/DD/HH/<takenAt>.json.gz` (UTC),
 * so a time range lists only the hours it covers.
 * @example snapshotKey('2026-03-12T10:05:00.000Z') // 'snapshots/2026/03/12/10/2026-03-12T10:05:00.000Z.json.gz'
 */
export function snapshotKey(takenAt: string): string {
  const d = new Date(takenAt);
  return `snapshots/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/${takenAt}.json.gz`;
}

/** Hour prefixes (`snapshots/YYYY/MM/DD/HH/`) covering `[fromMs, toMs)`. */
export function hourPrefixes(fromMs: number, toMs: number): string[] {
  const prefixes: string[] = [];
  for (let t = Math.floor(fromMs / 3_600_000) * 3_600_000; t < toMs; t += 3_600_000) {
    prefixes.push(snapshotKey(new Date(t).toISOString()).replace(/[^/]+$/, ''));
  }
  return prefixes;
}

/** Gzip JSON of a validated snapshot. */
export function encodeSnapshot(snapshot: Snapshot): Buffer {
  return gzipSync(JSON.stringify(snapshotSchema.parse(snapshot)));
}

/** Parses stored bytes back into a snapshot, validating the schema version and every field. */
export function decodeSnapshot(bytes: Uint8Array): Snapshot {
  return snapshotSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
}

/** True when `takenAt` lies in `[fromMs, toMs)`. */
export function takenWithin(takenAt: string, range: { fromMs: number; toMs: number }): boolean {
  const t = Date.parse(takenAt);
  return t >= range.fromMs && t < range.toMs;
}

/** True when the key's `takenAt` (its file name) lies in `[fromMs, toMs)`. */
export function keyTakenWithin(key: string, range: { fromMs: number; toMs: number }): boolean {
  const takenAt = /([^/]+)\.json\.gz$/.exec(key)?.[1];
  return takenAt !== undefined && takenWithin(takenAt, range);
}

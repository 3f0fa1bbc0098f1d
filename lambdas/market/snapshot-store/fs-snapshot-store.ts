import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Snapshot } from '../../model/index.ts';
import { writeFileAtomic } from '../../shared/atomic-file.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  hourPrefixes,
  keyTakenWithin,
  type SnapshotStore,
  snapshotKey,
  takenWithin,
} from './snapshot-store.ts';

async function filesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Snapshots as gzip JSON files under `rootDir`, with the same keys as in S3. */
export function fsSnapshotStore(rootDir: string): SnapshotStore {
  const fileOf = (key: string): string => path.join(rootDir, ...key.split('/'));
  const store: SnapshotStore = {
    async put(snapshot: Snapshot) {
      const key = snapshotKey(snapshot.takenAt);
      const file = fileOf(key);
      // Whole or not at all, through a temporary name of its own: two collectors writing the
      // same tick never share one temporary file, and a reader never sees half a snapshot.
      await writeFileAtomic(file, encodeSnapshot(snapshot));
      return key;
    },
    async get(key) {
      return decodeSnapshot(await readFile(fileOf(key)));
    },
    async list(range) {
      const snapshots: Snapshot[] = [];
      for (const prefix of hourPrefixes(range.fromMs, range.toMs)) {
        const names = (await filesIn(fileOf(prefix))).filter((n) => n.endsWith('.json.gz')).sort();
        for (const name of names) {
          const snapshot = await store.get(`${prefix}${name}`);
          if (takenWithin(snapshot.takenAt, range)) snapshots.push(snapshot);
        }
      }
      return snapshots;
    },
    async latest(range) {
      for (const prefix of hourPrefixes(range.fromMs, range.toMs).reverse()) {
        const names = (await filesIn(fileOf(prefix))).filter((n) => n.endsWith('.json.gz'));
        const newest = names
          .map((n) => `${prefix}${n}`)
          .filter((k) => keyTakenWithin(k, range))
          .sort()
          .at(-1);
        if (newest !== undefined) return store.get(newest);
      }
      return null;
    },
  };
  return store;
}

/**
 * Every snapshot under `rootDir`, oldest first (keys sort by time). For the local store only,
 * where "everything collected so far" is small; S3 lists by time range instead.
 */
export async function readAllLocalSnapshots(rootDir: string): Promise<Snapshot[]> {
  const dir = path.join(rootDir, 'snapshots');
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const keys = names.filter((n) => n.endsWith('.json.gz')).sort();
  const store = fsSnapshotStore(rootDir);
  return Promise.all(keys.map((name) => store.get(`snapshots/${name.split(path.sep).join('/')}`)));
}

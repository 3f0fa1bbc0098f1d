import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { AftershockError } from '../errors.ts';
import { SerialQueue } from './atomic-file.ts';
import { backoffDelayMs } from './token-bucket.ts';

/** Settings of {@link withFileLock}. */
export interface FileLockOptions {
  /**
   * A lock file not touched for this long belongs to a process that died and is taken over.
   * The holder touches it every `staleMs / 3`, so a slow holder is never mistaken for a dead one.
   */
  staleMs?: number;
  /** Longest wait for the lock before {@link FileLockTimeoutError}. */
  timeoutMs?: number;
}

/** 10 s: far above any read-modify-write of a local JSON file, short enough to recover from a crash. */
const DEFAULT_STALE_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Polling backoff while another process holds the lock: 2 ms doubling to 50 ms, jittered. */
const WAIT_POLICY = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 2, maxDelayMs: 50 };

/** The lock on a file could not be taken in time (another process kept it). */
export class FileLockTimeoutError extends AftershockError {
  public readonly file: string;
  public constructor(file: string, waitedMs: number, options?: ErrorOptions) {
    super(`${file} is locked by another process (waited ${waitedMs} ms for ${file}.lock)`, options);
    this.name = 'FileLockTimeoutError';
    this.file = file;
  }
}

/** Callers in this process queue here first, so they wait on a promise rather than poll the disk. */
const localQueues = new Map<string, { queue: SerialQueue; users: number }>();

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates the lock file with O_EXCL; true when this call created it. */
async function tryCreate(lockPath: string, owner: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(owner);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes `lockPath` when it is stale. Two waiters may both see the same stale lock; the
 * `.takeover` guard (itself O_EXCL) lets one of them re-check and remove it, so nobody deletes
 * a fresh lock another waiter has just created in its place.
 */
async function removeIfStale(lockPath: string, staleMs: number): Promise<void> {
  const seen = await stat(lockPath).catch(() => null);
  if (seen === null || Date.now() - seen.mtimeMs <= staleMs) return;
  const guard = `${lockPath}.takeover`;
  if (!(await tryCreate(guard, String(process.pid)))) {
    // A takeover guard left by a process that died mid-takeover (a window of microseconds).
    const guardStat = await stat(guard).catch(() => null);
    if (guardStat !== null && Date.now() - guardStat.mtimeMs > staleMs) {
      await rm(guard, { force: true });
    }
    return;
  }
  try {
    const now = await stat(lockPath).catch(() => null);
    const same = now !== null && now.ino === seen.ino && now.mtimeMs === seen.mtimeMs;
    if (same) await rm(lockPath, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function acquire(lockPath: string, owner: string, options: Required<FileLockOptions>) {
  const startedMs = Date.now();
  await mkdir(dirname(lockPath), { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    if (await tryCreate(lockPath, owner)) return;
    await removeIfStale(lockPath, options.staleMs);
    const waitedMs = Date.now() - startedMs;
    if (waitedMs >= options.timeoutMs)
      throw new FileLockTimeoutError(lockPath.slice(0, -5), waitedMs);
    await sleep(Math.max(1, backoffDelayMs(Math.min(attempt, 6), WAIT_POLICY)));
  }
}

/** Deletes the lock only while it is still ours: after a takeover it belongs to someone else. */
async function release(lockPath: string, owner: string): Promise<void> {
  const content = await readFile(lockPath, 'utf8').catch(() => null);
  if (content === owner) await rm(lockPath, { force: true });
}

async function holdLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: Required<FileLockOptions>,
): Promise<T> {
  const lockPath = `${path}.lock`;
  const owner = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString('hex'),
  });
  await acquire(lockPath, owner, options);
  const heartbeat = setInterval(
    () => {
      const nowS = Date.now() / 1000;
      utimes(lockPath, nowS, nowS).catch(() => undefined);
    },
    Math.max(10, Math.floor(options.staleMs / 3)),
  );
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await release(lockPath, owner);
  }
}

/**
 * Runs `fn` while holding an exclusive lock on `path` across processes: a lock file
 * `<path>.lock` created with O_EXCL (`wx`), so of two processes only one creates it. A lock
 * whose file was not touched for `staleMs` (its holder was killed) is taken over; the holder
 * refreshes it while `fn` runs. Callers in the same process queue in memory first. `fn` does
 * the read-modify-write and writes with `writeFileAtomic` (publish/atomic-file.ts), so readers
 * without the lock still see a whole file. Throws {@link FileLockTimeoutError} after `timeoutMs`.
 *
 * @example
 * await withFileLock('out/subscribers.json', async () => {
 *   const list = JSON.parse((await readTextOrNull('out/subscribers.json')) ?? '[]');
 *   await writeFileAtomic('out/subscribers.json', JSON.stringify([...list, added]));
 * });
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const settings = {
    staleMs: options.staleMs ?? DEFAULT_STALE_MS,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const key = resolve(path);
  const entry = localQueues.get(key) ?? { queue: new SerialQueue(), users: 0 };
  entry.users += 1;
  localQueues.set(key, entry);
  try {
    return await entry.queue.run(() => holdLock(key, fn, settings));
  } finally {
    entry.users -= 1;
    if (entry.users === 0) localQueues.delete(key);
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { SerialQueue } from '../shared/atomic-file.ts';
import { FileLockTimeoutError } from './publish-errors.ts';

/** Settings of {@link withFileLock}. */
export interface FileLockOptions {
  /**
   * A lock older than this belongs to a holder that died or hung, and may be broken
   * (default 60 s). A lock guards one read-modify-write, which takes milliseconds, so a
   * minute-old lock is nobody's; a dead holder on this host is noticed at once (its pid).
   */
  staleMs?: number;
  /** Longest wait for the lock before {@link FileLockTimeoutError} (default 2 × `staleMs`). */
  timeoutMs?: number;
  /** Longest pause between two tries (default 20 ms, jittered so waiters do not march in step). */
  retryMs?: number;
}

const DEFAULT_STALE_MS = 60_000;
const HOST = hostname();

/** Callers in this process queue here first, so they wait on a promise rather than poll the disk. */
const localQueues = new Map<string, { queue: SerialQueue; users: number }>();

/** What a lock file holds: enough to tell a live holder from a dead one. */
interface LockOwner {
  token: string;
  pid: number;
  host: string;
  at: number;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** Creates `lockPath` only if it does not exist (O_CREAT | O_EXCL); true when this call made it. */
async function createExclusive(lockPath: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(JSON.stringify(owner));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

async function readOwner(lockPath: string): Promise<{ text: string; owner: LockOwner | null }> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  try {
    return { text, owner: JSON.parse(text) as LockOwner };
  } catch {
    return { text, owner: null };
  }
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === 'ESRCH';
  }
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  const info = await stat(lockPath).catch(() => null);
  if (info === null) return false;
  if (Date.now() - info.mtimeMs > staleMs) return true;
  const { owner } = await readOwner(lockPath);
  return owner !== null && owner.host === HOST && processIsGone(owner.pid);
}

/**
 * Removes a stale lock. Breakers take a second, short-lived lock first and re-check the
 * lock's content under it, so two waiters that both judged the same lock stale can never
 * remove a fresh lock the other one has just taken in its place.
 */
async function breakStaleLock(lockPath: string, staleMs: number, me: LockOwner): Promise<void> {
  const breakPath = `${lockPath}.break`;
  const seen = await readOwner(lockPath);
  if (!(await createExclusive(breakPath, me))) {
    if (await isStale(breakPath, staleMs)) await rm(breakPath, { force: true });
    return;
  }
  try {
    const now = await readOwner(lockPath);
    if (now.text === seen.text && (await isStale(lockPath, staleMs))) {
      await rm(lockPath, { force: true });
    }
  } finally {
    await rm(breakPath, { force: true });
  }
}

async function acquire(lockPath: string, options: Required<FileLockOptions>): Promise<LockOwner> {
  const me: LockOwner = {
    token: randomBytes(8).toString('hex'),
    pid: process.pid,
    host: HOST,
    at: Date.now(),
  };
  const giveUpAt = Date.now() + options.timeoutMs;
  await mkdir(dirname(lockPath), { recursive: true });
  for (;;) {
    if (await createExclusive(lockPath, { ...me, at: Date.now() })) return me;
    if (await isStale(lockPath, options.staleMs)) {
      await breakStaleLock(lockPath, options.staleMs, me);
      continue;
    }
    if (Date.now() >= giveUpAt) {
      const { owner } = await readOwner(lockPath);
      throw new FileLockTimeoutError(lockPath, options.timeoutMs, owner?.pid);
    }
    await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * options.retryMs));
  }
}

async function release(lockPath: string, me: LockOwner): Promise<void> {
  // Only our own lock is removed: if it was broken as stale and taken by another, it is theirs.
  const { owner } = await readOwner(lockPath);
  if (owner?.token === me.token) await rm(lockPath, { force: true });
}

/** Holds the lock for `fn`, touching it every `staleMs / 3` so a slow holder never looks dead. */
async function holdLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: Required<FileLockOptions>,
): Promise<T> {
  const me = await acquire(lockPath, options);
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
    await release(lockPath, me);
  }
}

/**
 * Runs `fn` while holding a lock on `path` across processes: the lock is the file
 * `<path>.lock`, created with O_EXCL (only one process can create it), removed when `fn`
 * settles, and touched while `fn` runs. A lock left by a process that died is broken after
 * `staleMs`, or at once when its pid is gone on this host. Callers in the same process queue
 * in memory first. Waiting longer than `timeoutMs` throws {@link FileLockTimeoutError}. `fn`
 * does the read-modify-write and writes with `writeFileAtomic`, so readers without the lock
 * still see a whole file. Not re-entrant: `fn` must not take the same lock.
 *
 * @example
 * await withFileLock('out/send-ledger.json', async () => {
 *   const entries = JSON.parse(await readFile('out/send-ledger.json', 'utf8'));
 *   await writeFileAtomic('out/send-ledger.json', JSON.stringify(update(entries)));
 * });
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const settings = {
    staleMs,
    timeoutMs: options.timeoutMs ?? 2 * staleMs,
    retryMs: options.retryMs ?? 20,
  };
  const key = resolve(path);
  const entry = localQueues.get(key) ?? { queue: new SerialQueue(), users: 0 };
  entry.users += 1;
  localQueues.set(key, entry);
  try {
    return await entry.queue.run(() => holdLock(`${key}.lock`, fn, settings));
  } finally {
    entry.users -= 1;
    if (entry.users === 0) localQueues.delete(key);
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PublishError } from '../errors.ts';
import { errorText } from './error-text.ts';

const OS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a parent of this path is a file, not a folder',
  EISDIR: 'the path is a folder, not a file',
  EEXIST: 'a file is in the way of a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
};

/**
 * Turns an OS error into a {@link PublishError} naming the path and the reason
 * in words (the OS code kept in brackets), so the CLI prints no raw stack.
 *
 * @example
 * toPublishError('out/site/index.html', enotdirError).message;
 * // 'Could not publish to out/site/index.html: a parent of this path is a file, not a folder (ENOTDIR)'
 */
export function toPublishError(path: string, error: unknown): PublishError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === undefined
      ? errorText(error)
      : `${OS_REASONS[code] ?? 'the file system refused the write'} (${code})`;
  return new PublishError(path, reason, { cause: error });
}

/**
 * Writes a file whole or not at all: folders are created, the bytes go to a
 * temporary file beside the target (a name unique to this process and call, so two
 * writers never share one), then a rename replaces the target, so a crash never leaves
 * half a file. Failures throw {@link PublishError}.
 */
export async function writeFileAtomic(path: string, body: string | Uint8Array): Promise<void> {
  const tempPath = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tempPath, body);
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw toPublishError(path, error);
  }
}

/** Reads a UTF-8 file; null when it does not exist, {@link PublishError} on any other failure. */
export async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw toPublishError(path, error);
  }
}

/**
 * Runs async tasks one after another, so read-modify-write cycles on one JSON
 * file within a process never interleave and lose an update.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Queues `task` after every task queued before it; a failed task does not block later ones. */
  public run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { PublishError } from '../errors.ts';
import { readTextOrNull, writeFileAtomic } from '../shared/atomic-file.ts';
import { withFileLock } from './file-lock.ts';
import type { SiteFileWrite, SiteStore, VersionedText } from './ports.ts';
import { WriteConflictError } from './publish-errors.ts';

/** A file's version: the SHA-256 of its bytes, so equal content is the same version (as an ETag). */
function versionOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Refuses keys that could escape the site folder or that S3 would store under
 * a different name (leading slash, `..`, backslashes, empty segments).
 */
function assertSafeKey(rootDir: string, key: string): void {
  const segments = key.split('/');
  const unsafe =
    key.length === 0 ||
    key.includes('\\') ||
    key.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (unsafe) {
    throw new PublishError(join(rootDir, key), `"${key}" is not a valid site key`);
  }
}

/**
 * Local {@link SiteStore}: each key becomes a file under `rootDir` (e.g.
 * `out/site`), written atomically. Headers are not stored: the preview server
 * derives them again from the key with the same helpers. Conditional writes hold a
 * lock file across processes (publish/file-lock.ts), so two local publishers behave
 * as two on S3 do.
 */
export class FsSiteStore implements SiteStore {
  public readonly rootDir: string;

  public constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
  }

  /** Absolute path of a key's file. */
  public pathOf(key: string): string {
    assertSafeKey(this.rootDir, key);
    return join(this.rootDir, ...key.split('/'));
  }

  /** Writes the file whole; {@link PublishError} naming the path and OS reason on failure. */
  public async putFile(file: SiteFileWrite): Promise<void> {
    await writeFileAtomic(this.pathOf(file.key), file.body);
  }

  /** Reads a file back as UTF-8, or null when it does not exist. */
  public async getText(key: string): Promise<string | null> {
    return readTextOrNull(this.pathOf(key));
  }

  /** The file with its content hash as version, or null when it does not exist. */
  public async getTextVersion(key: string): Promise<VersionedText | null> {
    const text = await this.getText(key);
    return text === null ? null : { text, version: versionOf(text) };
  }

  /**
   * Writes the file only while its content hash is still `expectedVersion` (null: only while
   * it does not exist), checked and written under the file's lock. Throws WriteConflictError.
   */
  public async putFileIfVersion(
    file: SiteFileWrite,
    expectedVersion: string | null,
  ): Promise<void> {
    const path = this.pathOf(file.key);
    await withFileLock(path, async () => {
      const current = await readTextOrNull(path);
      const currentVersion = current === null ? null : versionOf(current);
      if (currentVersion !== expectedVersion) throw new WriteConflictError(path);
      await writeFileAtomic(path, file.body);
    });
  }
}

import { join, resolve } from 'node:path';
import { PublishError } from '../errors.ts';
import { readTextOrNull, writeFileAtomic } from './atomic-file.ts';
import type { SiteFileWrite, SiteStore } from './ports.ts';

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
 * derives them again from the key with the same helpers.
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
}

import type { SiteFileWrite, SiteStore, VersionedText } from './ports.ts';
import { WriteConflictError } from './publish-errors.ts';

/**
 * In-memory {@link SiteStore} that also records every write in order, for
 * tests and dry runs (`writes` shows what a real store would have received).
 */
export class MemorySiteStore implements SiteStore {
  public readonly files = new Map<string, SiteFileWrite>();
  public readonly writes: SiteFileWrite[] = [];
  /** Version per key: the count of writes to it, so any write moves it on. */
  private readonly versions = new Map<string, number>();

  /** Keeps the file and appends it to {@link MemorySiteStore.writes}. */
  public async putFile(file: SiteFileWrite): Promise<void> {
    const copy = { ...file };
    this.files.set(file.key, copy);
    this.writes.push(copy);
    this.versions.set(file.key, (this.versions.get(file.key) ?? 0) + 1);
  }

  /** Writes only while the key is still at `expectedVersion` (null: absent); else WriteConflictError. */
  public async putFileIfVersion(
    file: SiteFileWrite,
    expectedVersion: string | null,
  ): Promise<void> {
    const current = this.files.has(file.key) ? String(this.versions.get(file.key)) : null;
    if (current !== expectedVersion) throw new WriteConflictError(file.key);
    await this.putFile(file);
  }

  /** The stored body with its write count as version, or null. */
  public async getTextVersion(key: string): Promise<VersionedText | null> {
    const text = await this.getText(key);
    return text === null ? null : { text, version: String(this.versions.get(key)) };
  }

  /** The stored body as text, or null. */
  public async getText(key: string): Promise<string | null> {
    const file = this.files.get(key);
    if (file === undefined) return null;
    return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
  }
}

import type { SiteFileWrite, SiteStore } from './ports.ts';

/**
 * In-memory {@link SiteStore} that also records every write in order, for
 * tests and dry runs (`writes` shows what a real store would have received).
 */
export class MemorySiteStore implements SiteStore {
  public readonly files = new Map<string, SiteFileWrite>();
  public readonly writes: SiteFileWrite[] = [];

  /** Keeps the file and appends it to {@link MemorySiteStore.writes}. */
  public async putFile(file: SiteFileWrite): Promise<void> {
    const copy = { ...file };
    this.files.set(file.key, copy);
    this.writes.push(copy);
  }

  /** The stored body as text, or null. */
  public async getText(key: string): Promise<string | null> {
    const file = this.files.get(key);
    if (file === undefined) return null;
    return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
  }
}

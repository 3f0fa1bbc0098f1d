import { readTextOrNull, SerialQueue, writeFileAtomic } from '../../shared/atomic-file.ts';
import type {
  CooldownClaim,
  FlushStateStore,
  StateData,
  StateItem,
  StateItemStatus,
} from './flush-state-store.ts';

interface StateFile {
  items: Record<string, StateItem>;
  lastFlashMs: Record<string, number>;
}

const rowId = (asset: string, key: string): string => `${asset}|${key}`;

/**
 * {@link FlushStateStore} in one JSON file (local runs and tests). Writes are
 * serialised within the process and each is a whole-file atomic replace; two
 * processes sharing one file are not guarded (locally there is one detector).
 */
export class JsonFlushStateStore implements FlushStateStore {
  private readonly queue = new SerialQueue();

  public constructor(private readonly file: string) {}

  private async read(): Promise<StateFile> {
    const text = await readTextOrNull(this.file);
    if (text === null) return { items: {}, lastFlashMs: {} };
    const parsed = JSON.parse(text) as Partial<StateFile>;
    return { items: parsed.items ?? {}, lastFlashMs: parsed.lastFlashMs ?? {} };
  }

  private update<T>(change: (state: StateFile) => T): Promise<T> {
    return this.queue.run(async () => {
      const state = await this.read();
      const result = change(state);
      await writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
      return result;
    });
  }

  /** Items of the asset with keys in `[fromKey, toKey]`, in key order. */
  public async list(asset: string, range: { fromKey: string; toKey: string }) {
    const state = await this.queue.run(() => this.read());
    return Object.values(state.items)
      .filter((i) => i.asset === asset && i.key >= range.fromKey && i.key <= range.toKey)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Claims a missing item or takes over a stale claim. */
  public claim(
    item: Omit<StateItem, 'status' | 'claimedAtMs'>,
    nowMs: number,
    staleAfterMs: number,
  ) {
    return this.update((state) => {
      const existing = state.items[rowId(item.asset, item.key)];
      const free =
        existing === undefined ||
        (existing.status === 'claimed' && existing.claimedAtMs < nowMs - staleAfterMs);
      if (free)
        state.items[rowId(item.asset, item.key)] = {
          ...item,
          status: 'claimed',
          claimedAtMs: nowMs,
        };
      return free;
    });
  }

  /** Sets the status and merges `data`. */
  public async settle(
    asset: string,
    key: string,
    status: Exclude<StateItemStatus, 'claimed'>,
    data: StateData,
  ): Promise<void> {
    await this.update((state) => {
      const existing = state.items[rowId(asset, key)];
      if (existing === undefined) throw new Error(`No flush-state item ${asset} ${key} to settle`);
      state.items[rowId(asset, key)] = { ...existing, status, data: { ...existing.data, ...data } };
    });
  }

  /** Deletes the item. */
  public async release(asset: string, key: string): Promise<void> {
    await this.update((state) => {
      delete state.items[rowId(asset, key)];
    });
  }

  /** Sets the last flash time when the previous one is at least `cooldownMs` old. */
  public claimCooldown(asset: string, nowMs: number, cooldownMs: number): Promise<CooldownClaim> {
    return this.update((state) => {
      const previous = state.lastFlashMs[asset] ?? null;
      if (previous !== null && previous > nowMs - cooldownMs) {
        return { claimed: false, previousFlashMs: null };
      }
      state.lastFlashMs[asset] = nowMs;
      return { claimed: true, previousFlashMs: previous };
    });
  }

  /** Restores the previous flash time if this caller's claim is still the last one. */
  public async restoreCooldown(
    asset: string,
    claimedAtMs: number,
    previousFlashMs: number | null,
  ): Promise<void> {
    await this.update((state) => {
      if (state.lastFlashMs[asset] !== claimedAtMs) return;
      if (previousFlashMs === null) delete state.lastFlashMs[asset];
      else state.lastFlashMs[asset] = previousFlashMs;
    });
  }
}

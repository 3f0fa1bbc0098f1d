/** Where a piece of scheduled work stands: claimed by a run, done, or deliberately skipped. */
export type StateItemStatus = 'claimed' | 'done' | 'skipped';

/** Scalar values kept with a state item (flush bounds, report id, reasons). */
export type StateData = Record<string, string | number | boolean>;

/**
 * One record of the flush state of an asset. Keys (see {@link flushStateKeys}):
 * `flush#<startIso>#<side>` (a flush seen by the detector), `follow-up#<startIso>#<side>#<checkpoint>`,
 * `digest#<YYYY-MM-DD>`; the cooldown lives in its own item (`cooldown`).
 */
export interface StateItem {
  asset: string;
  key: string;
  status: StateItemStatus;
  /** When the item was claimed (epoch ms); a claim older than the stale limit may be taken over. */
  claimedAtMs: number;
  data: StateData;
}

/** Outcome of {@link FlushStateStore.claimCooldown}. */
export interface CooldownClaim {
  claimed: boolean;
  /** The previous flash time (to restore on failure), or null when there was none. */
  previousFlashMs: number | null;
}

/**
 * Per-asset memory of the scheduled reporter: which flushes were reported, the
 * last flash time (cooldown), which follow-ups and digests are done. Every write
 * that decides "this run publishes" is conditional, so two concurrent runs never
 * both publish the same report: DynamoDB in AWS, a JSON file locally.
 */
export interface FlushStateStore {
  /** Items of `asset` whose key lies in `[fromKey, toKey]`, in key order. */
  list(asset: string, range: { fromKey: string; toKey: string }): Promise<StateItem[]>;
  /**
   * Creates the item as `claimed` when it does not exist, or takes over a claim older than
   * `staleAfterMs` (a run that died). True when this caller won the claim.
   */
  claim(
    item: Omit<StateItem, 'status' | 'claimedAtMs'>,
    nowMs: number,
    staleAfterMs: number,
  ): Promise<boolean>;
  /** Marks a claimed item `done` or `skipped`, merging `data` into it. */
  settle(
    asset: string,
    key: string,
    status: Exclude<StateItemStatus, 'claimed'>,
    data: StateData,
  ): Promise<void>;
  /** Deletes a claim (publishing failed), so a later run tries again. */
  release(asset: string, key: string): Promise<void>;
  /** Sets the last flash time to `nowMs` only if the previous one is older than `cooldownMs`. */
  claimCooldown(asset: string, nowMs: number, cooldownMs: number): Promise<CooldownClaim>;
  /** Undoes this caller's {@link claimCooldown} (made at `claimedAtMs`) after a failed publish. */
  restoreCooldown(
    asset: string,
    claimedAtMs: number,
    previousFlashMs: number | null,
  ): Promise<void>;
}

/** Sort key of the cooldown item. */
export const COOLDOWN_KEY = 'cooldown';

/**
 * Sort keys of the flush-state items; times are ISO (UTC) so keys sort by time.
 * @example flushStateKeys.flush('2026-03-12T10:05:00.000Z', 'long') // 'flush#2026-03-12T10:05:00.000Z#long'
 */
export const flushStateKeys = {
  flush: (startIso: string, side: string): string => `flush#${startIso}#${side}`,
  followUp: (startIso: string, side: string, checkpoint: string): string =>
    `follow-up#${startIso}#${side}#${checkpoint}`,
  digest: (dateIso: string): string => `digest#${dateIso}`,
  /** Range of every flush key started at or after `fromIso`. */
  flushesFrom: (fromIso: string): { fromKey: string; toKey: string } => ({
    fromKey: `flush#${fromIso}`,
    toKey: 'flush#~',
  }),
};

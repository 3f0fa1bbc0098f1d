import { readTextOrNull, SerialQueue, writeFileAtomic } from '../shared/atomic-file.ts';
import { type FileLockOptions, withFileLock } from './file-lock.ts';
import { ledgerKey } from './message-tags.ts';
import type { SendLedger } from './ports.ts';
import { StoreFormatError } from './publish-errors.ts';
import {
  applyClaim,
  type ClaimRequest,
  type ClaimResult,
  type EventSettlement,
  type LedgerEntry,
  type LedgerStatus,
  outcomeApplies,
  outcomeEntry,
  SETTLEABLE,
  type SendOutcome,
  settledEntry,
} from './send-ledger-rules.ts';

/** One ledger entry (see `send-ledger-rules.ts`); kept for callers that named the old type. */
export type SendLedgerEntry = LedgerEntry;

type LedgerEntries = Record<string, LedgerEntry>;

/** The email part of a key: report tags hold no `#`, so everything after the first one. */
function emailOfKey(key: string): string {
  return key.slice(key.indexOf('#') + 1);
}

/**
 * Local {@link SendLedger} over a JSON object keyed `reportId#email`. Every change is a
 * read-modify-write under {@link withFileLock} (so two `generate` processes on one folder never
 * both claim a message) and is written atomically before it returns; within the process the
 * changes are also queued, so they do not contend for the lock file with each other.
 */
export class JsonSendLedger implements SendLedger {
  private readonly queue = new SerialQueue();

  public constructor(
    public readonly filePath: string,
    private readonly lockOptions: FileLockOptions = {},
  ) {}

  /** Claims one message by the rules of `applyClaim` (see send-ledger-rules.ts). */
  public claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = ledgerKey(request.reportId, request.email);
    return this.mutate((entries) => {
      const { next, result } = applyClaim(entries[key] ?? null, request);
      if (next !== null) entries[key] = next;
      return { result, changed: next !== null };
    });
  }

  /** Records a sender's outcome; returns the status the entry has afterwards. */
  public record(
    reportId: string,
    email: string,
    claimId: string,
    outcome: SendOutcome,
  ): Promise<LedgerStatus | null> {
    const key = ledgerKey(reportId, email);
    return this.mutate((entries) => {
      const current = entries[key] ?? null;
      if (current === null || !outcomeApplies(current, claimId, outcome.status)) {
        return { result: current?.status ?? null, changed: false };
      }
      entries[key] = outcomeEntry(current, outcome);
      return { result: outcome.status, changed: true };
    });
  }

  /** Applies an SES event's verdict to a message that is not final yet. */
  public settle(
    reportIdOrTag: string,
    email: string,
    settlement: EventSettlement,
  ): Promise<'settled' | 'final' | 'none'> {
    const key = ledgerKey(reportIdOrTag, email);
    return this.mutate((entries) => {
      const current = entries[key];
      if (current === undefined) return { result: 'none', changed: false };
      if (!SETTLEABLE.includes(current.status)) return { result: 'final', changed: false };
      entries[key] = settledEntry(current, settlement);
      return { result: 'settled', changed: true };
    });
  }

  /** Counts the reports whose entry for `email` is `rejected` (this one is already recorded). */
  public recordRejection(_reportId: string, email: string, _atMs: number): Promise<number> {
    return this.mutate((entries) => ({
      result: Object.entries(entries).filter(
        ([key, entry]) => entry.status === 'rejected' && emailOfKey(key) === email,
      ).length,
      changed: false,
    }));
  }

  /** The entry of one message, or null. */
  public async entry(reportId: string, email: string): Promise<LedgerEntry | null> {
    return (await this.read())[ledgerKey(reportId, email)] ?? null;
  }

  private mutate<T>(change: (entries: LedgerEntries) => { result: T; changed: boolean }) {
    return this.queue.run(() =>
      withFileLock(
        this.filePath,
        async () => {
          const entries = await this.read();
          const { result, changed } = change(entries);
          if (changed)
            await writeFileAtomic(this.filePath, `${JSON.stringify(entries, null, 2)}\n`);
          return result;
        },
        this.lockOptions,
      ),
    );
  }

  private async read(): Promise<LedgerEntries> {
    const text = await readTextOrNull(this.filePath);
    if (text === null) return {};
    try {
      const json: unknown = JSON.parse(text);
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
        return json as LedgerEntries;
      }
    } catch (error) {
      throw new StoreFormatError(this.filePath, 'it is not valid JSON', { cause: error });
    }
    throw new StoreFormatError(this.filePath, 'it must hold an object of ledger entries');
  }
}

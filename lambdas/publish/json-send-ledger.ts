import { readTextOrNull, SerialQueue, writeFileAtomic } from './atomic-file.ts';
import type { SendLedger } from './ports.ts';
import { StoreFormatError } from './publish-errors.ts';

/** One ledger entry: the state of one report's message to one recipient. */
export interface SendLedgerEntry {
  status: 'claimed' | 'sent' | 'failed';
  attempts: number;
  messageId?: string;
  reason?: string;
  updatedAt?: string;
}

type LedgerEntries = Record<string, SendLedgerEntry>;

/** Ledger key of one message, as the DynamoDB ledger keys it too. */
export function ledgerKey(reportId: string, email: string): string {
  return `${reportId}#${email}`;
}

/**
 * Local {@link SendLedger} over a JSON object keyed `reportId#email`. A claim
 * succeeds when there is no entry or only a failed one; claims are serialised
 * within the process and every change is written atomically before it returns.
 */
export class JsonSendLedger implements SendLedger {
  private readonly queue = new SerialQueue();

  public constructor(public readonly filePath: string) {}

  /** True when this caller may send; false when the message was claimed or sent before. */
  public claim(reportId: string, email: string): Promise<boolean> {
    return this.queue.run(async () => {
      const entries = await this.read();
      const key = ledgerKey(reportId, email);
      const existing = entries[key];
      if (existing !== undefined && existing.status !== 'failed') return false;
      entries[key] = { status: 'claimed', attempts: (existing?.attempts ?? 0) + 1 };
      await this.write(entries);
      return true;
    });
  }

  /** Records the send with its message id. */
  public markSent(
    reportId: string,
    email: string,
    receipt: { messageId: string; atIso: string },
  ): Promise<void> {
    return this.update(reportId, email, {
      status: 'sent',
      messageId: receipt.messageId,
      updatedAt: receipt.atIso,
    });
  }

  /** Records the failure; a later run may claim the message again. */
  public markFailed(
    reportId: string,
    email: string,
    failure: { reason: string; atIso: string },
  ): Promise<void> {
    return this.update(reportId, email, {
      status: 'failed',
      reason: failure.reason,
      updatedAt: failure.atIso,
    });
  }

  /** The entry of one message, or null; for diagnostics and tests. */
  public async entry(reportId: string, email: string): Promise<SendLedgerEntry | null> {
    return (await this.read())[ledgerKey(reportId, email)] ?? null;
  }

  private update(
    reportId: string,
    email: string,
    change: Omit<SendLedgerEntry, 'attempts'>,
  ): Promise<void> {
    return this.queue.run(async () => {
      const entries = await this.read();
      const key = ledgerKey(reportId, email);
      entries[key] = { attempts: entries[key]?.attempts ?? 1, ...change };
      await this.write(entries);
    });
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

  private async write(entries: LedgerEntries): Promise<void> {
    await writeFileAtomic(this.filePath, `${JSON.stringify(entries, null, 2)}\n`);
  }
}

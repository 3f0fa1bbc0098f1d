import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AftershockError } from '../../errors.ts';
import { isDynamoConditionFailure as isConditionFailure } from '../../shared/aws-errors.ts';
import { DAY_MS } from '../../shared/time.ts';
import { ledgerKey } from '../message-tags.ts';
import type { SendLedger } from '../ports.ts';
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
} from '../send-ledger-rules.ts';
import { entryOf, type Item, keyAttributes } from './dynamo-ledger-items.ts';

export { ledgerKey } from '../message-tags.ts';

/** How long ledger entries are kept before DynamoDB TTL may delete them. */
export const LEDGER_RETENTION_DAYS = 90;
/** A write that loses this many races in a row means something else is hammering one key. */
const MAX_RACES = 8;
/** Items remembered as write guesses: a run has at most a few dozen sends in flight. */
const MAX_REMEMBERED = 256;
/** Options of {@link DynamoSendLedger}. */
export interface DynamoSendLedgerOptions {
  tableName: string;
  retentionDays?: number;
}

/**
 * {@link SendLedger} in a DynamoDB table keyed `pk = reportId#email`. Every change reads the
 * entry (consistently), applies the rules of `send-ledger-rules.ts`, and writes the result with
 * a condition on the entry's `version`, so of two senders (or a sender and an SES event) racing
 * on one message exactly one write wins and the other is judged again against it. Rejections
 * are counted per address in a `~rejections#email` item (a set of report ids, so a repeated
 * count is harmless). Entries carry `expiresAt` (epoch seconds) for the table's TTL; nothing here
 * relies on TTL having run.
 */
export class DynamoSendLedger implements SendLedger {
  private readonly retentionMs: number;
  private readonly lastWritten = new Map<string, Item>();

  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DynamoSendLedgerOptions,
  ) {
    this.retentionMs = (options.retentionDays ?? LEDGER_RETENTION_DAYS) * DAY_MS;
  }

  /** Claims one message by the rules of `applyClaim`, taking over a dead sender's claim first. */
  public claim(request: ClaimRequest): Promise<ClaimResult> {
    // Most claims are of messages never claimed: try that first, read only when it was wrong.
    return this.mutate(
      request.reportId,
      request.email,
      request.nowMs,
      (entry) => applyClaim(entry, request),
      { item: undefined },
    );
  }

  /** Records a sender's outcome against its claim; returns the status the entry has afterwards. */
  public record(
    reportId: string,
    email: string,
    claimId: string,
    outcome: SendOutcome,
  ): Promise<LedgerStatus | null> {
    const pk = ledgerKey(reportId, email);
    const mine = this.lastWritten.get(pk);
    this.lastWritten.delete(pk);
    return this.mutate(
      reportId,
      email,
      outcome.atMs,
      (entry) =>
        entry !== null && outcomeApplies(entry, claimId, outcome.status)
          ? { next: outcomeEntry(entry, outcome), result: outcome.status }
          : { next: null, result: entry?.status ?? null },
      mine?.claimId === claimId ? { item: mine } : undefined,
    );
  }

  /** Applies an SES event's verdict to a message that is not final yet. */
  public settle(
    reportIdOrTag: string,
    email: string,
    settlement: EventSettlement,
  ): Promise<'settled' | 'final' | 'none'> {
    return this.mutate(reportIdOrTag, email, settlement.atMs, (entry) => {
      if (entry === null) return { next: null, result: 'none' as const };
      if (!SETTLEABLE.includes(entry.status)) return { next: null, result: 'final' as const };
      return { next: settledEntry(entry, settlement), result: 'settled' as const };
    });
  }

  /** Adds this report to the address's rejections; returns how many reports rejected it. */
  public async recordRejection(reportId: string, email: string, atMs: number): Promise<number> {
    const result = await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: `~rejections#${email}` },
        UpdateExpression: 'ADD rejectedReports :report SET email = :email, expiresAt = :expiresAt',
        ExpressionAttributeValues: {
          ':report': new Set([reportId]),
          ':email': email,
          ':expiresAt': this.expiresAtSeconds(atMs),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const reports = result.Attributes?.rejectedReports as Set<string> | undefined;
    return reports?.size ?? 1;
  }

  /** The entry of one message, or null. */
  public async entry(reportId: string, email: string): Promise<LedgerEntry | null> {
    return entryOf(await this.getItem(ledgerKey(reportId, email)));
  }

  private expiresAtSeconds(atMs: number): number {
    return Math.floor((atMs + this.retentionMs) / 1000);
  }

  private async getItem(pk: string): Promise<Item | undefined> {
    const found = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: { pk }, ConsistentRead: true }),
    );
    return found.Item as Item | undefined;
  }

  /**
   * Read, decide, write-if-unchanged; on a lost race, decide again against the winner. The
   * first round may start from a guess instead of a read: that there is no entry yet (a fresh
   * claim), or the item this instance just wrote (a sender recording its own claim's outcome).
   * A wrong guess only costs a failed conditional write.
   */
  private async mutate<T>(
    reportIdOrTag: string,
    email: string,
    atMs: number,
    change: (entry: LedgerEntry | null) => { next: LedgerEntry | null; result: T },
    guess?: { item: Item | undefined },
  ): Promise<T> {
    const pk = ledgerKey(reportIdOrTag, email);
    let known = guess;
    for (let race = 0; race < MAX_RACES; race += 1) {
      const item = known === undefined ? await this.getItem(pk) : known.item;
      known = undefined;
      const { next, result } = change(entryOf(item));
      if (next === null) return result;
      const written = { ...keyAttributes(item, pk, reportIdOrTag, email), ...next };
      const stored = { ...written, expiresAt: this.expiresAtSeconds(atMs) };
      if (await this.putIfUnchanged(stored, item)) {
        this.remember(pk, { ...stored, version: (item?.version ?? 0) + 1 });
        return result;
      }
    }
    throw new AftershockError(`The ledger entry ${pk} kept changing under ${MAX_RACES} writes`);
  }

  /** Keeps the last item this instance wrote per key (bounded), as the next write's guess. */
  private remember(pk: string, item: Item): void {
    this.lastWritten.delete(pk);
    this.lastWritten.set(pk, item);
    if (this.lastWritten.size > MAX_REMEMBERED) {
      const oldest = this.lastWritten.keys().next().value;
      if (oldest !== undefined) this.lastWritten.delete(oldest);
    }
  }

  private async putIfUnchanged(next: Item, previous: Item | undefined): Promise<boolean> {
    const version = previous?.version;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...next, version: (version ?? 0) + 1 },
          ConditionExpression:
            previous === undefined
              ? 'attribute_not_exists(pk)'
              : version === undefined
                ? 'attribute_not_exists(#version)'
                : '#version = :version',
          ...(previous === undefined
            ? {}
            : { ExpressionAttributeNames: { '#version': 'version' } }),
          ...(version === undefined ? {} : { ExpressionAttributeValues: { ':version': version } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

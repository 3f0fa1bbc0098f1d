import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendLedger } from '../ports.ts';

/** How long ledger entries are kept before DynamoDB TTL may delete them. */
export const LEDGER_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of {@link DynamoSendLedger}. */
export interface DynamoSendLedgerOptions {
  tableName: string;
  /** Clock, injectable for tests. */
  nowMs?: () => number;
  retentionDays?: number;
}

/**
 * Ledger key of one message. Exported so tests and admin tools read the same key.
 *
 * @example
 * ledgerKey('2026-11-25-btc', 'a@example.com'); // '2026-11-25-btc#a@example.com'
 */
export function ledgerKey(reportId: string, email: string): string {
  return `${reportId}#${email}`;
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * {@link SendLedger} in a DynamoDB table keyed `pk = reportId#email`. A claim is
 * a conditional put that succeeds only when there is no entry or a failed one,
 * so two senders racing for the same message cannot both win. Entries carry
 * `expiresAt` (epoch seconds) for the table's TTL; nothing here relies on TTL
 * having run, since an expired entry only matters long after the report went out.
 */
export class DynamoSendLedger implements SendLedger {
  private readonly nowMs: () => number;
  private readonly retentionMs: number;

  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DynamoSendLedgerOptions,
  ) {
    this.nowMs = options.nowMs ?? Date.now;
    this.retentionMs = (options.retentionDays ?? LEDGER_RETENTION_DAYS) * DAY_MS;
  }

  private expiresAtSeconds(): number {
    return Math.floor((this.nowMs() + this.retentionMs) / 1000);
  }

  /** True when this caller won the claim; false when the message is claimed or sent. */
  public async claim(reportId: string, email: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            pk: ledgerKey(reportId, email),
            reportId,
            email,
            status: 'claimed',
            claimedAt: new Date(this.nowMs()).toISOString(),
            expiresAt: this.expiresAtSeconds(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Records the SES message id of a claimed message. */
  public async markSent(
    reportId: string,
    email: string,
    receipt: { messageId: string; atIso: string },
  ): Promise<void> {
    await this.update(reportId, email, 'sent', {
      '#detail': ['messageId', receipt.messageId],
      '#at': ['sentAt', receipt.atIso],
    });
  }

  /** Records why the send failed; the message may be claimed again later. */
  public async markFailed(
    reportId: string,
    email: string,
    failure: { reason: string; atIso: string },
  ): Promise<void> {
    await this.update(reportId, email, 'failed', {
      '#detail': ['reason', failure.reason],
      '#at': ['failedAt', failure.atIso],
    });
  }

  private async update(
    reportId: string,
    email: string,
    status: 'sent' | 'failed',
    fields: Record<'#detail' | '#at', [string, string]>,
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: ledgerKey(reportId, email) },
        UpdateExpression:
          'SET #status = :status, #detail = :detail, #at = :at, expiresAt = :expiresAt',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#detail': fields['#detail'][0],
          '#at': fields['#at'][0],
        },
        ExpressionAttributeValues: {
          ':status': status,
          ':detail': fields['#detail'][1],
          ':at': fields['#at'][1],
          ':expiresAt': this.expiresAtSeconds(),
        },
      }),
    );
  }
}

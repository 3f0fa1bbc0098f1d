import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isDynamoConditionFailure as isConditionFailure } from '../../shared/aws-errors.ts';
import {
  COOLDOWN_KEY,
  type CooldownClaim,
  type FlushStateStore,
  type StateData,
  type StateItem,
  type StateItemStatus,
} from './flush-state-store.ts';

/** Attribute names of the flush-state table: partition key `asset` (S), sort key `key` (S). */
export const FLUSH_STATE_TABLE_KEYS = { partitionKey: 'asset', sortKey: 'key' } as const;

/** Runs a conditional write; false when its condition did not hold. */
async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function toStateItem(row: Record<string, unknown>): StateItem {
  return {
    asset: String(row.asset),
    key: String(row.key),
    status: row.status as StateItemStatus,
    claimedAtMs: Number(row.claimedAtMs),
    data: (row.data ?? {}) as StateData,
  };
}

/**
 * {@link FlushStateStore} in a DynamoDB table keyed `asset` (partition, string) +
 * `key` (sort, string). Claims are conditional puts, the cooldown a conditional
 * update, so concurrent detector runs cannot both win; no transactions or TTL needed.
 */
export class DynamoFlushStateStore implements FlushStateStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Items of the asset with keys in the range, paging through the query. */
  public async list(asset: string, range: { fromKey: string; toKey: string }) {
    const items: StateItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#asset = :asset AND #key BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#asset': 'asset', '#key': 'key' },
          ExpressionAttributeValues: {
            ':asset': asset,
            ':from': range.fromKey,
            ':to': range.toKey,
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const row of page.Items ?? []) items.push(toStateItem(row));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  /** Conditional put: no item yet, or a claim older than `staleAfterMs`. */
  public claim(
    item: Omit<StateItem, 'status' | 'claimedAtMs'>,
    nowMs: number,
    staleAfterMs: number,
  ) {
    return conditionally(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, status: 'claimed', claimedAtMs: nowMs },
          ConditionExpression:
            'attribute_not_exists(#key) OR (#status = :claimed AND claimedAtMs < :stale)',
          ExpressionAttributeNames: { '#key': 'key', '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': nowMs - staleAfterMs },
        }),
      ),
    );
  }

  /** Sets the status and merges `data` key by key into the stored map. */
  public async settle(
    asset: string,
    key: string,
    status: Exclude<StateItemStatus, 'claimed'>,
    data: StateData,
  ): Promise<void> {
    const entries = Object.entries(data);
    const names: Record<string, string> = { '#status': 'status', '#data': 'data' };
    const values: Record<string, unknown> = { ':status': status };
    const sets = ['#status = :status'];
    entries.forEach(([name, value], index) => {
      names[`#d${index}`] = name;
      values[`:d${index}`] = value;
      sets.push(`#data.#d${index} = :d${index}`);
    });
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { asset, key },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Deletes the item. */
  public async release(asset: string, key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { asset, key } }));
  }

  /** Conditional update of `lastFlashMs` on the asset's `cooldown` item. */
  public async claimCooldown(
    asset: string,
    nowMs: number,
    cooldownMs: number,
  ): Promise<CooldownClaim> {
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { asset, key: COOLDOWN_KEY },
          UpdateExpression: 'SET lastFlashMs = :now',
          ConditionExpression: 'attribute_not_exists(lastFlashMs) OR lastFlashMs <= :cutoff',
          ExpressionAttributeValues: { ':now': nowMs, ':cutoff': nowMs - cooldownMs },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      const previous = result.Attributes?.lastFlashMs;
      return { claimed: true, previousFlashMs: typeof previous === 'number' ? previous : null };
    } catch (error) {
      if (isConditionFailure(error)) return { claimed: false, previousFlashMs: null };
      throw error;
    }
  }

  /** Puts the previous flash time back, only if this caller's claim is still the last one. */
  public async restoreCooldown(
    asset: string,
    claimedAtMs: number,
    previousFlashMs: number | null,
  ): Promise<void> {
    await conditionally(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { asset, key: COOLDOWN_KEY },
          UpdateExpression:
            previousFlashMs === null ? 'REMOVE lastFlashMs' : 'SET lastFlashMs = :previous',
          ConditionExpression: 'lastFlashMs = :mine',
          ExpressionAttributeValues: {
            ':mine': claimedAtMs,
            ...(previousFlashMs === null ? {} : { ':previous': previousFlashMs }),
          },
        }),
      ),
    );
  }
}

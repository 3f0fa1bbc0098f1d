import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AftershockError } from '../../errors.ts';
import { isDynamoConditionFailure } from '../../shared/aws-errors.ts';
import { maskEmail, normalizeEmail } from '../normalize-email.ts';
import type {
  ActiveSubscriberQuery,
  ConditionalSubscriberStore,
  SubscriberPage,
} from '../ports.ts';
import {
  type Subscriber,
  type SubscriberPreferences,
  type SubscriberStatus,
  subscriberSchema,
  subscriberWantsAssets,
} from '../subscriber.ts';

/** A table item that is not a readable subscriber: its key (masked) and why. */
export interface InvalidSubscriberItem {
  key: string;
  reason: string;
}

/** Options of {@link DynamoSubscriberStore}. */
export interface DynamoSubscriberStoreOptions {
  /** Called once per unreadable item met; the item is skipped, never fatal. */
  onInvalid?: (item: InvalidSubscriberItem) => void;
}

/**
 * Name of the numeric attribute (epoch seconds) that DynamoDB TTL may use to delete expired
 * pending sign-ups in AWS. Reads never rely on it: the emulator has no TTL, and real TTL
 * deletes up to days late, so expiry is always checked against `expiresAt` in code.
 */
export const SUBSCRIBER_TTL_ATTRIBUTE = 'ttlEpochSeconds';

function describeIssues(error: {
  issues: Array<{ path: PropertyKey[]; message: string }>;
}): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'item'}: ${issue.message}`)
    .join('; ');
}

function toItem(subscriber: Subscriber): Record<string, unknown> {
  const parsed = subscriberSchema.safeParse({
    ...subscriber,
    email: normalizeEmail(subscriber.email),
    assets: subscriber.assets.map((asset) => asset.toUpperCase()),
  });
  if (!parsed.success) {
    throw new AftershockError(`Subscriber not stored: ${describeIssues(parsed.error)}`);
  }
  const item: Record<string, unknown> = { ...parsed.data };
  if (parsed.data.status === 'pending' && parsed.data.expiresAt !== undefined) {
    item[SUBSCRIBER_TTL_ATTRIBUTE] = Math.ceil(Date.parse(parsed.data.expiresAt) / 1000);
  }
  return item;
}

function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key === undefined ? null : Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key !== null && typeof Reflect.get(key, 'email') === 'string') {
      return key as Record<string, unknown>;
    }
  } catch {
    // Reported below with the cursor itself.
  }
  throw new AftershockError(`Invalid subscriber page cursor "${cursor}"`);
}

/**
 * {@link SubscriberStore} on a DynamoDB table keyed by the normalised `email` (string).
 *
 * `listActive` is a Scan filtered on `status = active` rather than a Query on a status GSI:
 * the Scan reads (and bills) every item, unsubscribed ones included, and a page may hold
 * fewer than `pageSize` items because `Limit` counts items before the filter; but it needs
 * no index to keep in sync and has no single hot `status = active` partition. For a
 * newsletter list read once per report that is the cheaper trade; a sparse GSI is the
 * upgrade path if the list grows into the millions. Topics are filtered in code
 * (case-insensitively, like the local store) and every item is validated: an unreadable
 * one is reported through `onInvalid` and skipped, so one bad item never stops a send.
 */
export class DynamoSubscriberStore implements ConditionalSubscriberStore {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    public readonly tableName: string,
    private readonly options: DynamoSubscriberStoreOptions = {},
  ) {}

  /** Inserts or replaces the subscriber (email normalised, assets upper-cased). */
  public async upsert(subscriber: Subscriber): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: toItem(subscriber) }));
  }

  /**
   * Puts the subscriber only while the stored item's `updatedAt` is still `expectedUpdatedAt`
   * (null: only while there is no item): one conditional PutItem, so of two racing sign-ups of
   * one address exactly one wins. False when the condition failed.
   */
  public async replaceIfUnchanged(
    subscriber: Subscriber,
    expectedUpdatedAt: string | null,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(subscriber),
          ...(expectedUpdatedAt === null
            ? { ConditionExpression: 'attribute_not_exists(email)' }
            : {
                ConditionExpression: 'updatedAt = :expected',
                ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isDynamoConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The subscriber with this email (normalised first); null when absent or unreadable. */
  public async get(email: string): Promise<Subscriber | null> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { email: normalizeEmail(email) },
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? null : this.readItem(result.Item);
  }

  /** One page of active subscribers wanting `asset` (or all); the cursor wraps `LastEvaluatedKey`. */
  public async listActive(query: ActiveSubscriberQuery): Promise<SubscriberPage> {
    const startKey = decodeCursor(query.cursor);
    const result = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: Math.max(1, Math.trunc(query.pageSize)),
        FilterExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    const subscribers = this.readItems(result.Items ?? []).filter(
      (subscriber) =>
        subscriber.status === 'active' &&
        (query.asset === undefined || subscriberWantsAssets(subscriber, [query.asset])),
    );
    return { subscribers, nextCursor: encodeCursor(result.LastEvaluatedKey) };
  }

  /**
   * Sets status and `updatedAt` (and `confirmedAt` on first activation) in one conditional
   * update; leaving `pending` drops the expiry. Null when no subscriber has this email.
   */
  public async setStatus(
    email: string,
    status: SubscriberStatus,
    atIso: string,
  ): Promise<Subscriber | null> {
    const sets = ['#status = :status', 'updatedAt = :at'];
    if (status === 'active') sets.push('confirmedAt = if_not_exists(confirmedAt, :at)');
    // Leaving `pending` ends the sign-up: its expiry and confirmation nonce go with it.
    const remove =
      status === 'pending'
        ? ''
        : ` REMOVE expiresAt, confirmationNonce, ${SUBSCRIBER_TTL_ATTRIBUTE}`;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { email: normalizeEmail(email) },
          UpdateExpression: `SET ${sets.join(', ')}${remove}`,
          ConditionExpression: 'attribute_exists(email)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': atIso },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes === undefined ? null : this.readItem(result.Attributes);
    } catch (error) {
      if (isDynamoConditionFailure(error)) return null;
      throw error;
    }
  }

  /**
   * Replaces an active subscriber's assets and mail kinds in one update conditioned on the
   * status, so an unsubscribe or bounce that lands meanwhile stays. Null when absent or not
   * active.
   */
  public async setPreferences(
    email: string,
    preferences: SubscriberPreferences,
    atIso: string,
  ): Promise<Subscriber | null> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { email: normalizeEmail(email) },
          UpdateExpression: 'SET assets = :assets, wants = :wants, updatedAt = :at',
          ConditionExpression: 'attribute_exists(email) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':assets': preferences.assets.map((asset) => asset.toUpperCase()),
            ':wants': [...preferences.wants],
            ':at': atIso,
            ':active': 'active',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes === undefined ? null : this.readItem(result.Attributes);
    } catch (error) {
      if (isDynamoConditionFailure(error)) return null;
      throw error;
    }
  }

  /** Every readable subscriber, any status (a full Scan: for admin and tests, not fan-out). */
  public async list(): Promise<Subscriber[]> {
    const all: Subscriber[] = [];
    let startKey: ScanCommandInput['ExclusiveStartKey'];
    do {
      const result = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      all.push(...this.readItems(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined);
    return all;
  }

  private readItems(items: ReadonlyArray<Record<string, unknown>>): Subscriber[] {
    return items.flatMap((item) => {
      const subscriber = this.readItem(item);
      return subscriber === null ? [] : [subscriber];
    });
  }

  private readItem(item: Record<string, unknown>): Subscriber | null {
    // The schema strips attributes it does not know, such as the TTL number.
    const parsed = subscriberSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const email = typeof item.email === 'string' ? maskEmail(item.email) : '(no email)';
    this.options.onInvalid?.({ key: email, reason: describeIssues(parsed.error) });
    return null;
  }
}

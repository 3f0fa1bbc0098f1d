import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isDynamoConditionFailure } from '../../shared/aws-errors.ts';
import { DAY_MS } from '../../shared/time.ts';
import {
  type RateCounter,
  type RateRule,
  windowKey,
  windowStartMs,
} from '../subscription/rate-counter.ts';

/** Partition key of the rate-limit table (string): `<key>#<window start>`. */
export const RATE_LIMIT_KEY_ATTRIBUTE = 'key';
/** TTL attribute (epoch seconds): a day after the window ends, DynamoDB may delete the counter. */
export const RATE_LIMIT_TTL_ATTRIBUTE = 'expiresAt';

/**
 * {@link RateCounter} on a DynamoDB table: one item per key and window, incremented with a
 * single conditional UpdateItem (`ADD hits 1` if `hits < limit`), so concurrent callers can
 * never count past the limit (audit #20: the read-then-write allowed 13 of 50 concurrent).
 */
export class DynamoRateCounter implements RateCounter {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    public readonly tableName: string,
  ) {}

  /** Counts one hit unless the window is full; false when it was. */
  public async hit(key: string, rule: RateRule, nowMs: number): Promise<boolean> {
    const windowEndMs = windowStartMs(nowMs, rule.windowMs) + rule.windowMs;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [RATE_LIMIT_KEY_ATTRIBUTE]: windowKey(key, rule, nowMs) },
          UpdateExpression: 'ADD hits :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeNames: { '#ttl': RATE_LIMIT_TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': rule.limit,
            ':ttl': Math.ceil((windowEndMs + DAY_MS) / 1000),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isDynamoConditionFailure(error)) return false;
      throw error;
    }
  }
}

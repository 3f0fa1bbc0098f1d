import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FLUSH_STATE_TABLE_KEYS } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { createActiveTable, uniqueName } from '../../support/dynamo-tables.ts';

/** Creates a flush-state table with the key schema the stack must use, returns its name. */
export async function createFlushStateTable(doc: DynamoDBDocumentClient): Promise<string> {
  const { partitionKey, sortKey } = FLUSH_STATE_TABLE_KEYS;
  return createActiveTable(doc, {
    TableName: uniqueName('flush-state'),
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' },
      { AttributeName: sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

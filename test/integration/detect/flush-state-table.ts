import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FLUSH_STATE_TABLE_KEYS } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { uniqueName } from '../publish/aws-test-support.ts';

/** Creates a flush-state table with the key schema the stack must use, returns its name. */
export async function createFlushStateTable(doc: DynamoDBDocumentClient): Promise<string> {
  const table = uniqueName('flush-state');
  const { partitionKey, sortKey } = FLUSH_STATE_TABLE_KEYS;
  await doc.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        { AttributeName: sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return table;
}

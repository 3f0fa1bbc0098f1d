import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import { dynamoDocumentClient } from '../../lambdas/publish/aws/aws-clients.ts';
import { DynamoSubscriberStore } from '../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { JsonSubscriberStore, type SubscriberStore } from '../../lambdas/publish/index.ts';

/**
 * The subscriber store a CLI command works on: DynamoDB when `aws.subscribersTable` is
 * configured, else the local JSON file (`local.subscribersFile`, default
 * `<outDir>/subscribers.json`). Unreadable records are reported on `warn`.
 */
export function cliSubscriberStore(
  config: Config,
  outDir: string,
  warn: (line: string) => void,
): { store: SubscriberStore; where: string } {
  const table = config.aws.subscribersTable;
  if (table !== undefined) {
    const store = new DynamoSubscriberStore(dynamoDocumentClient(config), table, {
      onInvalid: (item) => warn(`skipped unreadable subscriber ${item.key}: ${item.reason}`),
    });
    return { store, where: `DynamoDB table ${table}` };
  }
  const file = config.local.subscribersFile ?? path.join(outDir, 'subscribers.json');
  const store = new JsonSubscriberStore(file, (record) =>
    warn(`skipped unreadable subscriber #${record.index + 1} in ${file}: ${record.reason}`),
  );
  return { store, where: file };
}

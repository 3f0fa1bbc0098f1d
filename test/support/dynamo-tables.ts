import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A name no other suite sharing the emulators uses (lower case, S3-safe). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Creates a table on dynalite and waits until it is ACTIVE: dynalite answers CreateTable with
 * CREATING and flips the status on a timer, and a write before then fails with
 * ResourceNotFoundException (the flake of reliability audit #39). No vitest here, so the chaos
 * command can use it too.
 */
export async function createActiveTable(
  doc: DynamoDBDocumentClient,
  input: CreateTableCommandInput & { TableName: string },
): Promise<string> {
  await doc.send(new CreateTableCommand(input));
  await waitUntilTableExists(
    { client: doc, minDelay: 0.05, maxDelay: 0.5, maxWaitTime: 20 },
    { TableName: input.TableName },
  );
  return input.TableName;
}

/** A table with one string hash key, as the ledger (`pk`) and subscribers (`email`) use. */
export function createKeyedTable(
  doc: DynamoDBDocumentClient,
  prefix: string,
  key: 'pk' | 'email',
): Promise<string> {
  return createActiveTable(doc, {
    TableName: uniqueName(prefix),
    AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

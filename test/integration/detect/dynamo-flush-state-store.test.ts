import { describe } from 'vitest';
import { DynamoFlushStateStore } from '../../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { flushStateContract } from '../../unit/flush-state/flush-state-contract.ts';
import { emulatorClients, emulatorConfig } from '../publish/aws-test-support.ts';
import { createFlushStateTable } from './flush-state-table.ts';

describe('DynamoFlushStateStore against dynalite', () => {
  const { doc } = emulatorClients(emulatorConfig());
  flushStateContract(async () => new DynamoFlushStateStore(doc, await createFlushStateTable(doc)));
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { JsonFlushStateStore } from '../../../lambdas/publish/flush-state/json-flush-state-store.ts';
import { flushStateContract } from './flush-state-contract.ts';

describe('JsonFlushStateStore', () => {
  flushStateContract(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-flush-state-'));
    return new JsonFlushStateStore(path.join(dir, 'flush-state.json'));
  });
});

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoSubscriberStore,
  type InvalidSubscriberItem,
} from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import type { Subscriber } from '../../../lambdas/publish/index.ts';
import { emulatorClients, emulatorConfig, subscriber } from '../publish/aws-test-support.ts';
import { createSubscribersTable } from './subscriber-test-support.ts';

async function allActive(store: DynamoSubscriberStore, asset?: string): Promise<Subscriber[]> {
  const found: Subscriber[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listActive({
      pageSize: 3,
      ...(asset === undefined ? {} : { asset }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    found.push(...page.subscribers);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return found;
}

describe('DynamoSubscriberStore against dynalite', () => {
  const { doc } = emulatorClients(emulatorConfig());
  const invalid: InvalidSubscriberItem[] = [];
  let store: DynamoSubscriberStore;
  let table: string;

  beforeAll(async () => {
    table = await createSubscribersTable(doc);
    store = new DynamoSubscriberStore(doc, table, { onInvalid: (item) => invalid.push(item) });
  });

  it('stores a normalised, upper-cased record and reads it back by any spelling', async () => {
    await store.upsert(subscriber('Read.Back@Example.com', { assets: ['btc'] }));
    const got = await store.get('  read.back@EXAMPLE.com ');
    expect(got?.email).toBe('read.back@example.com');
    expect(got?.assets).toEqual(['BTC']);
    expect(got?.consent.form).toBe('integration-test');
  });

  it('pages through active subscribers only, across pages, filtered by topic', async () => {
    const pageTable = await createSubscribersTable(doc);
    const paged = new DynamoSubscriberStore(doc, pageTable);
    for (let i = 0; i < 10; i += 1) {
      await paged.upsert(
        subscriber(`active${i}@page.test`, { assets: i % 2 === 0 ? [] : ['ETH'] }),
      );
    }
    for (const status of ['pending', 'unsubscribed', 'bounced', 'complained'] as const) {
      await paged.upsert(subscriber(`${status}@page.test`, { status }));
    }
    const everyone = await allActive(paged);
    expect(everyone.map((s) => s.email).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `active${i}@page.test`).sort(),
    );
    const btc = await allActive(paged, 'btc');
    expect(btc, 'ETH-only subscribers do not want BTC').toHaveLength(5);
    expect(btc.every((s) => s.assets.length === 0)).toBe(true);
  });

  it('sets status with confirmedAt once and drops the pending expiry', async () => {
    await store.upsert(
      subscriber('status@example.com', {
        status: 'pending',
        confirmedAt: undefined,
        expiresAt: '2026-11-03T00:00:00.000Z',
      }),
    );
    const active = await store.setStatus(
      'status@example.com',
      'active',
      '2026-11-02T00:00:00.000Z',
    );
    expect(active?.confirmedAt).toBe('2026-11-02T00:00:00.000Z');
    expect(active?.expiresAt, 'an active subscriber does not expire').toBeUndefined();
    const again = await store.setStatus('status@example.com', 'active', '2026-11-05T00:00:00.000Z');
    expect(again?.confirmedAt, 'first confirmation kept').toBe('2026-11-02T00:00:00.000Z');
    expect(
      await store.setStatus('nobody@example.com', 'active', '2026-11-05T00:00:00.000Z'),
    ).toBeNull();
  });

  it('skips and reports a record missing fields instead of failing the listing', async () => {
    const badTable = await createSubscribersTable(doc);
    const reports: InvalidSubscriberItem[] = [];
    const bad = new DynamoSubscriberStore(doc, badTable, { onInvalid: (r) => reports.push(r) });
    await bad.upsert(subscriber('good@bad.test'));
    await doc.send(
      new PutCommand({ TableName: badTable, Item: { email: 'broken@bad.test', status: 'active' } }),
    );
    const listed = await allActive(bad);
    expect(listed.map((s) => s.email)).toEqual(['good@bad.test']);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.key, 'the address is masked in reports').toBe('b***@b***.test');
    expect(reports[0]?.reason).toMatch(/createdAt/);
    expect(await bad.get('broken@bad.test'), 'unreadable record reads as absent').toBeNull();
  });

  it('replaces a record only for the writer that read its current updatedAt (one of 10 racing)', async () => {
    const first = subscriber('cas@race.test', { status: 'pending' });
    expect(await store.replaceIfUnchanged(first, null)).toBe(true);
    expect(await store.replaceIfUnchanged(first, null), 'the item exists now').toBe(false);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.replaceIfUnchanged(
          { ...first, updatedAt: `2026-11-02T00:00:0${i}.000Z` },
          first.updatedAt,
        ),
      ),
    );
    expect(results.filter(Boolean), 'a conditional PutItem: exactly one wins').toHaveLength(1);
  });

  it('drops the expiry and confirmation nonce when a sign-up leaves pending', async () => {
    await store.upsert(
      subscriber('nonce@race.test', {
        status: 'pending',
        expiresAt: '2026-11-03T00:00:00.000Z',
        confirmationNonce: 'abcdefghijklmnop',
      }),
    );
    const active = await store.setStatus('nonce@race.test', 'active', '2026-11-02T00:00:00.000Z');
    expect(active?.confirmationNonce).toBeUndefined();
    expect(active?.expiresAt).toBeUndefined();
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(store.listActive({ pageSize: 5, cursor: 'not-a-cursor' })).rejects.toThrow(
      /Invalid subscriber page cursor/,
    );
  });
});

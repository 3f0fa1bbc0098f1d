import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type InvalidSubscriberRecord,
  JsonSubscriberStore,
  StoreFormatError,
  type Subscriber,
} from '../../../lambdas/publish/index.ts';

const FIXTURE = join(import.meta.dirname, '../../../samples/subscribers.json');

function subscriber(email: string, overrides: Partial<Subscriber> = {}): Subscriber {
  return {
    email,
    status: 'active',
    assets: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    consent: { at: '2026-01-01T00:00:00.000Z', form: 'test' },
    ...overrides,
  };
}

describe('JsonSubscriberStore', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-subs-'));
    file = join(dir, 'subscribers.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the sample fixture: 5 subscribers, 3 active, one for ETH only', async () => {
    const store = new JsonSubscriberStore(FIXTURE);
    const all = await store.list();
    expect(all).toHaveLength(5);
    expect(all.filter((s) => s.status === 'active')).toHaveLength(3);
    expect(all.map((s) => s.status).sort()).toEqual([
      'active',
      'active',
      'active',
      'pending',
      'unsubscribed',
    ]);
    expect(all.find((s) => s.email === 'carol@example.com')?.assets).toEqual(['ETH']);
  });

  it('treats a missing file as no subscribers', async () => {
    expect(await new JsonSubscriberStore(file).list()).toEqual([]);
  });

  it('reports a malformed record with its index and skips it', async () => {
    const records = [
      subscriber('good@example.com'),
      { email: 'broken@example.com', status: 'maybe' },
      subscriber('also-good@example.org'),
    ];
    await writeFile(file, JSON.stringify(records));
    const reported: InvalidSubscriberRecord[] = [];
    const store = new JsonSubscriberStore(file, (record) => reported.push(record));
    const page = await store.listActive({ pageSize: 10 });
    expect(page.subscribers.map((s) => s.email)).toEqual([
      'good@example.com',
      'also-good@example.org',
    ]);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.index).toBe(1);
    expect(reported[0]?.reason).toContain('status');
  });

  it('keeps a malformed record untouched when it rewrites the file', async () => {
    const broken = { email: 'broken@example.com', status: 'maybe' };
    await writeFile(file, JSON.stringify([broken, subscriber('a@example.com')]));
    const store = new JsonSubscriberStore(file);
    await store.setStatus('a@example.com', 'unsubscribed', '2026-02-01T00:00:00.000Z');
    const raw = JSON.parse(await readFile(file, 'utf8'));
    expect(raw[0], 'a person can still repair it').toEqual(broken);
    expect(raw[1].status).toBe('unsubscribed');
  });

  it('refuses a file that is not JSON with a StoreFormatError naming it', async () => {
    await writeFile(file, '[{');
    await expect(new JsonSubscriberStore(file).list()).rejects.toThrow(StoreFormatError);
    await expect(new JsonSubscriberStore(file).list()).rejects.toThrow(file);
  });

  it('upserts by normalised email and never duplicates', async () => {
    const store = new JsonSubscriberStore(file);
    await store.upsert(subscriber('Alice@Example.com '));
    await store.upsert(subscriber('alice@example.com', { assets: ['BTC'] }));
    const all = await store.list();
    expect(all).toHaveLength(1);
    expect(all[0]?.assets).toEqual(['BTC']);
    expect((await store.get(' ALICE@example.com'))?.email).toBe('alice@example.com');
  });

  it('sets confirmedAt on first activation and updatedAt on every change', async () => {
    const store = new JsonSubscriberStore(file);
    await store.upsert(subscriber('p@example.com', { status: 'pending' }));
    const active = await store.setStatus('p@example.com', 'active', '2026-03-01T10:00:00.000Z');
    expect(active?.confirmedAt).toBe('2026-03-01T10:00:00.000Z');
    const gone = await store.setStatus('p@example.com', 'bounced', '2026-03-02T10:00:00.000Z');
    expect(gone).toMatchObject({ status: 'bounced', updatedAt: '2026-03-02T10:00:00.000Z' });
    expect(gone?.confirmedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(
      await store.setStatus('nobody@example.com', 'active', '2026-03-02T10:00:00.000Z'),
    ).toBeNull();
  });

  it('pages through active subscribers of an asset until the cursor is null', async () => {
    await copyFile(FIXTURE, file);
    const store = new JsonSubscriberStore(file);
    await store.upsert(subscriber('zed@example.org', { assets: ['BTC'] }));
    const emails: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listActive({
        asset: 'BTC',
        pageSize: 1,
        ...(cursor ? { cursor } : {}),
      });
      emails.push(...page.subscribers.map((s) => s.email));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(emails).toEqual(['alice@example.com', 'bob@example.org', 'zed@example.org']);
    expect(pages).toBe(3);
  });

  it('serialises concurrent upserts so none is lost', async () => {
    const store = new JsonSubscriberStore(file);
    await Promise.all(
      Array.from({ length: 8 }, (_, n) => store.upsert(subscriber(`user${n}@example.com`))),
    );
    expect(await store.list()).toHaveLength(8);
  });
});

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
import { runCliProcess, runScriptsAtOnce } from '../../support/processes/run-script.ts';

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

  it("saves an active subscriber's choices, upper-cased, and refuses anyone not active", async () => {
    const store = new JsonSubscriberStore(file);
    await store.upsert(subscriber('a@example.com'));
    await store.upsert(subscriber('u@example.com', { status: 'unsubscribed' }));
    const at = '2026-03-01T10:00:00.000Z';
    const saved = await store.setPreferences(
      'A@example.com',
      { assets: ['eth'], wants: ['digest'] },
      at,
    );
    expect(saved).toMatchObject({ assets: ['ETH'], wants: ['digest'], updatedAt: at });
    expect(await store.get('a@example.com')).toEqual(saved);
    const prefs = { assets: ['BTC'], wants: ['flash' as const] };
    expect(
      await store.setPreferences('u@example.com', prefs, at),
      'never re-subscribes',
    ).toBeNull();
    expect((await store.get('u@example.com'))?.status).toBe('unsubscribed');
    expect(await store.setPreferences('nobody@example.com', prefs, at)).toBeNull();
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

describe('JsonSubscriberStore shared by several processes', () => {
  it('keeps all 200 records when 4 processes upsert 50 each into one file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'aftershock-subs-procs-')), 'subscribers.json');
    await runScriptsAtOnce('subscriber-upserts.ts', 4, (i) => [file, `proc${i}`, '50']);
    const { subscribers, invalid } = await new JsonSubscriberStore(file).load();
    expect(subscribers, 'audit #34 kept 93 of 200').toHaveLength(200);
    expect(invalid).toEqual([]);
  });

  it('lists all 6 addresses after 6 concurrent `aftershock subscribers add`', async () => {
    const out = await mkdtemp(join(tmpdir(), 'aftershock-subs-cli-'));
    await writeFile(join(out, 'subscribers.json'), '[]\n');
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        runCliProcess(['subscribers', 'add', `cli${i}@example.com`, '--out', out]),
      ),
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0, 0, 0]);
    const emails = (await new JsonSubscriberStore(join(out, 'subscribers.json')).list())
      .map((s) => s.email)
      .sort();
    expect(emails, 'audit #35: 5 of 6 present').toEqual(
      Array.from({ length: 6 }, (_, i) => `cli${i}@example.com`),
    );
  });
});

describe('JsonSubscriberStore.replaceIfUnchanged', () => {
  it('writes for the reader that saw the current version and refuses the one that did not', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'aftershock-subs-cas-')), 'subscribers.json');
    const store = new JsonSubscriberStore(file);
    const first = subscriber('cas@example.com', { status: 'pending' });
    expect(await store.replaceIfUnchanged(first, null)).toBe(true);
    expect(await store.replaceIfUnchanged(first, null), 'already there').toBe(false);
    const later = { ...first, updatedAt: '2026-01-02T00:00:00.000Z' };
    const results = await Promise.all([
      store.replaceIfUnchanged(later, first.updatedAt),
      store.replaceIfUnchanged({ ...later, assets: ['ETH'] }, first.updatedAt),
    ]);
    expect(results.sort(), 'of two racing writers exactly one wins').toEqual([false, true]);
  });
});

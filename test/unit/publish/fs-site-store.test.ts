import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublishError } from '../../../lambdas/errors.ts';
import { FsSiteStore } from '../../../lambdas/publish/index.ts';

const headers = { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=300' };

describe('FsSiteStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-site-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates folders and writes text and bytes under the root', async () => {
    const store = new FsSiteStore(join(dir, 'site'));
    await store.putFile({ key: 'reports/2026/11/25/x/index.html', body: '<h1>x</h1>', ...headers });
    await store.putFile({
      key: 'reports/2026/11/25/x/a.png',
      body: new Uint8Array([1, 2, 3]),
      ...headers,
    });
    expect(await readFile(join(dir, 'site/reports/2026/11/25/x/index.html'), 'utf8')).toBe(
      '<h1>x</h1>',
    );
    expect([...(await readFile(join(dir, 'site/reports/2026/11/25/x/a.png')))]).toEqual([1, 2, 3]);
  });

  it('overwrites a file whole and leaves no temporary files behind', async () => {
    const store = new FsSiteStore(dir);
    await store.putFile({ key: 'index.html', body: 'a much longer first version', ...headers });
    await store.putFile({ key: 'index.html', body: 'short', ...headers });
    expect(await store.getText('index.html')).toBe('short');
    expect(await readdir(dir), 'the temp file is renamed away').toEqual(['index.html']);
  });

  it('returns null for a key that does not exist', async () => {
    expect(await new FsSiteStore(dir).getText('manifest.json')).toBeNull();
  });

  it('throws a PublishError naming the path and reason when a parent is a file', async () => {
    await writeFile(join(dir, 'blocker'), 'I am a file');
    const store = new FsSiteStore(join(dir, 'blocker'));
    const error = await store
      .putFile({ key: 'reports/a/index.html', body: 'x', ...headers })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    const message = (error as PublishError).message;
    expect(message).toContain(join(dir, 'blocker', 'reports', 'a', 'index.html'));
    expect(message).toContain('ENOTDIR');
    expect(message, 'the reason is in words, not just a code').toContain('not a folder');
  });

  it.each(['../escape.html', '/abs.html', 'a//b.html', 'a\\b.html', ''])(
    'refuses the unsafe key "%s"',
    async (key) => {
      const store = new FsSiteStore(dir);
      await expect(store.putFile({ key, body: 'x', ...headers })).rejects.toThrow(PublishError);
    },
  );
});

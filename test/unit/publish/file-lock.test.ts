import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextOrNull, writeFileAtomic } from '../../../lambdas/publish/atomic-file.ts';
import { FileLockTimeoutError, withFileLock } from '../../../lambdas/publish/file-lock.ts';
import { runScriptsAtOnce } from '../../support/processes/run-script.ts';

const folder = () => mkdtempSync(path.join(tmpdir(), 'aftershock-lock-'));
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('withFileLock', () => {
  it('keeps all 200 updates when 4 processes add 50 each to one file', async () => {
    const file = path.join(folder(), 'counter.txt');
    await runScriptsAtOnce('lock-counter.ts', 4, () => [file, '50']);
    expect(await readFile(file, 'utf8'), '4 × 50 read-modify-writes, none lost').toBe('200');
    expect(await exists(`${file}.lock`), 'no lock left behind').toBe(false);
  });

  it('keeps all 100 updates when 100 callers in one process race for it', async () => {
    const file = path.join(folder(), 'counter.txt');
    await Promise.all(
      Array.from({ length: 100 }, () =>
        withFileLock(file, async () => {
          const value = Number((await readTextOrNull(file)) ?? '0');
          await new Promise((resolve) => setImmediate(resolve));
          await writeFileAtomic(file, String(value + 1));
        }),
      ),
    );
    expect(await readFile(file, 'utf8')).toBe('100');
  });

  it('takes over a lock left by a process that died when it is older than staleMs', async () => {
    const file = path.join(folder(), 'data.json');
    writeFileSync(`${file}.lock`, '{"pid":999999,"token":"dead"}');
    const longAgo = (Date.now() - 60_000) / 1000;
    await utimes(`${file}.lock`, longAgo, longAgo);
    const startedMs = Date.now();
    const result = await withFileLock(file, async () => 'ran', { staleMs: 1_000 });
    expect(result).toBe('ran');
    expect(Date.now() - startedMs, 'taken over at once, not after the timeout').toBeLessThan(1_000);
    expect(await exists(`${file}.lock`)).toBe(false);
  });

  it('waits for a live holder and gives up with FileLockTimeoutError after timeoutMs', async () => {
    const file = path.join(folder(), 'data.json');
    writeFileSync(`${file}.lock`, '{"pid":1,"token":"live"}');
    const startedMs = Date.now();
    const attempt = withFileLock(file, async () => 'ran', { staleMs: 60_000, timeoutMs: 150 });
    await expect(attempt).rejects.toThrow(FileLockTimeoutError);
    await expect(attempt).rejects.toThrow(/data\.json is locked by another process/);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(150);
    expect(await readFile(`${file}.lock`, 'utf8'), 'someone else’s lock is left alone').toContain(
      'live',
    );
  });

  it('releases the lock when the guarded work throws, and passes the error on', async () => {
    const file = path.join(folder(), 'data.json');
    await expect(
      withFileLock(file, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await exists(`${file}.lock`)).toBe(false);
    expect(await withFileLock(file, async () => 'next caller gets it')).toBe('next caller gets it');
  });

  it('touches a lock held longer than staleMs, so it never looks stale to others', async () => {
    const file = path.join(folder(), 'data.json');
    let ageMs = Number.POSITIVE_INFINITY;
    await withFileLock(
      file,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        ageMs = Date.now() - (await stat(`${file}.lock`)).mtimeMs;
      },
      { staleMs: 150 },
    );
    expect(ageMs, 'refreshed every staleMs / 3 = 50 ms while held 400 ms').toBeLessThan(150);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLockTimeoutError, withFileLock } from '../../../lambdas/publish/index.ts';
import { readTextOrNull, writeFileAtomic } from '../../../lambdas/shared/atomic-file.ts';

const WORKER = join(import.meta.dirname, '../../support/file-lock-worker.ts');

async function runWorker(file: string, times: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, file, String(times)], {
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/** The pid of a process that has already exited (so no process holds it now). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid ?? -1;
}

describe('withFileLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no update when 4 processes each add 1 to a counter 25 times', async () => {
    const file = join(dir, 'counter.txt');
    const codes = await Promise.all(Array.from({ length: 4 }, () => runWorker(file, 25)));
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(await readFile(file, 'utf8'), '4 × 25 increments, none lost').toBe('100');
  });

  it('takes over at once a lock whose holder on this host has exited', async () => {
    const file = join(dir, 'ledger.json');
    const owner = { token: 'dead', pid: await deadPid(), host: hostname(), at: Date.now() };
    await writeFile(`${file}.lock`, JSON.stringify(owner));
    const result = await withFileLock(file, async () => 'ran', { timeoutMs: 1_000 });
    expect(result).toBe('ran');
  });

  it('takes over a lock older than staleMs even while its pid is alive', async () => {
    const file = join(dir, 'ledger.json');
    const owner = { token: 'old', pid: process.pid, host: hostname(), at: 0 };
    await writeFile(`${file}.lock`, JSON.stringify(owner));
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await utimes(`${file}.lock`, twoMinutesAgo, twoMinutesAgo);
    await expect(withFileLock(file, async () => 'ran', { staleMs: 60_000 })).resolves.toBe('ran');
  });

  it('gives up after timeoutMs when a live holder keeps a fresh lock, naming the holder', async () => {
    const file = join(dir, 'ledger.json');
    const owner = { token: 'live', pid: process.pid, host: hostname(), at: Date.now() };
    await writeFile(`${file}.lock`, JSON.stringify(owner));
    const attempt = withFileLock(file, async () => 'ran', { timeoutMs: 100 });
    await expect(attempt).rejects.toBeInstanceOf(FileLockTimeoutError);
    await expect(attempt).rejects.toThrow(`by process ${process.pid}`);
  });

  it('removes its lock when fn throws, so the next caller gets it at once', async () => {
    const file = join(dir, 'ledger.json');
    await expect(
      withFileLock(file, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(withFileLock(file, async () => 'ran', { timeoutMs: 100 })).resolves.toBe('ran');
  });
  it('keeps all 100 updates when 100 callers in one process race for it', async () => {
    const file = join(dir, 'counter.txt');
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

  it('touches a lock held longer than staleMs, so it never looks stale to others', async () => {
    const file = join(dir, 'data.json');
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

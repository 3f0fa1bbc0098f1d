import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { withFileLock } from '../../lambdas/publish/index.ts';
import { REPO_ROOT } from './cli-support.ts';

const READERS = 200;

/** `aftershock generate --out DIR` in its own process; resolves `mailing` when it starts mailing. */
function generate(outDir: string) {
  const child = spawn(
    process.execPath,
    // One asset's sample: concurrent mailing is what is tested, and it renders faster.
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'bin', 'aftershock.ts'),
      'generate',
      '--out',
      outDir,
      '--scenario',
      'long-flush-reclaim',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  const mailing = new Promise<void>((resolve) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.startsWith('mailing started')) resolve();
    });
  });
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout }));
  return { mailing, exited };
}

describe('two `aftershock generate` at once on one out folder', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('mails each of 200 readers once between them (the audit measured 74 mailed twice)', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'aftershock-two-runs-'));
    dirs.push(outDir);
    const at = '2026-01-05T09:00:00.000Z';
    const readers = Array.from({ length: READERS }, (_, i) => ({
      email: `reader${i}@example.com`,
      status: 'active',
      assets: [],
      createdAt: at,
      updatedAt: at,
      consent: { at, form: 'test' },
    }));
    await writeFile(path.join(outDir, 'subscribers.json'), JSON.stringify(readers));
    const ledgerFile = path.join(outDir, 'send-ledger.json');
    // Holding the ledger's lock until both are mailing makes them contend from the first claim.
    const runs = await withFileLock(ledgerFile, async () => {
      const both = [generate(outDir), generate(outDir)];
      await Promise.all(both.map((run) => run.mailing));
      return both;
    });
    const results = await Promise.all(runs.map((run) => run.exited));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const written = results.map((r) => Number(/Emails: +(\d+) written/.exec(r.stdout)?.[1]));
    expect(
      written.reduce((sum, n) => sum + n, 0),
      `sends by both runs together (${written.join(' + ')})`,
    ).toBe(READERS);
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')) as Record<
      string,
      { status: string; attempts: number }
    >;
    const entries = Object.values(ledger);
    expect(entries.filter((e) => e.status === 'sent' && e.attempts === 1)).toHaveLength(READERS);
    expect((await readdir(path.join(outDir, 'outbox'))).length).toBe(READERS);
  });
});

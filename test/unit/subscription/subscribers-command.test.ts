import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../bin/aftershock.ts';
import type { CommandIo } from '../../../bin/cli-support.ts';

describe('aftershock subscribers (local JSON store)', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let io: CommandIo;
  const run = (...args: string[]) => main(['subscribers', ...args, '--out', dir], io);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aftershock-subscribers-'));
    out = [];
    err = [];
    io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd: dir };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds an active subscriber with consent form "cli", lists and removes it', async () => {
    expect(await run('add', 'Ops@Example.com', '--assets', 'btc,eth')).toBe(0);
    const stored = JSON.parse(await readFile(path.join(dir, 'subscribers.json'), 'utf8'));
    expect(stored[0]).toMatchObject({
      email: 'ops@example.com',
      status: 'active',
      assets: ['BTC', 'ETH'],
      consent: { form: 'cli' },
    });
    out = [];
    expect(await run('list')).toBe(0);
    expect(out[0]).toMatch(/^ops@example\.com {2}active {2}BTC,ETH {2}since /);
    expect(await run('remove', 'ops@example.com')).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'subscribers.json'), 'utf8'))[0].status).toBe(
      'unsubscribed',
    );
    expect(await run('add', 'ops@example.com'), 'an unsubscribed address is not re-added').toBe(1);
    expect(err.at(-1)).toMatch(/unsubscribed; only its owner can subscribe again/);
  });

  it('imports a CSV, reporting each bad row with its line number, and exports CSV', async () => {
    const csv = [
      'email,assets',
      'a@example.com,BTC',
      'not-an-email,',
      'b@example.com,ETH;SOL',
      'c@example.com,BTC,extra',
      '',
      'x@mailinator.com,',
      'a@example.com,BTC',
    ].join('\n');
    await writeFile(path.join(dir, 'list.csv'), csv);
    expect(await run('import', 'list.csv'), 'bad rows make the exit code 1').toBe(1);
    expect(err).toEqual([
      'list.csv:3: That is not a valid email address',
      'list.csv:5: expected 2 field(s), found 3',
      'list.csv:7: Disposable email addresses cannot subscribe; use your own',
    ]);
    expect(out.at(-1)).toBe('added 2, updated 0, unchanged 1, refused 3');
    out = [];
    expect(await run('export')).toBe(0);
    const lines = (out[0] ?? '').split('\n');
    expect(lines[0]).toBe('email,assets,status,createdAt,confirmedAt,consentForm');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'a@example.com,BTC,active',
      'b@example.com,ETH SOL,active',
    ]);
  });

  it('refuses unknown actions and stray arguments as usage errors', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(await run('list', 'extra')).toBe(2);
    expect(await run('remove', 'nobody@example.com'), 'unknown address').toBe(1);
  });
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../../lambdas/publish/index.ts';

describe('local mail adapters', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-mail-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('files a message as <reportId>--<email>.eml and returns its Message-ID', async () => {
    const mailer = new OutboxMailer(join(dir, 'outbox'));
    const raw = 'Message-ID: <m1@example.com>\r\nSubject: hi\r\n\r\nbody\r\n';
    const result = await mailer.send({ to: 'alice@example.com', raw, reportId: 'r/1' });
    expect(result.messageId).toBe('<m1@example.com>');
    expect(await readdir(join(dir, 'outbox')), 'a slash in the id stays in the file name').toEqual([
      'r_1--alice@example.com.eml',
    ]);
    expect(await readFile(join(dir, 'outbox', 'r_1--alice@example.com.eml'), 'utf8')).toBe(raw);
  });
});

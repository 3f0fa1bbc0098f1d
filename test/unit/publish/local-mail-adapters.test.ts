import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonSendLedger, OutboxMailer } from '../../../lambdas/publish/index.ts';

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

  it('claims a message once; a failed one may be claimed again, a sent one never', async () => {
    const ledger = new JsonSendLedger(join(dir, 'ledger.json'));
    expect(await ledger.claim('r1', 'a@example.com')).toBe(true);
    expect(await ledger.claim('r1', 'a@example.com'), 'already claimed').toBe(false);
    expect(await ledger.claim('r2', 'a@example.com'), 'another report').toBe(true);
    await ledger.markFailed('r1', 'a@example.com', {
      reason: 'timeout',
      atIso: '2026-01-01T00:00:00Z',
    });
    expect(await ledger.claim('r1', 'a@example.com'), 'retry after failure').toBe(true);
    await ledger.markSent('r1', 'a@example.com', {
      messageId: '<m>',
      atIso: '2026-01-01T00:01:00Z',
    });
    expect(await ledger.claim('r1', 'a@example.com')).toBe(false);
    expect(await ledger.entry('r1', 'a@example.com')).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const ledger = new JsonSendLedger(join(dir, 'ledger.json'));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ledger.claim('r1', 'a@example.com')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps claims across instances over the same file', async () => {
    const file = join(dir, 'ledger.json');
    expect(await new JsonSendLedger(file).claim('r1', 'a@example.com')).toBe(true);
    expect(await new JsonSendLedger(file).claim('r1', 'a@example.com')).toBe(false);
  });
});

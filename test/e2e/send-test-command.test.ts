import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-support.ts';

describe('aftershock send-test', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-send-test-'));
  const outbox = path.join(outDir, 'outbox');

  beforeAll(() => {
    // One asset's sample: the test mail is what is tested, and it renders in a third of the time.
    const run = runCli(['generate', '--out', outDir, '--scenario', 'long-flush-reclaim']);
    if (run.code !== 0) throw new Error(`generate failed: ${run.stderr}`);
  });

  it('mails the latest report to the given address only, marked as a test', async () => {
    const before = readdirSync(outbox).length;
    const result = runCli(['send-test', '--to', 'Editor@Example.org', '--out', outDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/sent .* to e\*\*\*@e\*\*\*\.org/);
    const files = readdirSync(outbox);
    expect(files.length, 'exactly one new message').toBe(before + 1);
    const file = files.find((f) => f.startsWith('test-') && f.includes('editor@example.org'));
    expect(file).toBeDefined();
    const mail = await simpleParser(readFileSync(path.join(outbox, file ?? '')));
    expect(mail.subject).toMatch(/^\[Test\] /);
    expect(mail.text).not.toContain('__AFTERSHOCK_UNSUBSCRIBE_URL__');
  });

  it('sends to nobody when one address is invalid', () => {
    const before = readdirSync(outbox).length;
    const result = runCli([
      'send-test',
      '--to',
      'ok@example.org',
      '--to',
      'not an email',
      '--out',
      outDir,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/email/i);
    expect(readdirSync(outbox).length, 'a typo sends nothing').toBe(before);
  });

  it('names the published reports when the report id is unknown', () => {
    const result = runCli([
      'send-test',
      '--to',
      'ok@example.org',
      '--report',
      'nope',
      '--out',
      outDir,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown report "nope"\. Published: 20/);
  });

  it('says to generate first when nothing was published', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'aftershock-send-test-empty-'));
    const result = runCli(['send-test', '--to', 'ok@example.org', '--out', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No report has been published yet/);
  });

  it('asks for an address', () => {
    const result = runCli(['send-test', '--out', outDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--to/);
  });
});

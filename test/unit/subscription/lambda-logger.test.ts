import { afterEach, describe, expect, it, vi } from 'vitest';
import { logLineFor } from '../../../lambdas/handlers/lambda-logger.ts';

describe('logLineFor', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes structured JSON lines that carry the report id as the correlation key', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const infos = vi.spyOn(console, 'info').mockImplementation((...args: unknown[]) => {
      written.push(args.map(String).join(' '));
    });
    logLineFor('2026-03-12-btc-long-flush-2030')('sent 12 of 12');
    const line = written.find((text) => text.includes('sent 12 of 12')) ?? '';
    expect(
      line,
      `one JSON line was written (console.info called ${infos.mock.calls.length}×)`,
    ).not.toBe('');
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record).toMatchObject({
      message: 'sent 12 of 12',
      reportId: '2026-03-12-btc-long-flush-2030',
      level: 'INFO',
    });
  });
});

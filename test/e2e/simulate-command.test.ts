import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCrashDataFolder } from '../unit/history/history-csv-fixtures.ts';
import { runCli } from './cli-support.ts';

const FORBIDDEN = /\b(NaN|undefined|Infinity)\b/;

describe('aftershock simulate (end to end)', () => {
  const dataDir = makeCrashDataFolder('aftershock-simulate-data-');
  const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'aftershock-simulate-out-')), 'run');
  let table: ReturnType<typeof runCli>;
  let json: ReturnType<typeof runCli>;

  beforeAll(() => {
    table = runCli(['simulate', '--data', dataDir, '--out', outDir]);
    json = runCli(['simulate', '--data', dataDir, '--json', '--from', '2025-01-02T12:00:00Z']);
  });

  it('prints the flash, its follow-ups and the digests with when and whether they were mailed', () => {
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/over replayed history \(binanceusdm\), not live data/);
    expect(table.stdout).toMatch(
      /2025-01-02 18:01 +BTC +flash +published mailed 1 +2025-01-02-btc-long-flush-1600/,
    );
    // Its readings stay "stabilizing": the story page is updated, the subscriber is not mailed.
    expect(table.stdout).toMatch(
      /BTC +follow-up 4h +published not mailed .* \(not mailed: the reading is stabilizing, as at 1h; the story page is updated\)/,
    );
    expect(table.stdout).toMatch(/2025-01-03 07:00 +BTC +digest +published mailed 1/);
    expect(table.stdout).toMatch(/1 flashes \(1 mailed, 0 on the site only\)/);
    expect(FORBIDDEN.exec(table.stdout)?.[0]).toBeUndefined();
  });

  it('writes the site, the outbox and the flush state into --out', () => {
    const files = readdirSync(outDir);
    for (const name of ['site', 'outbox', 'flush-state.json', 'send-ledger.json'])
      expect(files).toContain(name);
    expect(readdirSync(path.join(outDir, 'outbox')).length).toBeGreaterThan(0);
  });

  it('prints a machine-readable timeline with --json from --from on', () => {
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as {
      from: string;
      source: { replayedHistory: boolean };
      timeline: Array<{ at: string; task: string; mailed: number }>;
      totals: { flashes: number; failed: number };
    };
    expect(printed.from).toBe('2025-01-02T12:00:00.000Z');
    expect(printed.source.replayedHistory).toBe(true);
    expect(printed.timeline.every((row) => row.at >= printed.from)).toBe(true);
    expect(printed.timeline.find((row) => row.task === 'flash')).toMatchObject({
      at: '2025-01-02T18:01:00.000Z',
      mailed: 1,
    });
    expect(printed.totals).toMatchObject({ flashes: 1, failed: 0 });
  });

  it('refuses an --out folder that holds an earlier run', () => {
    const again = runCli(['simulate', '--data', dataDir, '--out', outDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--out .* is not empty/);
  });

  it('names the missing option and the data range when the input is wrong', () => {
    const missing = runCli(['simulate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--data DIR is required/);
    const outside = runCli(['simulate', '--data', dataDir, '--from', '2030-01-01']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/the history runs from 2025-01-01T01:00:00.000Z/);
    const help = runCli(['simulate', '--help']);
    expect(help.stdout).toMatch(/Usage: aftershock simulate --data DIR/);
  });
});

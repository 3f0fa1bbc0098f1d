import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCrashDataFolder } from '../unit/history/history-csv-fixtures.ts';
import { listFiles, runCli } from './cli-support.ts';

const FORBIDDEN = /\b(NaN|undefined|Infinity)\b/;

describe('aftershock replay (end to end)', () => {
  const dataDir = makeCrashDataFolder('aftershock-replay-');
  const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-replay-out-'));
  let table: ReturnType<typeof runCli>;
  let json: ReturnType<typeof runCli>;
  let render: ReturnType<typeof runCli>;

  beforeAll(() => {
    table = runCli(['replay', '--data', dataDir]);
    json = runCli(['replay', '--data', dataDir, '--json']);
    render = runCli(['replay', '--data', dataDir, '--render', '--out', outDir]);
  });

  it('prints the flush with its side, tier, estimated liquidations and regimes', () => {
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /binance-vision BTCUSDT 60m {2}2025-01-01 00:00 → 2025-01-04 00:00 UTC/,
    );
    expect(table.stdout).toMatch(/2025-01-02 16:00 +\S+ +long +\w+ +~\$/);
    expect(table.stdout, 'estimated values are marked').toMatch(
      /~ = estimated from the fall in open interest/,
    );
    expect(FORBIDDEN.exec(table.stdout)?.[0]).toBeUndefined();
  });

  it('prints the flushes as JSON objects with the fields the issue names, beside the spikes', () => {
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as Record<string, Array<Record<string, unknown>>>;
    expect(Object.keys(printed)).toEqual(['flushes', 'spikes']);
    expect(printed.spikes, 'the crash moved the price: no spike').toEqual([]);
    const flushes = printed.flushes ?? [];
    expect(flushes).toHaveLength(1);
    expect(Object.keys(flushes[0] ?? {}).sort()).toEqual(
      [
        'asset',
        'end',
        'liqEstimated',
        'liqLongUsd',
        'liqShortUsd',
        'oiChangePercent',
        'priceMovePercent',
        'regimes',
        'side',
        'source',
        'start',
        'tier',
      ].sort(),
    );
    expect(flushes[0]?.start).toBe('2025-01-02T16:00:00.000Z');
    expect(flushes[0]?.oiChangePercent).toBe(-10);
    const regimes = (flushes[0]?.regimes ?? {}) as Record<string, unknown>;
    expect(Object.keys(regimes)).toEqual(['1h', '4h', '24h', '72h']);
    expect(regimes['72h'], 'the data ends before +72h').toBeNull();
  });

  it('renders the flash report and its follow-ups into <out>/site, with no emails', () => {
    expect(render.code, render.stderr).toBe(0);
    const files = listFiles(path.join(outDir, 'site'));
    const pages = files.filter((f) => f.startsWith('reports/') && f.endsWith('index.html'));
    const stories = pages.filter((f) => !f.includes('/v/'));
    expect(stories.length, 'one story page for the flush').toBe(1);
    expect(
      pages.filter((f) => f.includes('/v/')).map((f) => f.split('/v/')[1]),
      'its flash at +1h and follow-ups at +4h and +24h, kept under it',
    ).toEqual(['1h/index.html', '24h/index.html', '4h/index.html']);
    expect(files).toContain('index.html');
    expect(existsSync(path.join(outDir, 'outbox')), 'replay never mails').toBe(false);
    const page = readFileSync(path.join(outDir, 'site', pages[0] ?? ''), 'utf8');
    expect(FORBIDDEN.exec(page)?.[0]).toBeUndefined();
  });

  it('names the file and the expected columns when a CSV has wrong columns, and writes nothing', () => {
    const dir = makeCrashDataFolder('aftershock-replay-');
    writeFileSync(path.join(dir, 'BTCUSDT-1h-2025-02-01.csv'), 'time,price\n1,2\n');
    const out = mkdtempSync(path.join(tmpdir(), 'aftershock-replay-bad-'));
    const run = runCli(['replay', '--data', dir, '--render', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /BTCUSDT-1h-2025-02-01\.csv: not a Binance klines file: expected the columns open_time, open, high/,
    );
    expect(listFiles(out), 'nothing partial is written').toEqual([]);
  });

  it('says what the data covers when --from/--to select nothing', () => {
    const run = runCli(['replay', '--data', dataDir, '--from', '2030-01-01', '--to', '2030-02-01']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /No data between 2030-01-01 and 2030-02-01\. The data covers: binance-vision BTCUSDT 60m 2025-01-01T00:00–2025-01-04T00:00/,
    );
  });

  it('evaluates each flush against a labelled set and counts the agreement', () => {
    const labels = path.join(outDir, 'labels.json');
    writeFileSync(
      labels,
      JSON.stringify({
        description: 'test',
        source: 'test',
        method: 'test',
        compatible: 'test',
        events: [{ start: '2025-01-02T16:00:00Z', side: 'long', at24h: 'grind', at72h: 'grind' }],
      }),
    );
    const evaluated = runCli(['replay', '--data', dataDir, '--labels', labels]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/^\| flush start \(UTC\) \| side \|/m);
    expect(evaluated.stdout).toMatch(/\| 2025-01-02 16:00 \| long \|/);
    expect(evaluated.stdout).toMatch(/Labelled events found: 1 of 1\./);
    expect(evaluated.stdout).toMatch(
      /Reversals called while price sat beyond the flush extreme: 0\./,
    );
  });

  it('names the file when a labelled set is not one', () => {
    const bad = path.join(outDir, 'bad-labels.json');
    writeFileSync(bad, JSON.stringify({ events: [] }));
    const result = runCli(['replay', '--data', dataDir, '--labels', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad-labels\.json.*not a labelled set/);
    expect(runCli(['replay', '--data', dataDir, '--labels', '/nonexistent.json']).stderr).toMatch(
      /--labels: cannot read/,
    );
  });

  it('is a usage error without --data or with a reversed range', () => {
    expect(runCli(['replay']).code).toBe(2);
    const reversed = runCli([
      'replay',
      '--data',
      dataDir,
      '--from',
      '2025-02-01',
      '--to',
      '2025-01-01',
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/--to \(2025-01-01\) must be after --from/);
  });
});

import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCommand } from '../../../bin/commands/generate-command.ts';
import { EMULATED_VENUES } from './emulated-venues.ts';
import { useLiveCommandBench } from './live-command-support.ts';

const bench = useLiveCommandBench('aftershock-live-');

function runLive(name: string, venues: unknown[], windowSeconds = 1) {
  return bench.run(generateCommand, name, { venues }, [
    '--live',
    '--window-seconds',
    String(windowSeconds),
  ]);
}

describe('aftershock generate --live', () => {
  it('says the venues are unreachable and builds no report when the network is closed', async () => {
    // Port 9 (discard) on loopback is closed: the refusal a machine without internet gets.
    const run = await runLive('offline', [
      { id: 'okx', apiBaseUrl: 'http://127.0.0.1:9' },
      { id: 'gate', apiBaseUrl: 'http://127.0.0.1:9' },
    ]);
    expect(run.code, 'no venue read → failure exit code').toBe(1);
    expect(run.out).toMatch(/okx\s+failed.*unreachable/);
    expect(run.err).toMatch(/No venue could be read, so no report was built/);
    await expect(access(path.join(run.outDir, 'site')), 'nothing published').rejects.toThrow();
  });

  it('collects a tick from every venue of the emulator, stores it and publishes a report', async () => {
    const venues = EMULATED_VENUES.map((id) => ({
      id,
      apiBaseUrl: bench.emulator().urlFor(id),
      // The emulator has no rate limits; real venues keep ccxt's defaults.
      ccxtOptions: { enableRateLimit: false, options: { ws: { backoff: { base: 0 } } } },
    }));
    const run = await runLive('emulated', venues);
    expect(run.err).not.toMatch(/No venue/);
    expect(run.code).toBe(0);
    for (const id of EMULATED_VENUES) expect(run.out).toMatch(new RegExp(`${id}\\s+ok`));
    const stored = await readdir(path.join(run.outDir, 'snapshots'), { recursive: true });
    expect(stored.filter((f) => f.endsWith('.json.gz'))).toHaveLength(1);
    expect(run.out).toMatch(/Page:\s+.*index\.html/);
    await access(path.join(run.outDir, 'site', 'index.html'));
  });

  it('tells the reader when a websocket drop left a liquidation feed unwatched', async () => {
    const binance = {
      id: 'binanceusdm',
      apiBaseUrl: bench.emulator().urlFor('binanceusdm'),
      ccxtOptions: { enableRateLimit: false, options: { ws: { backoff: { base: 0 } } } },
    };
    const subscribedBefore = bench.emulator().subscribedCount('binanceusdm');
    const running = runLive('dropped', [binance], 3);
    await bench.emulator().subscribed('binanceusdm', subscribedBefore + 1);
    expect(bench.emulator().dropSockets('binanceusdm'), 'one socket dropped mid-window').toBe(1);
    const run = await running;
    expect(run.code).toBe(0);
    const page = run.out.match(/Page:\s+(\S+index\.html)/)?.[1];
    if (page === undefined) throw new Error(`no page in: ${run.out}`);
    // Paths are printed relative to the working folder (`dir`).
    const html = await readFile(path.resolve(bench.dir(), page), 'utf8');
    expect(html, 'the reconnect is a stretch nobody listened to').toMatch(
      /Binance’s liquidation feed was not listened to/,
    );
  });
});

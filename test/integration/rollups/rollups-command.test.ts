import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../bin/aftershock.ts';
import type { CommandIo } from '../../../bin/cli-support.ts';
import { fsRollupStore } from '../../../lambdas/market/rollups/fs-rollup-store.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { fsSnapshotStore } from '../../../lambdas/market/snapshot-store/fs-snapshot-store.ts';
import { withFileLock } from '../../../lambdas/publish/file-lock.ts';

const scenario = generateScenario('calm', { seed: 2 });
// Two days of the scenario: 2026-03-10 and 2026-03-11 (UTC).
const ticks = scenario.snapshots.filter(
  (s) => s.takenAt >= '2026-03-09T22:00' && s.takenAt < '2026-03-12T00:30',
);

describe('aftershock rollups rebuild (local folder)', () => {
  let dir: string;
  let out: string[];
  let io: CommandIo;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aftershock-rollups-cli-'));
    out = [];
    io = { out: (l) => out.push(l), err: (l) => out.push(l), env: {}, cwd: dir };
    const config = { assets: ['BTC'], venues: scenario.configuredVenues.map((id) => ({ id })) };
    await writeFile(path.join(dir, 'aftershock.config.json'), JSON.stringify(config));
    const store = fsSnapshotStore(dir);
    for (const tick of ticks) await store.put(tick);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const rebuild = () =>
    main(['rollups', 'rebuild', '--from', '2026-03-10', '--to', '2026-03-12', '--out', dir], io);

  it('rebuilds one rollup per day from the stored snapshots, then finds nothing to do', async () => {
    expect(await rebuild()).toBe(0);
    expect(out).toEqual([
      '2026-03-10: rebuilt',
      '2026-03-11: rebuilt',
      `2 day(s) in ${dir}, 2 rewritten.`,
    ]);
    const stored = await fsRollupStore(dir, (f, fn) => withFileLock(f, fn)).get('2026-03-11');
    expect(stored?.rollup.assets.BTC?.bars5m).toHaveLength(288);
    expect(stored?.rollup.assets.BTC?.bars1h).toHaveLength(24);
    out = [];
    expect(await rebuild()).toBe(0);
    expect(out.at(-1)).toBe(`2 day(s) in ${dir}, 0 rewritten.`);
  });

  it('prints its help, and refuses an unknown action or a range that ends before it starts', async () => {
    expect(await main(['rollups', '--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('Usage: aftershock rollups rebuild');
    expect(await main(['rollups', 'delete'], io)).toBe(2);
    expect(out.at(-1)).toContain('Unknown rollups action "delete"');
    const backwards = ['rollups', 'rebuild', '--from', '2026-03-12', '--to', '2026-03-10'];
    expect(await main([...backwards, '--out', dir], io)).toBe(2);
    expect(out.at(-1)).toContain('--from must be before --to');
  });
});

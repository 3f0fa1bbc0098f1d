import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import {
  fsSnapshotStore,
  readAllLocalSnapshots,
} from '../../lambdas/market/snapshot-store/fs-snapshot-store.ts';
import { fileMarketsCache } from '../../lambdas/market/venues/markets-cache.ts';
import { emptySummary } from '../../lambdas/publish/index.ts';
import { buildReport } from '../../lambdas/use-cases/build-report.ts';
import {
  collectSnapshot,
  describeSnapshotVenues,
} from '../../lambdas/use-cases/collect-snapshot.ts';
import { publishReport } from '../../lambdas/use-cases/publish-report.ts';
import type { CommandIo } from '../cli-support.ts';
import { localPorts } from '../local-ports.ts';

/** What `generate --live` needs from the command line. */
export interface GenerateLiveInput {
  config: Config;
  outDir: string;
  windowSeconds: number;
  io: CommandIo;
}

/**
 * `aftershock generate --live`: collects one tick from the configured venues into
 * `<out>/snapshots/`, builds the report of the first configured asset from every snapshot
 * stored there (newest last), and publishes it as `generate` does. Loaded lazily, so the
 * simulated path never loads ccxt. Returns the exit code: 1 when no venue could be read.
 */
export async function generateLive(input: GenerateLiveInput): Promise<number> {
  const { config, outDir, io } = input;
  const store = fsSnapshotStore(outDir);
  const tick = await collectSnapshot({
    config,
    store,
    marketsCache: fileMarketsCache(path.join(outDir, 'markets')),
    windowSeconds: input.windowSeconds,
  });
  io.out(`Collected snapshot ${tick.key}`);
  for (const line of describeSnapshotVenues(tick.snapshot)) io.out(line);
  if (tick.allVenuesFailed) {
    io.err(
      'No venue could be read, so no report was built. If every reason says "unreachable", this machine has no network access to the venues (or a proxy/apiBaseUrl in the config is wrong).',
    );
    return 1;
  }
  const asset = config.assets[0] ?? 'BTC';
  const snapshots = await readAllLocalSnapshots(outDir);
  const built = await buildReport({
    snapshots,
    asset,
    configuredVenues: config.venues.map((v) => v.id),
    asOfMs: Date.parse(tick.snapshot.takenAt),
    kind: 'ad-hoc',
    config,
  });
  const ports = await localPorts(config, outDir, io.err);
  await publishReport(built.rendered, ports, { mail: true, config, nowMs: Date.now() });
  const outcome = ports.queue.runs.at(-1) ?? emptySummary();
  const rel = (...parts: string[]) => path.relative(io.cwd, path.join(outDir, ...parts)) || '.';
  const meta = built.rendered.meta;
  io.out(`Aftershock: ${meta.title}`);
  io.out(
    `  Data:     live venues, ${snapshots.length} snapshot(s) of ${asset} in ${rel('snapshots')}/`,
  );
  io.out(`  Page:     ${rel('site', meta.storyPath ?? meta.path, 'index.html')}`);
  io.out(
    `  Emails:   ${outcome.sent} written to ${rel('outbox')}/ (${outcome.skipped} skipped, ${outcome.failed} failed)`,
  );
  return 0;
}

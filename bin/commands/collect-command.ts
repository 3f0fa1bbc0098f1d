import path from 'node:path';
import { UsageError } from '../../lambdas/errors.ts';
import { type Command, loadCommandConfig, parseCommandArgs } from '../cli-support.ts';
import { marketStoresFor } from './market-stores.ts';

const HELP = `Usage: aftershock collect [options]

Collects live market data from the configured venues (open interest, funding,
mark/index, bars, liquidations) and stores one snapshot per tick in
<out>/snapshots/ (or in S3 when aws.dataBucket is configured), then updates
the day rollups (<out>/rollups/) the detector reads.

Options:
  --once               collect a single tick (same as --ticks 1; the default)
  --ticks N            collect N ticks back to back
  --window-seconds S   listen to liquidation feeds for S seconds per tick (default: 60)
  --out DIR            output folder (default: the config's local.outDir, "out")
  --config FILE        settings file (default: aftershock.config.json if present)
  -h, --help           show this help
`;

function positiveInt(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${option} must be a positive integer, got "${value}".`);
  return n;
}

/** `aftershock collect`: live venues → snapshots in the local store (or S3). */
export const collectCommand: Command = {
  name: 'collect',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('collect', args, {
      once: { type: 'boolean' },
      ticks: { type: 'string' },
      'window-seconds': { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.once && values.ticks !== undefined)
      throw new UsageError('Use either --once or --ticks N, not both.');
    const config = loadCommandConfig(io, values.config);
    const ticks = positiveInt('--ticks', values.ticks, 1);
    const windowSeconds = positiveInt('--window-seconds', values['window-seconds'], 60);
    const outDir = path.resolve(io.cwd, values.out ?? config.local.outDir);
    // The collector (and ccxt) load only here, so other commands never pay for them.
    const { collectSnapshot, describeSnapshotVenues } = await import(
      '../../lambdas/use-cases/collect-snapshot.ts'
    );
    const { fileMarketsCache, memoryMarketsCache } = await import(
      '../../lambdas/market/venues/markets-cache.ts'
    );
    const stores = await marketStoresFor(config, outDir);
    // Held in memory between ticks, so each tick does not read every venue's markets file again.
    const marketsCache = memoryMarketsCache(fileMarketsCache(path.join(outDir, 'markets')));
    let failedTicks = 0;
    let previousWindowToMs: number | undefined;
    for (let tick = 1; tick <= ticks; tick += 1) {
      const result = await collectSnapshot({
        config,
        store: stores.snapshots,
        rollups: stores.rollups,
        marketRollups: stores.marketRollups,
        marketsCache,
        windowSeconds,
        ...(previousWindowToMs === undefined ? {} : { previousWindowToMs }),
      });
      // Back-to-back ticks: the next window starts exactly where this one ended.
      previousWindowToMs = Date.parse(result.snapshot.window.to);
      io.out(`Tick ${tick}/${ticks}: snapshot ${result.key}`);
      for (const line of describeSnapshotVenues(result.snapshot)) io.out(line);
      if (result.allVenuesFailed) {
        failedTicks += 1;
        io.err(
          'No venue could be read. If every reason says "unreachable", this machine has no network access to the venues (or a proxy/apiBaseUrl in the config is wrong).',
        );
      }
    }
    return failedTicks === ticks ? 1 : 0;
  },
};

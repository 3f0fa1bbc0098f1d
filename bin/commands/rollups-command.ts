import path from 'node:path';
import { UsageError } from '../../lambdas/errors.ts';
import { DAY_MS } from '../../lambdas/shared/time.ts';
import { type Command, loadCommandConfig, parseCommandArgs, parseIsoTime } from '../cli-support.ts';
import { marketStoresFor } from './market-stores.ts';

const HELP = `Usage: aftershock rollups rebuild [options]

Rebuilds the day rollups (every configured asset's market series at 5-minute
and 1-hour bars, one object per UTC day) from the stored snapshots, in
<out>/rollups/ (or in S3 when aws.dataBucket is configured). The scheduled
detector reads its 30-day baseline from them. Safe to run again and beside a
running collector: an unchanged day is not rewritten, and each write is
conditional. An unreadable rollup is replaced.

Options:
  --from ISO      first day to rebuild (default: 31 days before --to)
  --to ISO        end of the range, exclusive (default: now)
  --out DIR       output folder (default: the config's local.outDir, "out")
  --config FILE   settings file (default: aftershock.config.json if present)
  -h, --help      show this help
`;

/** `aftershock rollups rebuild`: stored snapshots → day rollups. */
export const rollupsCommand: Command = {
  name: 'rollups',
  help: HELP,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === undefined || action === '--help' || action === '-h') {
      io.out(HELP);
      return action === undefined ? 2 : 0;
    }
    if (action !== 'rebuild')
      throw new UsageError(`Unknown rollups action "${action}"; the only one is "rebuild".`);
    const { values } = parseCommandArgs('rollups rebuild', rest, {
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const config = loadCommandConfig(io, values.config);
    const toMs = values.to === undefined ? Date.now() : parseIsoTime('--to', values.to);
    const fromMs =
      values.from === undefined ? toMs - 31 * DAY_MS : parseIsoTime('--from', values.from);
    if (fromMs >= toMs) throw new UsageError('--from must be before --to.');
    const outDir = path.resolve(io.cwd, values.out ?? config.local.outDir);
    const stores = await marketStoresFor(config, outDir);
    const { rebuildRollups } = await import('../../lambdas/use-cases/roll-up-snapshots.ts');
    const days = await rebuildRollups(
      {
        snapshots: stores.snapshots,
        rollups: stores.rollups,
        marketRollups: stores.marketRollups,
        config,
      },
      { fromMs, toMs },
      (day, changed) => io.out(`${day}: ${changed ? 'rebuilt' : 'unchanged'}`),
    );
    const changed = days.filter((d) => d.changed).length;
    io.out(`${days.length} day(s) in ${stores.where}, ${changed} rewritten.`);
    return 0;
  },
};

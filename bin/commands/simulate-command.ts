import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AftershockError, UsageError } from '../../lambdas/errors.ts';
import { simulatedMarketOf } from '../../lambdas/market/history/history-ticks.ts';
import { loadHistoryFolder } from '../../lambdas/market/history/index.ts';
import { simulateSchedule } from '../../lambdas/use-cases/simulate-schedule.ts';
import {
  type Command,
  loadCommandConfig,
  parseCommandArgs,
  parseTimeRange,
} from '../cli-support.ts';
import { formatSimulationText, toSimulationJson } from './simulate-output.ts';
import { simulationWorld } from './simulate-wiring.ts';

const HELP = `Usage: aftershock simulate --data DIR [options]

Drives the scheduled system over replayed history with a simulated clock: the
history files become collection ticks (one per bar, visible once the bar has
closed), detection runs every 5 minutes (flash with the per-asset cooldown and
the email floor), follow-ups every 15 minutes (+4h/+24h/+72h) and the daily
digest at 07:00 UTC, each the use case the Lambdas run, on local adapters.
Prints what would have been published and mailed, and when. Subscribers are
simulated: one per asset of the history. Reads the same files as replay.

Options:
  --data DIR          folder of history files (searched recursively)
  --from ISO          start the clock here (default: the first tick); earlier
                      ticks still count as stored history for the baseline
  --to ISO            stop the clock here (default: the last tick)
  --json              print the timeline and totals as JSON instead of the table
  --out DIR           where the site, outbox, send ledger and flush state go; a
                      new or empty folder (default: a new temporary folder)
  --config FILE       settings file (default: aftershock.config.json if present)
  -h, --help          show this help
`;

/** A fresh folder: an earlier simulation's flush state would make this one publish nothing. */
async function outputFolder(cwd: string, out: string | undefined): Promise<string> {
  if (out === undefined) return mkdtemp(path.join(tmpdir(), 'aftershock-simulate-'));
  const dir = path.resolve(cwd, out);
  const entries = await readdir(dir).catch(() => []);
  if (entries.length > 0) {
    throw new UsageError(
      `--out ${out} is not empty: an earlier run's flush state would change what this one publishes. Give a new or empty folder.`,
    );
  }
  return dir;
}

/** `aftershock simulate`: the scheduled system over history files, on a simulated clock. */
export const simulateCommand: Command = {
  name: 'simulate',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('simulate', args, {
      data: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.data === undefined)
      throw new UsageError('--data DIR is required: the folder of history files.');
    const config = loadCommandConfig(io, values.config);
    const range = parseTimeRange(values.from, values.to);
    const loaded = await loadHistoryFolder(path.resolve(io.cwd, values.data), { barMinutes: 60 });
    const { market, notes } = simulatedMarketOf(loaded.series);
    const first = market.tickTimesMs[0];
    const last = market.tickTimesMs.at(-1);
    if (first === undefined || last === undefined)
      throw new AftershockError(`No hourly price history in ${values.data} to simulate.`);
    const fromMs = range.fromMs ?? first;
    const toMs = range.toMs ?? last;
    if (fromMs > last || toMs < first) {
      throw new AftershockError(
        `No data between ${values.from ?? 'the start'} and ${values.to ?? 'the end'}: the history runs from ${new Date(first).toISOString()} to ${new Date(last).toISOString()}.`,
      );
    }
    const outDir = await outputFolder(io.cwd, values.out);
    const world = await simulationWorld(config, market, outDir, fromMs);
    const result = await simulateSchedule({ market, fromMs, toMs, runInput: world.runInput });
    const output = {
      result,
      titles: world.titles,
      mailings: world.mailings,
      venues: market.venues,
      subscribers: world.subscribers,
      outDir,
      notes: [...notes, ...loaded.notes],
    };
    if (values.json) io.out(JSON.stringify(toSimulationJson(output), null, 2));
    else for (const line of formatSimulationText(output)) io.out(line);
    return 0;
  },
};

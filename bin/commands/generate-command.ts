import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import { AftershockError, PublishError, UsageError } from '../../lambdas/errors.ts';
import {
  generateMarketScenario,
  generateScenario,
  SCENARIO_NAMES,
} from '../../lambdas/market/scenarios/index.ts';
import type { RenderedReport, Snapshot } from '../../lambdas/model/index.ts';
import { addSummary, emptySummary } from '../../lambdas/publish/index.ts';
import { buildMarketStory } from '../../lambdas/use-cases/build-market-story.ts';
import { buildReport } from '../../lambdas/use-cases/build-report.ts';
import { publishReport } from '../../lambdas/use-cases/publish-report.ts';
import {
  type Command,
  type CommandIo,
  loadCommandConfig,
  parseCommandArgs,
  parseIsoTime,
} from '../cli-support.ts';
import { localPorts } from '../local-ports.ts';
import { describeFinding, describeMarketFinding, describeOutcome } from './describe-outcome.ts';

/** The simulated market-wide wipeout: every coin of the market scenario, in one report. */
const MARKET_SCENARIO = 'market-wipeout';

/** What `--scenario` takes: the market-wide sample first, then each one-asset scenario. */
const SCENARIO_CHOICES = [MARKET_SCENARIO, ...SCENARIO_NAMES] as const;
type ScenarioChoice = (typeof SCENARIO_CHOICES)[number];

/** `npm start`'s sample: the whole market (DESIGN.md §4); the BTC scenarios stay a --scenario away. */
const DEFAULT_SCENARIO: ScenarioChoice = MARKET_SCENARIO;

const MARKET_SCENARIO_TEXT = 'twelve coins on four venues, ten flushed at once';

const HELP = `Usage: aftershock generate [options]

Builds a report from a simulated market (no network, no AWS) and publishes it
locally: the site to <out>/site/, one email per subscriber to <out>/outbox/.

Options:
  --scenario NAME   simulated market to use (default: ${DEFAULT_SCENARIO})
                    ${MARKET_SCENARIO}: ${MARKET_SCENARIO_TEXT}
                    one asset (BTC): ${SCENARIO_NAMES.join(', ')}
  --out DIR         output folder (default: the config's local.outDir, "out")
  --as-of ISO       report the market as of this time (default: the latest reading
                    of the flush, or the end of the data without one)
  --seed N          random seed of the simulation (default: 1)
  --config FILE     settings file (default: aftershock.config.json if present)
  --live            collect one tick from the configured venues into <out>/snapshots/
                    and report on the first configured asset from every stored snapshot
  --window-seconds S  with --live: listen to liquidation feeds for S seconds (default: 30)
  -h, --help        show this help
`;

// A computed specifier, so bundlers (and the report-path import check) do not follow it:
// the live path loads ccxt, the simulated path never does.
const LIVE_MODULE = new URL('./generate-live.ts', import.meta.url).href;

/** `aftershock generate`: simulated market → report → local site and outbox. */
export const generateCommand: Command = {
  name: 'generate',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('generate', args, {
      scenario: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      seed: { type: 'string' },
      config: { type: 'string' },
      live: { type: 'boolean' },
      'window-seconds': { type: 'string' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const config = loadCommandConfig(io, values.config);
    const scenarioName = parseScenarioName(values.scenario ?? DEFAULT_SCENARIO);
    const seed = parseSeed(values.seed);
    const outDir = path.resolve(io.cwd, values.out ?? config.local.outDir);
    await ensureWritable(outDir);
    if (values.live) {
      if (
        values.scenario !== undefined ||
        values.seed !== undefined ||
        values['as-of'] !== undefined
      )
        throw new UsageError('--live reads the venues: it takes no --scenario, --seed or --as-of.');
      const windowSeconds = Number(values['window-seconds'] ?? 30);
      if (!Number.isSafeInteger(windowSeconds) || windowSeconds < 1)
        throw new UsageError(
          `--window-seconds must be a positive integer, got "${values['window-seconds']}".`,
        );
      const live: typeof import('./generate-live.ts') = await import(LIVE_MODULE);
      return live.generateLive({ config, outDir, windowSeconds, io });
    }

    if (scenarioName === MARKET_SCENARIO)
      return generateMarket({ config, outDir, seed, asOf: values['as-of'], io });
    const scenario = generateScenario(scenarioName, { seed });
    const build = (asOfMs: number) =>
      buildReport({
        snapshots: scenario.snapshots,
        asset: scenario.asset,
        configuredVenues: scenario.configuredVenues,
        asOfMs,
        config,
      });
    let built = await build(resolveAsOf(values['as-of'], scenario.snapshots));
    // Without --as-of the report is as of its latest reading, so it carries one "as of" time.
    const readingAtMs = built.assessment?.asOfMs;
    if (
      values['as-of'] === undefined &&
      readingAtMs !== undefined &&
      readingAtMs < Date.parse(built.rendered.meta.asOf)
    )
      built = await build(readingAtMs);
    await publishSample([{ rendered: built.rendered, mail: true }], {
      config,
      outDir,
      io,
      scenarioName: scenario.name,
      finding: describeFinding(built),
    });
    return 0;
  },
};

function parseScenarioName(value: string): ScenarioChoice {
  const known = SCENARIO_CHOICES as readonly string[];
  if (!known.includes(value)) {
    throw new UsageError(
      `Unknown scenario "${value}". Choose one of: ${SCENARIO_CHOICES.join(', ')}.`,
    );
  }
  return value as ScenarioChoice;
}

/**
 * The market-wide sample: the simulated wipeout → the market report (as of its latest reading,
 * or `--as-of`) → the local site and outbox, through the one publish path.
 */
async function generateMarket(input: {
  config: Config;
  outDir: string;
  seed: number;
  asOf: string | undefined;
  io: CommandIo;
}): Promise<number> {
  const { config, io } = input;
  const scenario = generateMarketScenario({ seed: input.seed });
  const story = await buildMarketStory({
    snapshots: scenario.snapshots,
    coins: scenario.coins,
    configuredVenues: scenario.configuredVenues,
    ...(input.asOf === undefined ? {} : { asOfMs: resolveAsOf(input.asOf, scenario.snapshots) }),
    config,
  });
  const latest = story.at(-1);
  if (latest === undefined) throw new AftershockError('The market story has no version.');
  await publishSample(
    story.map((v) => ({ rendered: v.built.rendered, mail: v.mail })),
    {
      config,
      outDir: input.outDir,
      io,
      scenarioName: scenario.name,
      finding: describeMarketFinding(latest.built),
    },
  );
  return 0;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new UsageError(`--seed must be a non-negative integer, got "${value}".`);
  }
  return seed;
}

/**
 * Publishes a sample's reports locally through the one publish path, oldest first (a story's
 * flash, then its follow-ups), and prints where they went; the mail counts add up every version.
 */
async function publishSample(
  versions: ReadonlyArray<{ rendered: RenderedReport<object>; mail: boolean }>,
  input: { config: Config; outDir: string; io: CommandIo; scenarioName: string; finding: string },
): Promise<void> {
  const { config, outDir, io } = input;
  const ports = await localPorts(config, outDir, io.err);
  const outcome = emptySummary();
  for (const { rendered, mail } of versions) {
    const before = ports.queue.runs.length;
    await publishReport(rendered, ports, { mail, config, nowMs: Date.now() });
    for (const run of ports.queue.runs.slice(before)) addSummary(outcome, run);
  }
  const latest = versions.at(-1);
  if (latest === undefined) throw new AftershockError('Nothing to publish.');
  const lines = describeOutcome({
    scenarioName: input.scenarioName,
    meta: latest.rendered.meta,
    versions: versions.map((v) => v.rendered.meta),
    finding: input.finding,
    outcome,
    outDir,
    cwd: io.cwd,
  });
  for (const line of lines) io.out(line);
}

function resolveAsOf(value: string | undefined, snapshots: readonly Snapshot[]): number {
  const first = snapshots[0];
  const last = snapshots.at(-1);
  if (!first || !last) throw new AftershockError('The scenario produced no snapshots.');
  const endMs = Date.parse(last.takenAt);
  if (value === undefined) return endMs;
  const asOfMs = parseIsoTime('--as-of', value);
  const startMs = Date.parse(first.takenAt);
  if (asOfMs < startMs || asOfMs > endMs) {
    throw new UsageError(
      `--as-of ${value} is outside the scenario's data (${first.takenAt} to ${last.takenAt}).`,
    );
  }
  return asOfMs;
}

async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new PublishError(dir, `the output folder is not writable (${code}).`, { cause: error });
  }
}

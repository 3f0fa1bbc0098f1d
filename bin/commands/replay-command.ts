import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import { AftershockError, UsageError } from '../../lambdas/errors.ts';
import {
  evaluateFindings,
  loadHistoryFolder,
  parseLabelledSet,
  type ReplaySegment,
  replayHistory,
  summarizeEvaluation,
} from '../../lambdas/market/history/index.ts';
import type { RenderedReport } from '../../lambdas/model/index.ts';
import { publishReport } from '../../lambdas/use-cases/publish-report.ts';
import { replayReports } from '../../lambdas/use-cases/replay-reports.ts';
import {
  type Command,
  loadCommandConfig,
  parseCommandArgs,
  parseTimeRange,
} from '../cli-support.ts';
import { localStores, NO_MAIL_QUEUE } from '../local-ports.ts';
import { formatEvaluation } from './replay-evaluation-output.ts';
import { formatReplayText, toReplayJson } from './replay-output.ts';

const HELP = `Usage: aftershock replay --data DIR [options]

Replays historical market files and lists the liquidation flushes found, with
the regime at 1h, 4h, 24h and 72h after each, and the liquidation spikes that
moved the price too little to be a flush. Reads data.binance.vision CSVs
(klines with or without header, metrics, fundingRate) and CoinGlass hourly
exports (coinglass_<COIN>_regime_1h_….csv, …_liquidation_…csv) anywhere under
DIR. Without liquidation data, liquidations are estimated from OI drops (~).

Options:
  --data DIR          folder of history files (searched recursively)
  --from ISO          only flushes starting at or after this time
  --to ISO            only flushes starting before this time
  --bar-minutes N     resample finer files to N-minute bars so they join one
                      series (default 60; 0 keeps every file's own bar size)
  --json              print {"flushes": [...], "spikes": [...]} instead of the tables
  --evaluate          print each flush's reading at every checkpoint next to what
                      price and OI did in the next 48 h (a Markdown table)
  --labels FILE       a labelled set (samples/labelled/*.json) to compare the
                      24h and 72h readings with; implies --evaluate
  --render            also write the reports as they would have been published
                      then (flash at +1h, follow-ups at +4h/+24h/+72h); no emails
  --out DIR           where --render writes the site (default: the config's local.outDir)
  --config FILE       settings file (default: aftershock.config.json if present)
  -h, --help          show this help
`;

function parseBarMinutes(value: string | undefined): number | null {
  if (value === undefined) return 60;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    throw new UsageError(
      `--bar-minutes must be a whole number of minutes from 0 to 1440, got "${value}".`,
    );
  }
  return minutes === 0 ? null : minutes;
}

/** Renders every report in memory first, so a failure leaves no half-written site. */
async function renderReplay(
  segments: ReplaySegment[],
  config: Config,
  outDir: string,
): Promise<string[]> {
  const rendered: RenderedReport[] = [];
  for (const finding of segments.flatMap((s) => s.findings))
    rendered.push(...(await replayReports(finding, config)));
  if (rendered.length === 0)
    return ['--render: no report to write (no directional flush reached its 1h checkpoint).'];
  const ports = { ...localStores(outDir), queue: NO_MAIL_QUEUE };
  const nowMs = Date.now();
  for (const report of rendered) await publishReport(report, ports, { mail: false, config, nowMs });
  return [
    `Rendered ${rendered.length} reports to ${path.join(outDir, 'site')} (no emails are sent for replays).`,
  ];
}

function describeCoverage(segments: ReplaySegment[]): string {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  return segments.map((s) => `${s.label} ${iso(s.fromMs)}–${iso(s.toMs)}`).join('; ');
}

/** `aftershock replay`: history files → flushes and regimes (table, JSON, or rendered reports). */
export const replayCommand: Command = {
  name: 'replay',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('replay', args, {
      data: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'bar-minutes': { type: 'string' },
      json: { type: 'boolean' },
      evaluate: { type: 'boolean' },
      labels: { type: 'string' },
      render: { type: 'boolean' },
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
    const barMinutes = parseBarMinutes(values['bar-minutes']);
    const { series, notes } = await loadHistoryFolder(path.resolve(io.cwd, values.data), {
      barMinutes,
    });
    const options = { detector: config.detector, regime: config.regime, ...range };
    const segments = replayHistory(series, options);
    if (segments.length === 0) {
      const all = replayHistory(series, { ...options, fromMs: null, toMs: null });
      throw new AftershockError(
        `No data between ${values.from ?? 'the start'} and ${values.to ?? 'the end'}. The data covers: ${describeCoverage(all)}.`,
      );
    }
    const summary = values.render
      ? await renderReplay(
          segments,
          config,
          path.resolve(io.cwd, values.out ?? config.local.outDir),
        )
      : [];
    if (values.evaluate || values.labels !== undefined) {
      const labelled =
        values.labels === undefined
          ? null
          : parseLabelledSet(
              await readFile(path.resolve(io.cwd, values.labels), 'utf8').catch(() => {
                throw new UsageError(`--labels: cannot read ${values.labels}.`);
              }),
              values.labels,
            );
      const events = evaluateFindings(
        segments.flatMap((s) => s.findings),
        labelled,
      );
      for (const line of formatEvaluation(events, summarizeEvaluation(events, labelled)))
        io.out(line);
      for (const line of summary) io.err(line);
    } else if (values.json) {
      io.out(JSON.stringify(toReplayJson(segments), null, 2));
      for (const line of summary) io.err(line);
    } else for (const line of [...formatReplayText(segments, notes), ...summary]) io.out(line);
    return 0;
  },
};

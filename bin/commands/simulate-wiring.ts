import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../lambdas/config.ts';
import { AftershockError } from '../../lambdas/errors.ts';
import { reporterRunInput } from '../../lambdas/handlers/reporter-wiring.ts';
import type { SimulatedMarket } from '../../lambdas/market/history/history-ticks.ts';
import { JsonFlushStateStore } from '../../lambdas/publish/flush-state/json-flush-state-store.ts';
import type { Subscriber } from '../../lambdas/publish/index.ts';
import type { PacingClock } from '../../lambdas/shared/clock.ts';
import type { DigestRunInput } from '../../lambdas/use-cases/detect-settings.ts';
import type { MarketSeriesSource } from '../../lambdas/use-cases/market-series-source.ts';
import { localPorts } from '../local-ports.ts';

/** What one report's mailing did, as the fan-out recorded it. */
export interface SimulatedMailing {
  reportId: string;
  /** Simulated time the send job was queued (the publication's run). */
  atMs: number;
  sent: number;
  /** Subscribers the ledger skipped: they already had a report of this id. */
  alreadySent: number;
  failed: number;
  outcome: string;
}

/** The local world a simulation publishes into, and what it saw published and mailed. */
export interface SimulationWorld {
  /** The settings the simulated system runs with ({@link simulationConfig}). */
  config: Config;
  outDir: string;
  subscribers: Subscriber[];
  runInput: (nowMs: number, market: MarketSeriesSource) => DigestRunInput;
  titles: Map<string, string>;
  /** Every fan-out, by {@link mailingKey} (a report id can be published again later). */
  mailings: Map<string, SimulatedMailing>;
}

/** Key of a mailing: the report id and the simulated time of the run that published it. */
export function mailingKey(reportId: string, atMs: number): string {
  return `${reportId}@${atMs}`;
}

/** One active subscriber per asset, `btc@subscribers.simulated.invalid` following only BTC. */
export function simulatedSubscribers(assets: readonly string[], sinceMs: number): Subscriber[] {
  const at = new Date(sinceMs).toISOString();
  return assets.map((asset) => ({
    email: `${asset.toLowerCase()}@subscribers.simulated.invalid`,
    status: 'active',
    assets: [asset],
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
    consent: { at, form: 'simulation' },
  }));
}

/**
 * The configured settings as the simulated system runs them: it follows the assets the history
 * has, from the venues it came from (coverage is measured against those, not against live
 * venues that were never replayed), and reads bars of the history's size.
 * @throws AftershockError for a history bar size the rollups do not keep (not 5 or 60 minutes).
 */
export function simulationConfig(config: Config, market: SimulatedMarket): Config {
  const barMinutes = market.barMinutes;
  if (barMinutes !== 5 && barMinutes !== 60)
    throw new AftershockError(`Cannot simulate ${barMinutes}-minute bars: rollups keep 5 and 60.`);
  return {
    ...config,
    assets: market.assets,
    venues: [],
    reporting: { ...config.reporting, barMinutes },
  };
}

/**
 * The simulated clock as the fan-out's pacing sees it: the time of the run that queued the
 * job, plus what its pacing slept (from 0 again at each run), so mails carry simulated times
 * and pacing takes no real time.
 */
function simulatedPacingClock(runMs: () => number): PacingClock {
  let pacedFor = runMs();
  let pacedMs = 0;
  const ahead = () => {
    if (runMs() !== pacedFor) {
      pacedFor = runMs();
      pacedMs = 0;
    }
  };
  return {
    nowMs: () => {
      ahead();
      return runMs() + pacedMs;
    },
    sleep: async (ms) => {
      ahead();
      pacedMs += ms;
    },
  };
}

/**
 * The detect and digest functions' wiring ({@link reporterRunInput}) on the local ports `npm
 * start` publishes and mails through ({@link localPorts}) under `outDir`: the site in `site/`,
 * rendered emails in `private/`, the in-process send queue running the paced fan-out into
 * `outbox/` with the send ledger in `send-ledger.json`, and the flush state in
 * `flush-state.json`. The settings are {@link simulationConfig}'s, the subscriber list is one
 * subscriber per asset, and the fan-out's clock is the simulated one.
 */
export async function simulationWorld(
  configured: Config,
  market: SimulatedMarket,
  outDir: string,
  sinceMs: number,
): Promise<SimulationWorld> {
  await mkdir(outDir, { recursive: true });
  const config = simulationConfig(configured, market);
  const subscribers = simulatedSubscribers(config.assets, sinceMs);
  const subscribersFile = path.join(outDir, 'subscribers.json');
  await writeFile(subscribersFile, `${JSON.stringify(subscribers, null, 2)}\n`);
  const simulated = { ...config, local: { ...config.local, subscribersFile } };
  let runMs = sinceMs;
  const ports = await localPorts(simulated, outDir, () => {}, {
    clock: simulatedPacingClock(() => runMs),
  });
  const state = new JsonFlushStateStore(path.join(outDir, 'flush-state.json'));
  const titles = new Map<string, string>();
  const mailings = new Map<string, SimulatedMailing>();
  const queue = {
    enqueue: async (job: Parameters<typeof ports.queue.enqueue>[0]) => {
      const before = ports.queue.runs.length;
      await ports.queue.enqueue(job);
      const run = ports.queue.runs.length > before ? ports.queue.runs.at(-1) : undefined;
      mailings.set(mailingKey(job.reportId, runMs), {
        reportId: job.reportId,
        atMs: runMs,
        sent: run?.sent ?? 0,
        alreadySent: run?.skipped ?? 0,
        failed: run?.failed ?? 0,
        outcome: run?.outcome ?? 'unknown',
      });
    },
  };
  const runInput = (nowMs: number, market: MarketSeriesSource): DigestRunInput => {
    runMs = nowMs;
    const base = reporterRunInput(
      { ...ports, config: simulated, market, state, queue, log: () => {} },
      nowMs,
    );
    return {
      ...base,
      publish: async (rendered, options) => {
        const meta = await base.publish(rendered, options);
        titles.set(meta.id, meta.title);
        return meta;
      },
    };
  };
  return { config: simulated, outDir, subscribers, runInput, titles, mailings };
}

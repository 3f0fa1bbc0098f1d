import type {
  SimulatedEntry,
  SimulationResult,
} from '../../lambdas/use-cases/simulate-schedule.ts';
import { mailingKey, type SimulatedMailing } from './simulate-wiring.ts';

/** What the output needs besides the simulation's own result. */
export interface SimulationReportInput {
  result: SimulationResult;
  /** Report id → title, for every report published. */
  titles: ReadonlyMap<string, string>;
  /** What each fan-out did, by {@link mailingKey}. */
  mailings: ReadonlyMap<string, SimulatedMailing>;
  /** Where the history came from, e.g. `coinglass-aggregate`. */
  venues: readonly string[];
  subscribers: readonly { email: string; assets: string[] }[];
  outDir: string;
  notes: readonly string[];
}

/** One line of the timeline, as printed and as `--json` gives it. */
export interface TimelineRow {
  at: string;
  run: SimulatedEntry['run'];
  asset: string;
  task: string;
  outcome: SimulatedEntry['outcome'];
  reportId: string | null;
  title: string | null;
  /** Subscribers mailed (0 when not mailed). */
  mailed: number;
  /** Why it was not mailed (or not published), when it was not. */
  why: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const short = (ms: number) => `${iso(ms).slice(0, 16).replace('T', ' ')}`;

/** Runs skipped because no tick was stored in their window: the gaps between history files. */
function withoutData(entry: SimulatedEntry): boolean {
  return entry.outcome === 'skipped' && (entry.note ?? '').startsWith('no market data');
}

/** What the timeline lists: everything but the runs that had no data to read. */
function listed(entry: SimulatedEntry): boolean {
  return !withoutData(entry);
}

function rowOf(entry: SimulatedEntry, input: SimulationReportInput): TimelineRow {
  const id = entry.reportId ?? null;
  const mailingId = entry.mailingId ?? id;
  const mailing =
    mailingId === null ? undefined : input.mailings.get(mailingKey(mailingId, entry.atMs));
  const mailed = mailing?.sent ?? 0;
  let why = entry.note ?? null;
  if (entry.outcome === 'published' && entry.emailed === false && why === null) {
    why = 'its flash was not mailed';
  }
  if (entry.outcome === 'published' && entry.emailed === true && mailed === 0) {
    why =
      (mailing?.alreadySent ?? 0) > 0
        ? `the send ledger skipped its ${mailing?.alreadySent} subscriber(s): a report with this id was mailed before`
        : `mailing ${mailing?.outcome ?? 'not run'}: no subscriber of ${entry.asset} was sent it`;
  }
  return {
    at: iso(entry.atMs),
    run: entry.run,
    asset: entry.asset,
    task: entry.task,
    outcome: entry.outcome,
    reportId: id,
    title: id === null ? null : (input.titles.get(id) ?? null),
    mailed,
    why,
  };
}

/** The totals: publications by kind, mailed or not, and the runs the clock made. */
export function simulationTotals(input: SimulationReportInput) {
  const { result } = input;
  const published = result.entries.filter((e) => e.outcome === 'published');
  const byTask = (prefix: string) => published.filter((e) => e.task.startsWith(prefix));
  const mails = [...input.mailings.values()];
  return {
    flashes: byTask('flash').length,
    flashesMailed: byTask('flash').filter((e) => e.emailed).length,
    followUps: byTask('follow-up').length,
    followUpsMailed: byTask('follow-up').filter((e) => e.emailed).length,
    digests: byTask('digest').length,
    flashesSkippedForCooldown: result.entries.filter(
      (e) => e.task === 'flash' && e.outcome === 'skipped' && e.note?.includes('cooldown'),
    ).length,
    skipped: result.entries.filter((e) => e.outcome === 'skipped' && listed(e)).length,
    failed: result.entries.filter((e) => e.outcome === 'failed').length,
    runsWithoutData: result.entries.filter(withoutData).length,
    emailsSent: mails.reduce((n, m) => n + m.sent, 0),
    steps: result.steps,
    detectRuns: result.detectRuns,
    detectRunsSkipped: result.detectRunsSkipped,
    followUpRuns: result.followUpRuns,
    digestRuns: result.digestRuns,
    publishingRunsSeconds: Math.round(result.runMs.publishing / 100) / 10,
    quietRunsSeconds: Math.round(result.runMs.quiet / 100) / 10,
  };
}

/** `--json`: the timeline and totals, machine-readable. */
export function toSimulationJson(input: SimulationReportInput) {
  return {
    from: iso(input.result.fromMs),
    to: iso(input.result.toMs),
    source: { replayedHistory: true, venues: input.venues },
    schedule: input.result.schedule,
    settings: input.result.settings,
    subscribers: input.subscribers,
    outDir: input.outDir,
    timeline: input.result.entries.filter(listed).map((e) => rowOf(e, input)),
    totals: simulationTotals(input),
    notes: input.notes,
  };
}

function mailText(row: TimelineRow): string {
  if (row.outcome !== 'published') return '—';
  return row.mailed > 0 ? `mailed ${row.mailed}` : 'not mailed';
}

/** The timeline as a table, then the totals and where everything went. */
export function formatSimulationText(input: SimulationReportInput): string[] {
  const { result } = input;
  const totals = simulationTotals(input);
  const rows = result.entries.filter(listed).map((e) => rowOf(e, input));
  const lines = [
    `Simulated schedule ${short(result.fromMs)} → ${short(result.toMs)} UTC over replayed history (${input.venues.join(', ')}), not live data.`,
    `Collection every ${result.schedule.stepMinutes} min, detection at +${result.schedule.detectOffsetMinutes} min, follow-ups every ${result.schedule.followUpEveryMinutes} min, digest at ${String(result.schedule.digestHourUtc).padStart(2, '0')}:00 UTC; cooldown ${result.settings.cooldownHours} h, baseline ${result.baselineDays} days, ${result.settings.barMinutes}-minute bars, flash age limit ${result.settings.maxFlashAgeHours} h.`,
    `Subscribers: ${input.subscribers.map((s) => `${s.email} (${s.assets.join(', ')})`).join(', ')}.`,
    '',
    `    ${'time (UTC)'.padEnd(17)} ${'asset'.padEnd(5)} ${'what'.padEnd(13)} ${'outcome'.padEnd(9)} ${'mail'.padEnd(10)} report`,
  ];
  for (const row of rows) {
    const report =
      row.reportId === null ? '' : `${row.reportId}${row.title === null ? '' : ` — ${row.title}`}`;
    const why = row.why === null ? '' : `  (${row.why})`;
    lines.push(
      `    ${short(Date.parse(row.at)).padEnd(17)} ${row.asset.padEnd(5)} ${row.task.padEnd(13)} ${row.outcome.padEnd(9)} ${mailText(row).padEnd(10)} ${report}${why}`,
    );
  }
  lines.push(
    '',
    `${totals.flashes} flashes (${totals.flashesMailed} mailed, ${totals.flashes - totals.flashesMailed} on the site only), ${totals.followUps} follow-ups (${totals.followUpsMailed} mailed), ${totals.digests} digests; ${totals.emailsSent} emails sent; ${totals.skipped} skipped (${totals.flashesSkippedForCooldown} flashes for the cooldown), ${totals.failed} failed.`,
    `${totals.steps} clock steps: ${totals.detectRuns} detection runs made, ${totals.detectRunsSkipped} skipped (no new tick and nothing to retry), ${totals.followUpRuns} follow-up runs, ${totals.digestRuns} digest runs (${totals.runsWithoutData} runs had no stored tick to read); ${totals.publishingRunsSeconds} s in runs that published (rendering, publishing, mailing), ${totals.quietRunsSeconds} s in the others.`,
    `Site: ${input.outDir}/site  emails: ${input.outDir}/outbox  flush state: ${input.outDir}/flush-state.json`,
  );
  for (const note of input.notes) lines.push(`note: ${note}`);
  return lines;
}

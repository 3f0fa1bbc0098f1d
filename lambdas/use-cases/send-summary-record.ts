import type { SendReportSummary, SiteStore } from '../publish/index.ts';
import { putPrivateJson, sendSummaryKey } from '../publish/send-job.ts';

/** One run of the sender, as kept in the summary. */
export interface SendRunRecord extends SendReportSummary {
  startedAt: string;
  finishedAt: string;
  /**
   * `completed`: nothing left for anyone; `incomplete`: the end of the list was reached but
   * some subscriber still needs a run (unknown in grace, held elsewhere, failed);
   * `interrupted`: stopped early (deadline, throttling); `halted`: stopped by an account-level
   * refusal or the failure breaker.
   */
  outcome: 'completed' | 'incomplete' | 'interrupted' | 'halted';
}

/** The summary stored with a report (private store, {@link sendSummaryKey}). */
export interface SendSummaryRecord {
  reportId: string;
  /** True once a run completed: every subscriber sent, rejected or unknown for good. */
  completed: boolean;
  /** Messages sent over all runs. */
  sentTotal: number;
  /** The latest runs, oldest first (at most {@link MAX_RUNS_KEPT}). */
  runs: SendRunRecord[];
}

/** Runs kept in a summary; each re-run (after a crash, for an unknown's resend) adds one. */
export const MAX_RUNS_KEPT = 20;

async function previousRecord(store: SiteStore, reportId: string): Promise<SendSummaryRecord> {
  const text = await store.getText(sendSummaryKey(reportId));
  const empty = { reportId, completed: false, sentTotal: 0, runs: [] };
  if (text === null) return empty;
  try {
    return JSON.parse(text) as SendSummaryRecord;
  } catch {
    // A damaged summary only loses history; the ledger, not the summary, prevents duplicates.
    return empty;
  }
}

/**
 * Adds one run to the report's stored summary. Two runs of a duplicated job may overwrite each
 * other's line here; the summary is a record for people, the ledger is the truth.
 */
export async function recordRun(
  store: SiteStore,
  reportId: string,
  run: SendRunRecord,
): Promise<SendSummaryRecord> {
  const previous = await previousRecord(store, reportId);
  const record: SendSummaryRecord = {
    reportId,
    completed: previous.completed || run.outcome === 'completed',
    sentTotal: previous.sentTotal + run.sent,
    runs: [...previous.runs, run].slice(-MAX_RUNS_KEPT),
  };
  await putPrivateJson(store, sendSummaryKey(reportId), record);
  return record;
}

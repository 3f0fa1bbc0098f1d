import type { LedgerEntry, SendLedger } from '../../../lambdas/publish/index.ts';
import type { SesFaultProxy } from '../ses-fault-proxy.ts';
import type { FaultMix } from './chaos-faults.ts';

/** What one chaos scenario did to its subscribers, counted from the SES store and the ledger. */
export interface ChaosFigures {
  name: string;
  subscribers: number;
  faults: FaultMix;
  /** Emails each subscriber received, from aws-ses-v2-local's `GET /store`. */
  mailed: { none: number; once: number; twiceOrMore: number };
  /** Got no email and the ledger does not say why (neither rejected nor unknown). */
  skippedSilently: number;
  /** Recorded `rejected` / `unknown` in the ledger (mailed or not). */
  rejected: number;
  unknown: number;
  /**
   * Rejected subscribers SES was called for again after their reject was recorded. (A sender
   * killed between SES's reject and its ledger write leaves the message unknown, and the one
   * resend after the grace period is what records it: that first repeat is not a retry.)
   */
  rejectedRetried: number;
  /** Every subscriber who got no email: its id (`r17`), ledger status and reason. */
  notMailed: Array<{ subscriber: string; status: string; reason: string }>;
  /** Ledger reasons of rejected and unknown entries, counted. */
  reasons: Record<string, number>;
  ses: { calls: number; accepted: number; faults: Record<string, number> };
  /**
   * How the job went: done, deliveries (SQS rounds), SIGKILL events, seconds, and the senders'
   * metrics summed over every delivery that finished (`Unknown`: messages that became unknown,
   * later settled by their event or resent; `Resent`; `StuckClaims`; `Throttled`…).
   */
  run: {
    completed: boolean;
    rounds: number;
    kills: number;
    seconds: number;
    metrics: Record<string, number>;
  };
}

interface StoredEmail {
  destination: { to: string[] };
}

async function mailCounts(
  sesEndpoint: string,
  sinceSeconds: number,
  domain: string,
): Promise<Map<string, number>> {
  const response = await fetch(`${sesEndpoint}/store?since=${sinceSeconds}`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  const counts = new Map<string, number>();
  for (const to of emails.flatMap((email) => email.destination.to)) {
    if (to.endsWith(`@${domain}`)) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

/** A reason without the masked address in it, so equal reasons count together. */
function shortReason(reason: string | undefined): string {
  return (reason ?? 'no reason recorded').replace(/ for \S*\*\*\*@\S*\*\*\*\S*:/g, ':').trim();
}

/** Counts one subscriber: its emails, its ledger state, and whether a recorded reject was retried. */
function countOne(
  figures: ChaosFigures,
  email: string,
  got: number,
  entry: LedgerEntry | null,
  callTimes: readonly number[],
): void {
  const status = entry?.status ?? 'none';
  if (got === 0) figures.mailed.none += 1;
  else if (got === 1) figures.mailed.once += 1;
  else figures.mailed.twiceOrMore += 1;
  if (status === 'rejected' || status === 'unknown') {
    figures[status] += 1;
    const key = `${status}: ${shortReason(entry?.reason)}`;
    figures.reasons[key] = (figures.reasons[key] ?? 0) + 1;
    const recordedMs = Date.parse(entry?.updatedAt ?? '');
    if (status === 'rejected' && callTimes.some((at) => at > recordedMs))
      figures.rejectedRetried += 1;
  }
  if (got > 0) return;
  if (status !== 'rejected' && status !== 'unknown') figures.skippedSilently += 1;
  // The local part (`r17`) names a synthetic subscriber without printing an address.
  const subscriber = email.slice(0, email.indexOf('@'));
  figures.notMailed.push({ subscriber, status, reason: shortReason(entry?.reason) });
}

/** Counts one finished scenario. */
export async function tallyScenario(input: {
  scenario: { name: string; subscribers: number; faults: FaultMix };
  sesEndpoint: string;
  sinceSeconds: number;
  rig: {
    adapters: { ledger: SendLedger };
    job: { reportId: string };
    domain: string;
    emails: string[];
  };
  proxy: SesFaultProxy;
  run: ChaosFigures['run'];
}): Promise<ChaosFigures> {
  const { rig, proxy, scenario } = input;
  const counts = await mailCounts(input.sesEndpoint, input.sinceSeconds, rig.domain);
  const figures: ChaosFigures = {
    name: scenario.name,
    subscribers: scenario.subscribers,
    faults: scenario.faults,
    mailed: { none: 0, once: 0, twiceOrMore: 0 },
    skippedSilently: 0,
    rejected: 0,
    unknown: 0,
    rejectedRetried: 0,
    notMailed: [],
    reasons: {},
    ses: {
      calls: [...proxy.callsTo.values()].reduce((sum, n) => sum + n, 0),
      accepted: proxy.accepted.length,
      faults: Object.fromEntries(proxy.faults),
    },
    run: input.run,
  };
  for (const email of rig.emails) {
    const entry = await rig.adapters.ledger.entry(rig.job.reportId, email);
    countOne(figures, email, counts.get(email) ?? 0, entry, proxy.callTimes.get(email) ?? []);
  }
  return figures;
}

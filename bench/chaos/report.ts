import type { ChaosFigures } from '../../test/support/fanout/chaos-tally.ts';

/** The chaos run's totals over every scenario. */
export interface ChaosTotals {
  subscribers: number;
  once: number;
  twiceOrMore: number;
  none: number;
  skippedSilently: number;
  rejected: number;
  unknown: number;
  rejectedRetried: number;
}

/** Sums the scenarios. */
export function totalsOf(figures: readonly ChaosFigures[]): ChaosTotals {
  const sum = (pick: (f: ChaosFigures) => number) => figures.reduce((n, f) => n + pick(f), 0);
  return {
    subscribers: sum((f) => f.subscribers),
    once: sum((f) => f.mailed.once),
    twiceOrMore: sum((f) => f.mailed.twiceOrMore),
    none: sum((f) => f.mailed.none),
    skippedSilently: sum((f) => f.skippedSilently),
    rejected: sum((f) => f.rejected),
    unknown: sum((f) => f.unknown),
    rejectedRetried: sum((f) => f.rejectedRetried),
  };
}

const COLUMNS = [
  ['fault', 22],
  ['subs', 5],
  ['0', 4],
  ['1', 4],
  ['2+', 3],
  ['silent', 6],
  ['rejected', 8],
  ['unknown', 7],
  ['went unknown', 12],
  ['stuck', 5],
  ['resent', 6],
  ['SES calls', 9],
  ['kills', 5],
  ['rounds', 6],
  ['s', 5],
] as const;

function row(cells: Array<string | number>): string {
  return cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 6;
      return i === 0 ? String(cell).padEnd(width) : String(cell).padStart(width);
    })
    .join('  ');
}

/** The table, the reasons of everyone not mailed, and the one-line verdict. */
export function describeChaos(figures: readonly ChaosFigures[], total: ChaosTotals): string[] {
  const lines = [
    '0 / 1 / 2+: emails each subscriber got (aws-ses-v2-local GET /store); silent: none, and the',
    'ledger says nothing; rejected, unknown: ledger states at the end; went unknown: sends recorded',
    'unknown on the way (then settled by their SES event, or resent); stuck: claims of killed senders',
    'taken over; resent: second sends after the grace period (these three as counted by the senders',
    'that finished: a killed one reports nothing); rounds: deliveries of the job (SQS); kills:',
    'SIGKILL events of the sender processes.',
    '',
    row(COLUMNS.map(([name]) => name)),
  ];
  for (const f of figures) {
    lines.push(
      row([
        f.name,
        f.subscribers,
        f.mailed.none,
        f.mailed.once,
        f.mailed.twiceOrMore,
        f.skippedSilently,
        f.rejected,
        f.unknown,
        f.run.metrics.Unknown ?? 0,
        f.run.metrics.StuckClaims ?? 0,
        f.run.metrics.Resent ?? 0,
        f.ses.calls,
        f.run.kills,
        f.run.rounds,
        f.run.seconds.toFixed(1),
      ]),
    );
  }
  lines.push('', 'Not mailed, and why (ledger):');
  for (const f of figures) {
    for (const missing of f.notMailed) {
      lines.push(`  ${f.name}: ${missing.subscriber} ${missing.status}: ${missing.reason}`);
    }
  }
  lines.push('', 'Recorded rejected or unknown (mailed or not), by reason:');
  for (const f of figures) {
    for (const [reason, count] of Object.entries(f.reasons))
      lines.push(`  ${f.name}: ${count} × ${reason}`);
  }
  lines.push(
    '',
    `chaos: ${total.subscribers} subscribers, ${total.once} mailed once, ${total.twiceOrMore} mailed twice or more, ${total.skippedSilently} skipped silently, ${total.rejected} rejected, ${total.unknown} unknown`,
  );
  return lines;
}

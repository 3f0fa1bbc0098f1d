import path from 'node:path';
import type { Scenario } from '../../lambdas/market/scenarios/index.ts';
import type { SendReportSummary } from '../../lambdas/publish/index.ts';
import { formatUsdCompact } from '../../lambdas/report/index.ts';
import type { BuiltReport } from '../../lambdas/use-cases/build-report.ts';

/**
 * The lines `aftershock generate` prints: what was found and where everything is; the mailing
 * line is the fan-out's own send summary.
 */
export function describeOutcome(input: {
  scenario: Scenario;
  built: BuiltReport;
  outcome: SendReportSummary;
  outDir: string;
  cwd: string;
}): string[] {
  const { built, outcome } = input;
  const rel = (...parts: string[]) => {
    const target = path.join(input.outDir, ...parts);
    const relative = path.relative(input.cwd, target);
    // Outside the working folder an absolute path reads better than a ../../ chain.
    return relative.startsWith('..') ? target : relative || '.';
  };
  const site = (key: string) => rel('site', key);
  const meta = built.rendered.meta;
  return [
    `Aftershock: ${meta.title}`,
    `  Data:     simulated market "${input.scenario.name}" (not real trading data)`,
    `  Finding:  ${describeFinding(built)}`,
    `  Page:     ${site(`${meta.storyPath ?? meta.path}index.html`)}`,
    `  Index:    ${site('index.html')}`,
    `  Feeds:    ${site('feed.xml')}, ${site('atom.xml')}, ${site('feed.json')}`,
    `  Emails:   ${outcome.sent} written to ${rel('outbox')}/ (${describeMailing(outcome)})`,
    `  Preview:  npm run aftershock -- preview --out ${rel()}`,
  ];
}

/** "0 skipped, 0 failed", plus rejected, unknown and held counts when there are any. */
function describeMailing(outcome: SendReportSummary): string {
  const unknown = outcome.unknown + outcome.awaiting + outcome.unknownFinal;
  const notable: Array<[number, string]> = [
    [outcome.rejected, 'rejected'],
    [unknown, 'unknown (see send-ledger.json)'],
    [outcome.leased, 'held by another run'],
  ];
  const parts = notable.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  return [`${outcome.skipped} skipped`, ...parts, `${outcome.failed} failed`].join(', ');
}

function describeFinding(built: BuiltReport): string {
  const { flush, assessment } = built;
  if (!flush) return 'no liquidation flush in the data';
  const size = `${flush.liqIsLowerBound ? 'at least ' : ''}${formatUsdCompact(flush.liqTotalUsd)} liquidated`;
  const regime = assessment
    ? `; regime ${assessment.label} (${assessment.confidence} confidence)`
    : '';
  return `${flush.side} ${flush.side === 'two-sided' ? 'washout' : 'flush'}, ${flush.tier}, ${size}${regime}`;
}

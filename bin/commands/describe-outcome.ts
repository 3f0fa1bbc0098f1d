import path from 'node:path';
import type { ReportMeta } from '../../lambdas/model/index.ts';
import type { SendReportSummary } from '../../lambdas/publish/index.ts';
import {
  formatUsdCompact,
  formatUsdPrecise,
  listText,
  marketDayWords,
} from '../../lambdas/report/index.ts';
import type { BuiltMarketReport } from '../../lambdas/use-cases/build-market-report.ts';
import type { BuiltReport } from '../../lambdas/use-cases/build-report.ts';

/**
 * The lines `aftershock generate` prints: what was found and where everything is; the mailing
 * line is the fan-out's own send summary.
 */
export function describeOutcome(input: {
  scenarioName: string;
  meta: ReportMeta;
  /** Every version published, oldest first, when the sample is a story of several (flash, follow-ups). */
  versions?: readonly ReportMeta[];
  /** What the analysis found, in one line ({@link describeFinding}, {@link describeMarketFinding}). */
  finding: string;
  outcome: SendReportSummary;
  outDir: string;
  cwd: string;
}): string[] {
  const { meta, outcome } = input;
  const rel = (...parts: string[]) => {
    const target = path.join(input.outDir, ...parts);
    const relative = path.relative(input.cwd, target);
    // Outside the working folder an absolute path reads better than a ../../ chain.
    return relative.startsWith('..') ? target : relative || '.';
  };
  const site = (key: string) => rel('site', key);
  return [
    `Aftershock: ${meta.title}`,
    `  Data:     simulated market "${input.scenarioName}" (not real trading data)`,
    `  Finding:  ${input.finding}`,
    `  Page:     ${site(`${meta.storyPath ?? meta.path}index.html`)}`,
    ...versionsLine(input.versions ?? []),
    `  Index:    ${site('index.html')}`,
    `  Feeds:    ${site('feed.xml')}, ${site('atom.xml')}, ${site('feed.json')}`,
    `  Emails:   ${outcome.sent} written to ${rel('outbox')}/ (${describeMailing(outcome)})`,
    `  Preview:  npm run aftershock -- preview --out ${rel()}`,
  ];
}

/**
 * The story's versions when there are several: "Versions: flash (as of 23:20 UTC), 4h, 24h".
 * @example versionsLine([flash, fourHours]) // ["  Versions: flash as of 2026-03-12T23:20Z, 4h as of 2026-03-13T02:50Z"]
 */
function versionsLine(versions: readonly ReportMeta[]): string[] {
  if (versions.length < 2) return [];
  const named = versions.map((v) => {
    const version = v.kind === 'flash' ? 'flash' : (v.path.match(/v\/([^/]+)\/$/)?.[1] ?? v.kind);
    return `${version} as of ${v.asOf.replace(/:00\.000Z$/, 'Z')}`;
  });
  return [`  Versions: ${named.join(', ')}`];
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

/** One asset's finding: "long flush, major, at least $97M liquidated; regime reclaim (…)". */
export function describeFinding(built: BuiltReport): string {
  const { flush, assessment } = built;
  if (!flush) return 'no liquidation flush in the data';
  const size = `${flush.liqIsLowerBound ? 'at least ' : ''}${formatUsdCompact(flush.liqTotalUsd)} liquidated`;
  const regime = assessment
    ? `; regime ${assessment.label} (${assessment.confidence} confidence)`
    : '';
  return `${flush.side} ${flush.side === 'two-sided' ? 'washout' : 'flush'}, ${flush.tier}, ${size}${regime}`;
}

/** The market's finding, its total as the headline gives it: "long flush of 10 of 12 coins, extreme, at least $1.65B liquidated in 24 hours". */
export function describeMarketFinding(built: BuiltMarketReport): string {
  const { facts } = built;
  const size = `${facts.isLowerBound ? 'at least ' : ''}${formatUsdPrecise(facts.day.totalUsd)}`;
  const coins = `${facts.coinsInFlush.length} of ${facts.coinsCovered.length} coins (${listText(facts.coinsInFlush.slice(0, 3))} the largest)`;
  return `market-wide ${facts.flush.side} flush of ${coins}, ${facts.flush.tier}, ${size} liquidated in ${marketDayWords(facts)}`;
}

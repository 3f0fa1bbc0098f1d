import { CHECKPOINTS, checkpointAsOfMs } from '../analysis/index.ts';
import type { Config } from '../config.ts';
import type { ReplayFinding } from '../market/history/index.ts';
import type { RenderedReport } from '../model/index.ts';
import { buildReportFromSeries } from './build-report.ts';

/**
 * The reports a replayed flush would have produced: the flash at its 1h reading and a
 * follow-up at every later checkpoint the data reaches, each built as of that moment.
 * @example (await replayReports(finding, config)).map((r) => r.meta.kind) // ['flash', 'follow-up', …]
 */
export async function replayReports(
  finding: ReplayFinding,
  config: Pick<Config, 'detector' | 'regime' | 'site' | 'assets'>,
): Promise<RenderedReport[]> {
  const reports: RenderedReport[] = [];
  const last = finding.series.bars.at(-1);
  const historyEndsMs =
    last === undefined ? undefined : last.openTimeMs + finding.series.barMinutes * 60_000;
  for (const checkpoint of CHECKPOINTS) {
    if (finding.regimes[checkpoint] === null) continue;
    const built = await buildReportFromSeries({
      series: finding.series,
      asset: finding.flush.asset,
      asOfMs: checkpointAsOfMs(finding.flush, checkpoint, finding.series.barMinutes),
      event: finding.flush,
      config,
      ...(historyEndsMs === undefined ? {} : { historyEndsMs }),
    });
    reports.push(built.rendered);
  }
  return reports;
}

import { checkpointAsOfMs } from '../analysis/index.ts';
import type { Config } from '../config.ts';
import type { Checkpoint } from '../model/index.ts';
import {
  type BuildMarketReportInput,
  type BuiltMarketReport,
  buildMarketReportFrom,
  prepareMarket,
} from './build-market-report.ts';
import { marketFlashAsOfMs } from './detect-market-flash.ts';
import { marketFollowUpMailing } from './detect-market-follow-ups.ts';

/** One version of a market story, and whether the scheduled reporter would have mailed it. */
export interface MarketStoryVersion {
  built: BuiltMarketReport;
  mail: boolean;
  /** Why it is not mailed; null when it is. */
  note: string | null;
}

/** What {@link buildMarketStory} reads: a market report's input, with the reporter's settings. */
export type BuildMarketStoryInput = BuildMarketReportInput & {
  config: BuildMarketReportInput['config'] & Pick<Config, 'reporting'>;
};

/**
 * A market flush's story as the scheduled reporter publishes it by the report's time (DESIGN.md
 * §6 "one story per event"): the flash when the flush is first seen ended, then each follow-up
 * checkpoint reached (`reporting.followUpCheckpoints`), each told what changed since the flash,
 * the latest last. A follow-up is mailed as the reporter would mail it
 * ({@link marketFollowUpMailing}); the flash always is. A report as of before its flash was due
 * is the story's only version.
 */
export async function buildMarketStory(
  input: BuildMarketStoryInput,
): Promise<MarketStoryVersion[]> {
  const prepared = prepareMarket(input);
  const latest = await buildMarketReportFrom(prepared, input);
  if (latest.facts.version === '1h') return [{ built: latest, mail: true, note: null }];
  const barMinutes = latest.market.series.barMinutes;
  const event = latest.flush.event;
  const flashAsOfMs = marketFlashAsOfMs(event, barMinutes, input.config.detector.quietMinutes);
  if (flashAsOfMs >= latest.facts.asOfMs) return [{ built: latest, mail: true, note: null }];
  const flash = await buildMarketReportFrom(prepared, { ...input, asOfMs: flashAsOfMs });
  const versions: MarketStoryVersion[] = [{ built: flash, mail: true, note: null }];
  // The checkpoints passed before the latest version; the latest is as of the report's time.
  const checkpoints = input.config.reporting.followUpCheckpoints.filter(
    (c: Checkpoint) =>
      c !== '1h' &&
      c !== latest.facts.version &&
      checkpointAsOfMs(event, c, barMinutes) < latest.facts.asOfMs,
  );
  const times = [
    ...checkpoints.map((c) => checkpointAsOfMs(event, c, barMinutes)),
    latest.facts.asOfMs,
  ].sort((a, b) => a - b);
  for (const asOfMs of times) {
    const built = await buildMarketReportFrom(prepared, { ...input, asOfMs, flashAsOfMs });
    const mailing = marketFollowUpMailing(
      { emailed: true },
      built.facts.majors,
      input.config.reporting,
    );
    versions.push({ built, ...mailing });
  }
  return versions;
}

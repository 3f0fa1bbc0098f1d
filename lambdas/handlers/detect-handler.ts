import { z } from 'zod';
import { detectAndReport } from '../use-cases/detect-and-report.ts';
import type { DetectSettings, RunSummary } from '../use-cases/detect-settings.ts';
import { publishRendered } from '../use-cases/publish-from-snapshots.ts';
import { logLine } from './lambda-logger.ts';
import {
  failOnFailedEntries,
  type ReporterAdapters,
  reporterAdaptersFromEnv,
} from './reporter-wiring.ts';

/**
 * The scheduler's event: `task` picks flash detection, due follow-ups, or both
 * (the default, for a manual invoke). Other keys EventBridge may add are ignored.
 */
export const detectEventSchema = z.object({
  task: z.enum(['detect', 'follow-ups', 'all']).default('all'),
});

/** What the detect handler needs; tests point the adapters at the emulators. */
export interface DetectHandlerDeps extends ReporterAdapters {
  settings?: Partial<DetectSettings>;
  nowMs?: () => number;
  log?: (line: string) => void;
}

/** Builds the detect handler: parse the event, then {@link detectAndReport}. */
export function createDetectHandler(deps: DetectHandlerDeps) {
  return async (event: unknown): Promise<RunSummary> => {
    const { task } = detectEventSchema.parse(event ?? {});
    const nowMs = deps.nowMs?.() ?? Date.now();
    const summary = await detectAndReport({
      snapshots: deps.snapshots,
      state: deps.state,
      publish: (rendered, options) => publishRendered(rendered, { ...deps, nowMs }, options),
      config: deps.config,
      nowMs,
      ...(deps.settings ? { settings: deps.settings } : {}),
      tasks: { flashes: task !== 'follow-ups', followUps: task !== 'detect' },
      log: deps.log ?? console.log,
    });
    return failOnFailedEntries(summary);
  };
}

let cold: ReturnType<typeof createDetectHandler> | undefined;

/** Lambda entry point (EventBridge Scheduler); adapters are built once per container. */
export const handler = (event: unknown): Promise<RunSummary> => {
  cold ??= createDetectHandler({ ...reporterAdaptersFromEnv(process.env), log: logLine });
  return cold(event);
};

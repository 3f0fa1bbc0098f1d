import * as z from 'zod';
import { detectAndReport } from '../use-cases/detect-and-report.ts';
import type { RunSummary } from '../use-cases/detect-settings.ts';
import { defineHandler } from './define-handler.ts';
import { reporterFunctionConfigSchema } from './function-config.ts';
import { logLine } from './lambda-logger.ts';
import {
  failOnFailedEntries,
  type ReporterHandlerDeps,
  reporterAdapters,
  reporterRunInput,
} from './reporter-wiring.ts';

/**
 * The scheduler's event: `task` picks flash detection, due follow-ups, or both
 * (the default, for a manual invoke). Other keys EventBridge may add are ignored.
 */
export const detectEventSchema = z.object({
  task: z.enum(['detect', 'follow-ups', 'all']).default('all'),
});

/** What the detect handler needs; tests point the adapters at the emulators. */
export type DetectHandlerDeps = ReporterHandlerDeps;

/** Builds the detect handler: parse the event, then {@link detectAndReport}. */
export function createDetectHandler(deps: DetectHandlerDeps) {
  return async (event: unknown): Promise<RunSummary> => {
    const { task } = detectEventSchema.parse(event ?? {});
    const nowMs = deps.nowMs?.() ?? Date.now();
    const summary = await detectAndReport({
      ...reporterRunInput(deps, nowMs),
      tasks: { flashes: task !== 'follow-ups', followUps: task !== 'detect' },
    });
    return failOnFailedEntries(summary);
  };
}

/** Lambda entry point (EventBridge Scheduler); adapters are built once per container. */
export const handler = defineHandler(reporterFunctionConfigSchema, (config) =>
  createDetectHandler({ ...reporterAdapters(config), log: logLine }),
);

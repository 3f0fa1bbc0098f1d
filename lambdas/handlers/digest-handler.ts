import type { RunSummary } from '../use-cases/detect-settings.ts';
import { publishDailyDigest } from '../use-cases/publish-digest.ts';
import { defineHandler } from './define-handler.ts';
import { reporterFunctionConfigSchema } from './function-config.ts';
import { logLine } from './lambda-logger.ts';
import {
  failOnFailedEntries,
  type ReporterHandlerDeps,
  reporterAdapters,
  reporterRunInput,
} from './reporter-wiring.ts';

/** What the digest handler needs; tests point the adapters at the emulators. */
export type DigestHandlerDeps = ReporterHandlerDeps;

/** Builds the digest handler: the event carries nothing it needs; runs {@link publishDailyDigest}. */
export function createDigestHandler(deps: DigestHandlerDeps) {
  return async (): Promise<RunSummary> => {
    const nowMs = deps.nowMs?.() ?? Date.now();
    const summary = await publishDailyDigest(reporterRunInput(deps, nowMs));
    return failOnFailedEntries(summary);
  };
}

/** Lambda entry point (EventBridge Scheduler); adapters are built once per container. */
export const handler = defineHandler(reporterFunctionConfigSchema, (config) =>
  createDigestHandler({ ...reporterAdapters(config), log: logLine }),
);

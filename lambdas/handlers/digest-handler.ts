import type { DetectSettings, RunSummary } from '../use-cases/detect-settings.ts';
import { publishDailyDigest } from '../use-cases/publish-digest.ts';
import { publishRendered } from '../use-cases/publish-from-snapshots.ts';
import { logLine } from './lambda-logger.ts';
import {
  failOnFailedEntries,
  type ReporterAdapters,
  reporterAdaptersFromEnv,
} from './reporter-wiring.ts';

/** What the digest handler needs; tests point the adapters at the emulators. */
export interface DigestHandlerDeps extends ReporterAdapters {
  settings?: Partial<DetectSettings>;
  nowMs?: () => number;
  log?: (line: string) => void;
}

/** Builds the digest handler: the event carries nothing it needs; runs {@link publishDailyDigest}. */
export function createDigestHandler(deps: DigestHandlerDeps) {
  return async (): Promise<RunSummary> => {
    const nowMs = deps.nowMs?.() ?? Date.now();
    const summary = await publishDailyDigest({
      snapshots: deps.snapshots,
      state: deps.state,
      publish: (rendered, options) => publishRendered(rendered, { ...deps, nowMs }, options),
      config: deps.config,
      nowMs,
      ...(deps.settings ? { settings: deps.settings } : {}),
      log: deps.log ?? console.log,
    });
    return failOnFailedEntries(summary);
  };
}

let cold: ReturnType<typeof createDigestHandler> | undefined;

/** Lambda entry point (EventBridge Scheduler, daily). */
export const handler = (): Promise<RunSummary> => {
  cold ??= createDigestHandler({ ...reporterAdaptersFromEnv(process.env), log: logLine });
  return cold();
};

import { type Config, type ReportingConfig, reportingConfigSchema } from '../config.ts';
import type { FlushEvent, RenderedReport, ReportMeta } from '../model/index.ts';
import type { FlushStateStore } from '../publish/flush-state/flush-state-store.ts';
import type { MarketSeriesSource } from './market-series-source.ts';

/** Publishes a rendered report on the site and, when `mail` is true, queues its email. */
export type ReportPublisher = (
  rendered: RenderedReport<object>,
  options: { mail: boolean },
) => Promise<ReportMeta>;

/** Queues an email that has no page of its own (the day's digest mailing) for subscribers. */
export type MailingQueuer = (mailing: Pick<RenderedReport, 'meta' | 'email'>) => Promise<void>;

/** Tunables of the scheduled reporter: the `reporting` config section. */
export type DetectSettings = ReportingConfig;

/** Defaults: a 6-hour cooldown, follow-ups at +4h, +24h and +72h. */
export const DEFAULT_DETECT_SETTINGS: DetectSettings = reportingConfigSchema.parse({});

/** The config sections the scheduled reporter reads. */
export type ReporterConfig = Pick<
  Config,
  'assets' | 'venues' | 'detector' | 'regime' | 'site' | 'emailFloorUsd'
> &
  Partial<Pick<Config, 'reporting'>>;

/** What one scheduled run works with. */
export interface ReporterRunInput {
  /** The market series the detector and the reports read: day rollups in AWS. */
  market: MarketSeriesSource;
  state: FlushStateStore;
  publish: ReportPublisher;
  config: ReporterConfig;
  nowMs: number;
  settings?: Partial<DetectSettings>;
  log?: (line: string) => void;
}

/** The digest run also queues the day's one mailing (the reports' own mail goes through `publish`). */
export interface DigestRunInput extends ReporterRunInput {
  mail: MailingQueuer;
}

/** One line of a run's outcome. */
export interface RunEntry {
  asset: string;
  /** `flash`, `follow-up 24h`, `digest`. */
  task: string;
  outcome: 'published' | 'skipped' | 'failed';
  reportId?: string;
  /** Whether subscribers are mailed (published entries only). */
  emailed?: boolean;
  /** The mailing that carried it when that is not the report itself (the day's digest). */
  mailingId?: string;
  /** Why it was skipped, failed, or published without email. */
  note?: string;
}

/** Outcome of a run; the handler logs it and fails when `failed` entries exist. */
export interface RunSummary {
  entries: RunEntry[];
}

/**
 * The email floor of an asset: `emailFloorUsd[asset]`, else `emailFloorUsd.default`, else 0.
 * @example emailFloorUsd({ emailFloorUsd: { BTC: 50e6, default: 10e6 } }, 'ETH') // 10000000
 */
export function emailFloorUsd(config: Pick<Config, 'emailFloorUsd'>, asset: string): number {
  return config.emailFloorUsd[asset] ?? config.emailFloorUsd.default ?? 0;
}

/** True when two same-side events overlap once each is widened by `marginMs`. */
export function sameEvent(
  a: Pick<FlushEvent, 'side' | 'startMs' | 'endMs'>,
  b: Pick<FlushEvent, 'side' | 'startMs' | 'endMs'>,
  marginMs: number,
): boolean {
  return a.side === b.side && a.startMs <= b.endMs + marginMs && b.startMs <= a.endMs + marginMs;
}

/**
 * Hours of series a detection run reads before `nowMs`: the detector's whole baseline
 * (`detector.baselineDays`, as replay and calibration use it), plus the flash age and a margin.
 */
export function detectionLookbackHours(
  config: Pick<ReporterRunInput['config'], 'detector'>,
  settings: DetectSettings,
): number {
  return config.detector.baselineDays * 24 + settings.maxFlashAgeHours + 6;
}

import * as z from 'zod';
import { AftershockError } from '../errors.ts';
import type { RenderedReport } from '../model/index.ts';
import { firstIssueText } from '../shared/zod-issues.ts';
import type { SiteStore } from './ports.ts';
import { reportMetaSchema } from './report-manifest.ts';

/**
 * The SQS message that asks the sender to mail one report. It names where the
 * rendered email was stored (in the private data bucket), not the email itself,
 * so it stays far below the SQS size limit.
 */
export const sendJobSchema = z.strictObject({
  reportId: z.string().min(1).max(200),
  /** Site path of the report page, e.g. `reports/2026/11/25/btc-long-flush/` (for logs). */
  reportPath: z.string().min(1),
  /** Key of the {@link ReportEmailArtifact} in the private report store. */
  emailKey: z.string().min(1),
  enqueuedAt: z.iso.datetime(),
});
/** One send job (see {@link sendJobSchema}). */
export type SendJob = z.infer<typeof sendJobSchema>;

/** A send job that does not match {@link sendJobSchema}; the message names the field. */
export class InvalidSendJobError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(`Invalid send job: ${message}`, options);
    this.name = 'InvalidSendJobError';
  }
}

/**
 * Parses an SQS message body into a {@link SendJob}, naming the first bad field.
 *
 * @example
 * parseSendJob('{"reportId":"r","reportPath":"reports/r/","emailKey":"k","enqueuedAt":"2026-01-01T00:00:00Z"}').reportId; // 'r'
 */
export function parseSendJob(body: string): SendJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidSendJobError('the body is not JSON', { cause: error });
  }
  const parsed = sendJobSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InvalidSendJobError(firstIssueText(parsed.error));
}

/** What the sender needs of a report: its meta and the email rendered once at publish time. */
export const reportEmailArtifactSchema = z.object({
  meta: reportMetaSchema,
  email: z.object({
    subject: z.string().min(1),
    preheader: z.string(),
    html: z.string().min(1),
    text: z.string().min(1),
    /** A mailing of several assets (the daily digest): each recipient gets their parts. */
    parts: z
      .array(
        z.object({
          asset: z.string().min(1),
          title: z.string(),
          // The market's part, kept for every recipient.
          everyone: z.boolean().optional(),
        }),
      )
      .optional(),
  }),
});
/** The stored rendered email of one report (see {@link reportEmailArtifactSchema}). */
export type ReportEmailArtifact = z.infer<typeof reportEmailArtifactSchema>;

function safeId(reportId: string): string {
  return reportId.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** Private key of a report's rendered email, e.g. `report-mail/<id>/email.json`. */
export function emailArtifactKey(reportId: string): string {
  return `report-mail/${safeId(reportId)}/email.json`;
}

/** Private key of a report's send summary, beside its email. */
export function sendSummaryKey(reportId: string): string {
  return `report-mail/${safeId(reportId)}/send-summary.json`;
}

const PRIVATE_JSON = {
  contentType: 'application/json; charset=utf-8',
  cacheControl: 'private, no-store',
} as const;

/** Writes a JSON document to the private report store. */
export async function putPrivateJson(store: SiteStore, key: string, value: unknown): Promise<void> {
  await store.putFile({ key, body: JSON.stringify(value), ...PRIVATE_JSON });
}

/** Stores the rendered email for the sender and returns the job that points at it. */
export async function storeReportEmail(
  store: SiteStore,
  rendered: Pick<RenderedReport, 'meta' | 'email'>,
  nowMs: number,
): Promise<SendJob> {
  const emailKey = emailArtifactKey(rendered.meta.id);
  const artifact: ReportEmailArtifact = { meta: rendered.meta, email: rendered.email };
  await putPrivateJson(store, emailKey, artifact);
  return {
    reportId: rendered.meta.id,
    reportPath: rendered.meta.path,
    emailKey,
    enqueuedAt: new Date(nowMs).toISOString(),
  };
}

/** Reads the rendered email a job points at; refuses a missing one or one for another report. */
export async function loadReportEmail(
  store: SiteStore,
  job: SendJob,
): Promise<ReportEmailArtifact> {
  const text = await store.getText(job.emailKey);
  if (text === null) {
    throw new AftershockError(`Unknown report "${job.reportId}": no email at ${job.emailKey}`);
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Reported below with the key, like any other unreadable artefact.
  }
  const parsed = reportEmailArtifactSchema.safeParse(json);
  if (!parsed.success || parsed.data.meta.id !== job.reportId) {
    throw new AftershockError(`${job.emailKey} does not hold the email of "${job.reportId}"`);
  }
  return parsed.data;
}

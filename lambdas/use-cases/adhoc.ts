import * as z from 'zod';
import type { Config } from '../config.ts';
import type { ReportMeta } from '../model/index.ts';
import { draftSiteStore, type Mailer } from '../publish/index.ts';
import { absoluteUrl } from '../report/index.ts';
import { firstIssueText } from '../shared/zod-issues.ts';
import {
  buildFromSnapshots,
  publishFromSnapshots,
  type ReportRequest,
} from './publish-from-snapshots.ts';
import { type PublishPorts, publishReport } from './publish-report.ts';
import { sendTestEmail, type TestSendResult } from './send-test-email.ts';
import type { SnapshotSource } from './snapshot-source.ts';

/** Most addresses one `send-test` may mail. */
export const MAX_TEST_RECIPIENTS = 10;

/** The editors' ad-hoc event, sent by `aftershock adhoc` through `lambda:InvokeFunction`. */
export const adHocEventSchema = z
  .strictObject({
    kind: z.literal('ad-hoc'),
    asset: z.string().regex(/^[A-Za-z0-9]{2,10}$/, 'an asset ticker such as ETH'),
    asOf: z.iso.datetime({ offset: true }).optional(),
    mode: z.enum(['dry-run', 'send-test', 'publish']),
    to: z.array(z.email()).min(1).max(MAX_TEST_RECIPIENTS).optional(),
    lookbackHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(72),
  })
  .refine((e) => (e.mode === 'send-test') === (e.to !== undefined), {
    message: '"to" is required for mode send-test and allowed only there',
    path: ['to'],
  });

/** The ad-hoc event as a caller (the CLI) writes it. */
export type AdHocEventInput = z.input<typeof adHocEventSchema>;

/** What an ad-hoc invocation returns; a bad event is an `ok: false` result, not a crash. */
export type AdHocResult =
  | { ok: true; mode: 'dry-run'; reportId: string; draftUrl: string }
  | { ok: true; mode: 'send-test'; reportId: string; results: TestSendResult[] }
  | { ok: true; mode: 'publish'; published: ReportMeta }
  | { ok: false; error: string };

/** True for events that ask for the ad-hoc workflow (validated by {@link runAdHocEvent}). */
export function isAdHocEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'mode' in event;
}

/** What the ad-hoc modes work through. */
export interface AdHocDeps extends PublishPorts {
  config: Config;
  snapshots: SnapshotSource;
  /** Test sends only; subscribers are mailed through the queue. */
  mailer: Mailer;
  tokenSecret: string;
  nowMs: number;
}

/**
 * Validates the ad-hoc event and runs its mode: `dry-run` publishes to the drafts
 * prefix, unlisted (no manifest, index or feed links it), and returns its URL; `send-test` mails only the
 * given addresses; `publish` publishes and queues the mail to subscribers.
 */
export async function runAdHocEvent(event: unknown, deps: AdHocDeps): Promise<AdHocResult> {
  const parsed = adHocEventSchema.safeParse(event);
  if (!parsed.success)
    return { ok: false, error: `Invalid ad-hoc event: ${firstIssueText(parsed.error, 'event')}` };
  const e = parsed.data;
  const asset = e.asset.toUpperCase();
  if (!deps.config.assets.includes(asset)) {
    return {
      ok: false,
      error: `Unknown asset "${asset}": configured are ${deps.config.assets.join(', ')}`,
    };
  }
  const request: ReportRequest = {
    asset,
    asOfMs: e.asOf === undefined ? deps.nowMs : Date.parse(e.asOf),
    kind: 'ad-hoc',
    lookbackHours: e.lookbackHours,
  };
  if (e.mode === 'publish') {
    return {
      ok: true,
      mode: 'publish',
      published: await publishFromSnapshots({ ...deps, request }),
    };
  }
  const { rendered } = await buildFromSnapshots({ ...deps, request });
  if (e.mode === 'dry-run') {
    const drafts = draftSiteStore(deps.site);
    await publishReport(
      rendered,
      { ...deps, site: drafts.store },
      {
        mail: false,
        listed: false,
        config: deps.config,
        nowMs: deps.nowMs,
      },
    );
    const draftUrl = absoluteUrl(deps.config.site.baseUrl, `${drafts.prefix}${rendered.meta.path}`);
    return { ok: true, mode: 'dry-run', reportId: rendered.meta.id, draftUrl };
  }
  const results = await sendTestEmail({
    ...deps,
    meta: rendered.meta,
    email: rendered.email,
    to: e.to ?? [],
  });
  return { ok: true, mode: 'send-test', reportId: rendered.meta.id, results };
}

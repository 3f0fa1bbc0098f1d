import * as z from 'zod';
import type { ReportMeta } from '../model/index.ts';
import { firstIssueText } from '../shared/zod-issues.ts';
import { StoreFormatError } from './publish-errors.ts';

/** Site key of the list of published reports. */
export const MANIFEST_KEY = 'manifest.json';

/** Validates one {@link ReportMeta} read back from the manifest. */
export const reportMetaSchema = z.object({
  id: z.string().min(1),
  slug: z.string().min(1),
  kind: z.enum(['flash', 'follow-up', 'digest', 'ad-hoc']),
  title: z.string(),
  summary: z.string(),
  asOf: z.string().min(1),
  assets: z.array(z.string()),
  mailAssets: z.array(z.string()).optional(),
  path: z.string().min(1),
  storyId: z.string().min(1).optional(),
  storyPath: z.string().min(1).optional(),
  simulated: z.boolean(),
  imagePath: z.string(),
}) satisfies z.ZodType<ReportMeta>;

/**
 * Parses the manifest text; null (no manifest yet) gives an empty list.
 * A manifest that does not parse is refused rather than replaced, so a bad
 * file never silently empties the archive.
 */
export function parseManifest(text: string | null): ReportMeta[] {
  if (text === null) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreFormatError(MANIFEST_KEY, 'it is not valid JSON', { cause: error });
  }
  const parsed = z.array(reportMetaSchema).safeParse(json);
  if (!parsed.success) {
    throw new StoreFormatError(MANIFEST_KEY, `entry ${firstIssueText(parsed.error, '')}`);
  }
  return parsed.data;
}

function newestFirst(a: ReportMeta, b: ReportMeta): number {
  const byTime = Date.parse(b.asOf) - Date.parse(a.asOf);
  if (Number.isFinite(byTime) && byTime !== 0) return byTime;
  return b.id.localeCompare(a.id);
}

/**
 * Returns the list with `meta` in it once: an entry with the same id is
 * replaced, never duplicated; the result is newest first (by `asOf`, then id).
 *
 * @example
 * upsertManifestEntry([old], { ...old, title: 'New title' }).length; // 1
 */
export function upsertManifestEntry(list: readonly ReportMeta[], meta: ReportMeta): ReportMeta[] {
  return [...list.filter((entry) => entry.id !== meta.id), meta].sort(newestFirst);
}

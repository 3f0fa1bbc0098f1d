import type { ReportMeta } from '../model/index.ts';
import { SOCIAL_IMAGE_FILE } from './build-article.ts';

/**
 * The story a report is a version of (DESIGN §6 "one story per event"): a flush's flash and
 * follow-ups share the flash's id and are served at its path; any other report is its own.
 * @example storyOf(followUp24h) // { id: '2026-01-13-btc-short-squeeze-2200', path: 'reports/2026/01/13/2026-01-13-btc-short-squeeze-2200/' }
 */
export function storyOf(meta: ReportMeta): { id: string; path: string } {
  return { id: meta.storyId ?? meta.id, path: meta.storyPath ?? meta.path };
}

const byTime = (a: ReportMeta, b: ReportMeta) =>
  Date.parse(a.asOf) - Date.parse(b.asOf) || a.id.localeCompare(b.id);

/**
 * One entry per story, as the index, the lists, the feeds, the sitemap and page navigation
 * show it: the newest version's title, summary, kind and time (`asOf`, its last update), at
 * the story's own path and card, with `firstAsOf` the time of its first version. A story of
 * one report is that report.
 * @example storiesOf([flash, followUp4h, digest]).length // 2
 */
export function storiesOf(reports: readonly ReportMeta[]): ReportMeta[] {
  const versions = new Map<string, ReportMeta[]>();
  for (const meta of reports) {
    const { id } = storyOf(meta);
    const list = versions.get(id);
    if (list === undefined) versions.set(id, [meta]);
    else list.push(meta);
  }
  return [...versions.values()].map((list) => {
    const sorted = [...list].sort(byTime);
    const first = sorted[0] as ReportMeta;
    const newest = sorted.at(-1) as ReportMeta;
    const story = storyOf(newest);
    if (story.id === newest.id && story.path === newest.path) return newest;
    return {
      ...newest,
      id: story.id,
      slug: story.id,
      path: story.path,
      imagePath: `${story.path}${SOCIAL_IMAGE_FILE}`,
      firstAsOf: first.asOf,
    };
  });
}

/**
 * Whether `meta` is (or ties) the newest version of its story among `reports`: only then does
 * publishing it replace the story page. A late re-publication of an older version leaves it.
 * @example isNewestVersion([flash, followUp4h], flash) // false
 */
export function isNewestVersion(reports: readonly ReportMeta[], meta: ReportMeta): boolean {
  const { id } = storyOf(meta);
  return !reports.some(
    (other) => other.id !== meta.id && storyOf(other).id === id && byTime(other, meta) > 0,
  );
}

/**
 * The published versions of story `storyId` with a page of their own under it, oldest first:
 * the readings a story page links to (only those published, so no link is broken).
 * @example storyVersions([flash, followUp4h, digest], flash.id).map((v) => v.path) // ['…/v/1h/', '…/v/4h/']
 */
export function storyVersions(reports: readonly ReportMeta[], storyId: string): ReportMeta[] {
  return reports
    .filter((meta) => storyOf(meta).id === storyId && storyOf(meta).path !== meta.path)
    .sort(byTime);
}

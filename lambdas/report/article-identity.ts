import type { FlushEvent, RegimeAssessment, ReportKind, ReportMeta } from '../model/index.ts';

/** Id, slug and site path of a report, and of the story it is a version of. */
export interface ArticleIdentity {
  id: string;
  slug: string;
  /** `reports/YYYY/MM/DD/<slug>/`, or `<storyPath>v/<checkpoint>/` for a flush's version. */
  path: string;
  /** The flash's id for a flash and its follow-ups; the report's own otherwise. */
  storyId: string;
  /** `reports/YYYY/MM/DD/<storyId>/`: where the story's newest version is served. */
  storyPath: string;
}

function datePartsUtc(ms: number): { year: string; month: string; day: string; hhmm: string } {
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  const pad = (value: number) => value.toString().padStart(2, '0');
  return {
    year: date.getUTCFullYear().toString(),
    month: pad(date.getUTCMonth() + 1),
    day: pad(date.getUTCDate()),
    hhmm: `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`,
  };
}

function eventWord(flush: FlushEvent | null): string {
  if (!flush) return 'market-update';
  if (flush.side === 'long') return 'long-flush';
  if (flush.side === 'short') return 'short-squeeze';
  return 'two-sided-washout';
}

/** Keeps a slug to lower-case letters, digits and single hyphens. */
function slugSafe(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Identity of a report, dated by the flush start (or `asOfMs` without a flush). A
 * follow-up carries its checkpoint so it never collides with the flash report. A digest is
 * the day's market update whatever flush it mentions, so it is dated by its `asOfMs`: the
 * same flush being the latest on two days gives two digests, never one id published twice
 * (its page overwritten, and the send ledger mailing the second day's to nobody).
 * A flash and its follow-ups are versions of one story (the flash's id), each kept under it.
 * @example articleIdentity({ asset: 'BTC', flush, assessment: null, kind: 'flash', asOfMs })
 * // { id: '2026-03-11-btc-long-flush-2100', slug: same, storyId: same,
 * //   storyPath: 'reports/2026/03/11/2026-03-11-btc-long-flush-2100/', path: storyPath + 'v/1h/' }
 * @example articleIdentity({ asset: 'BTC', flush, assessment: null, kind: 'digest', asOfMs: Date.parse('2026-03-12T07:00Z') }).id
 * // '2026-03-12-btc-market-update-0700-digest'
 */
export function articleIdentity(input: {
  asset: string;
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
  kind: ReportKind;
  asOfMs: number;
}): ArticleIdentity {
  const digest = input.kind === 'digest';
  const dated = digest ? input.asOfMs : (input.flush?.startMs ?? input.asOfMs);
  const { year, month, day, hhmm } = datePartsUtc(dated);
  const event = digest ? 'market-update' : eventWord(input.flush);
  const parts = [`${year}-${month}-${day}`, input.asset, event, hhmm];
  if (input.kind === 'follow-up') parts.push('follow-up', input.assessment?.checkpoint ?? 'update');
  if (digest || input.kind === 'ad-hoc') parts.push(input.kind);
  const slug = slugSafe(parts.join('-'));
  const folder = `reports/${year}/${month}/${day}/`;
  if (input.kind !== 'flash' && input.kind !== 'follow-up') {
    return {
      id: slug,
      slug,
      path: `${folder}${slug}/`,
      storyId: slug,
      storyPath: `${folder}${slug}/`,
    };
  }
  // A flush's reports are versions of one story: the flash is its 1h reading.
  const storyId = slugSafe(parts.slice(0, 4).join('-'));
  const storyPath = `${folder}${storyId}/`;
  const version = input.kind === 'follow-up' ? (input.assessment?.checkpoint ?? 'update') : '1h';
  return { id: slug, slug, path: `${storyPath}v/${version}/`, storyId, storyPath };
}

/**
 * Joins the site base URL and a site-relative path with exactly one slash.
 * @example absoluteUrl('https://a.example/', '/feed.xml') // "https://a.example/feed.xml"
 */
export function absoluteUrl(siteBaseUrl: string, sitePath: string): string {
  return `${siteBaseUrl.replace(/\/+$/, '')}/${sitePath.replace(/^\/+/, '')}`;
}

/**
 * A report's title wherever it travels on its own (page title and link previews, feeds, email
 * subjects, JSON-LD): labelled "[Simulated]" when its data is, so no preview passes it for real.
 * @example labelledTitle({ title: 'BTC long flush', simulated: true }) // "[Simulated] BTC long flush"
 */
export function labelledTitle(meta: Pick<ReportMeta, 'title' | 'simulated'>): string {
  return meta.simulated ? `[Simulated] ${meta.title}` : meta.title;
}

import type { FlushEvent } from './flush-event.ts';
import type { LiquidationSpike } from './liquidation-spike.ts';
import type { ExcludedInputKind } from './market-series.ts';
import type { RegimeAssessment } from './regime.ts';
import type { ReportFacts } from './report-facts.ts';

/** Why a report was written. */
export type ReportKind = 'flash' | 'follow-up' | 'digest' | 'ad-hoc';

/** A chart image of a report. */
export interface ChartImage {
  /** File name beside the report page, e.g. `price.png`. */
  file: string;
  /**
   * `social-card` images are published but not shown in the article; `page-image` is a
   * smaller copy of a chart the report page offers through `srcset`, never in the email
   * (default `chart`).
   */
  role?: 'chart' | 'social-card' | 'page-image';
  /** Alt text stating what the chart shows (size of the flush, price range). */
  alt: string;
  title: string;
  width: number;
  height: number;
  /** The encoded image: PNG, or WebP for a `page-image` (its `file` says which). */
  png: Uint8Array;
}

/** Metadata of a published report, as the index, archive and feeds list it. */
export interface ReportMeta {
  /** Unique id, e.g. `2026-11-25-btc-long-flush`. */
  id: string;
  slug: string;
  kind: ReportKind;
  title: string;
  /** One or two sentences; also the email preheader and feed summary. */
  summary: string;
  /** ISO time the report describes the market as of. */
  asOf: string;
  assets: string[];
  /**
   * Whose followers are mailed it, where that is not everyone following `assets`: a market
   * story's follow-up goes to the whole market's followers only, since each coin's follow-up
   * carries its own reading to the coin's. Absent: the followers of `assets`.
   */
  mailAssets?: string[];
  /**
   * Site-relative path of the report page folder, e.g. `reports/2026/11/25/<slug>/`; a
   * version of a flush's story lives under the story, `<story path>v/24h/`.
   */
  path: string;
  /**
   * The story this report is a version of: a flush's flash and follow-ups are one story,
   * served at `storyPath` as its newest version. Absent (older manifests), digests and ad-hoc
   * reports: the report is a story of its own.
   */
  storyId?: string;
  storyPath?: string;
  /** On a story as listed: when its first version was published (its event's report). */
  firstAsOf?: string;
  simulated: boolean;
  /** The report's 1200×630 social card (og:image, feeds, index hero), site-relative. */
  imagePath: string;
}

/** The data a report was built from; published as `data.json` beside it. */
export interface ReportData {
  meta: ReportMeta;
  /** Every fact the article's sentences were built from. */
  facts: ReportFacts;
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
  /** Further per-checkpoint assessments (follow-ups). */
  history: RegimeAssessment[];
  /** Liquidation spikes without a flush the article mentions (the digest's last 24 h). */
  spikes: LiquidationSpike[];
  /** Compact series excerpt the charts were drawn from. */
  series: {
    asset: string;
    barMinutes: number;
    venues: string[];
    missingVenues: string[];
    /** When a venue's liquidation feed was not listened to (ISO times, `[from, to)`). */
    unwatchedLiquidations: Array<{ venue: string; from: string; to: string }>;
    /** Inputs the plausibility gates left out (ISO times, `[from, to)`), with the reason. */
    excludedInputs: Array<{
      venue: string;
      symbol?: string;
      input: ExcludedInputKind;
      from: string;
      to: string;
      reason: string;
    }>;
    bars: Array<Record<string, number | null>>;
  };
}

/**
 * A fully rendered report, ready for any publisher. `Data` is what its `data.json` holds: an
 * asset's {@link ReportData}, or the market report's.
 */
export interface RenderedReport<Data extends object = ReportData> {
  meta: ReportMeta;
  /** Complete HTML of the report page, served at `meta.path`. */
  pageHtml: string;
  /**
   * The same page as served at the story's path (`meta.storyPath`) while this is the story's
   * newest version: its links and canonical URL are the story's. Equal to `pageHtml` for a
   * report that is a story of its own.
   */
  storyPageHtml: string;
  /**
   * The article as an HTML fragment with absolute links, for full-content feeds; published
   * as `content.html` beside the page ({@link FEED_CONTENT_FILE}).
   */
  feedHtml: string;
  email: ReportEmail;
  /** What a mailing that sums this report up (the day's digest) shows of it. */
  lead: ReportLead;
  charts: ChartImage[];
  data: Data;
}

/**
 * A rendered email, made once per report. A mailing that covers several assets (the daily
 * digest) lists its `parts`: each recipient gets only the parts of the assets they follow.
 */
export interface ReportEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** One per asset, in order; their blocks in html and text are marked (`email-parts.ts`). */
  parts?: EmailPart[];
}

/** A report's headline figures and lead chart, as its email shows them above the text. */
export interface ReportLead {
  /** The two or three key numbers, worded (e.g. `{ label: 'Liquidated', value: '$97M' }`). */
  keyNumbers: Array<{ label: string; value: string }>;
  /** The email's first chart: its phone drawing, absolute URL, 600 px wide. */
  chart: { url: string; alt: string; width: number; height: number } | null;
}

/** One asset's part of a mailing that covers several. */
export interface EmailPart {
  asset: string;
  /** The part's headline, e.g. the asset's digest title. */
  title: string;
  /** A part every recipient keeps, whatever assets they follow (the market, first). */
  everyone?: boolean;
}

/** File of a report's feed fragment, beside its page. */
export const FEED_CONTENT_FILE = 'content.html';

/**
 * Marker in a rendered email (HTML and text) that the mailer replaces with each
 * recipient's own signed unsubscribe URL, so the email is rendered once per report.
 */
export const UNSUBSCRIBE_URL_PLACEHOLDER = '__AFTERSHOCK_UNSUBSCRIBE_URL__';

/**
 * Marker the mailer replaces with each recipient's own signed preferences-page URL. Optional
 * in a rendered email: mail rendered before the page existed has none.
 */
export const PREFERENCES_URL_PLACEHOLDER = '__AFTERSHOCK_PREFERENCES_URL__';

/** One file of the static site, keyed by its site-relative path (no leading slash). */
export interface SiteFile {
  /** e.g. `index.html`, `reports/2026/11/25/btc-long-flush/price.png`, `feed.xml`. */
  key: string;
  body: string | Uint8Array;
}

import type { DetectorConfig } from '../config.ts';
import type {
  FlushEvent,
  LiquidationSpike,
  MarketSeries,
  RegimeAssessment,
  ReportFacts,
  ReportKind,
  ReportMeta,
} from '../model/index.ts';

/** What an article is built from; time comes in as `asOfMs`, never from the clock. */
export interface ArticleInput {
  series: MarketSeries;
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
  /** Earlier checkpoints' assessments of the same flush, oldest first. */
  history: RegimeAssessment[];
  spikes?: LiquidationSpike[];
  /** Flushes that started after the report's flush and ended by `asOfMs` (a follow-up names them). */
  laterFlushes?: FlushEvent[];
  /** A digest without a flush in its day: the last flush before the day (it names it). */
  earlierFlush?: FlushEvent | null;
  kind: ReportKind;
  asOfMs: number;
  /** Absolute site URL without a trailing slash, e.g. `https://aftershock.example.com`. */
  siteBaseUrl: string;
  siteTitle: string;
  /** The detector's tier thresholds, quoted where the article names the tier. */
  tiers: DetectorConfig['tiers'];
  /**
   * Close of the last bar of replayed history; absent for the live market, whose next
   * bars are still to come. A report never promises a reading the history cannot reach.
   */
  historyEndsMs?: number;
}

/** One row of the evidence table, every cell already formatted for people. */
export interface EvidenceRow {
  rule: string;
  label: string;
  role: string;
  value: string;
  threshold: string;
  status: string;
  /** `pass`, `fail` or `na`, for styling. */
  statusClass: string;
  source: string;
}

/** A table of figures in a section, every cell already formatted; phones stack rows into cards. */
export interface ArticleTable {
  caption: string;
  /** Column headings; the first heads the row labels. */
  columns: string[];
  /** Each column's alignment, the first's included: words left, figures right (to compare digits). */
  align: Array<'left' | 'right'>;
  rows: Array<{
    /** The row's label (the first column), e.g. a coin. */
    head: string;
    /** The other columns, each with its heading as the label a stacked card shows. */
    cells: Array<{ label: string; value: string; align: 'left' | 'right' }>;
  }>;
}

/** A section of the article: a heading and at least one paragraph or bullet. */
export interface ArticleSection {
  /** Stable anchor id, e.g. `what-just-happened`. */
  id: string;
  heading: string;
  paragraphs: string[];
  bullets: string[];
  /** The evidence table rows (only "Where the market stands" has them). */
  evidence: EvidenceRow[];
  /** The rows of the winning label only: the short table the email and the page lead with. */
  winningEvidence: EvidenceRow[];
  /** Tables of figures (the market report's coins and venues); none in most sections. */
  tables: ArticleTable[];
  /** Charts shown beside this section (file names of the report's charts). */
  charts: string[];
}

/** A headline number shown above the article. */
export interface KeyNumber {
  label: string;
  value: string;
}

/** The article: every string a template shows, already worded and formatted. */
export interface Article {
  meta: ReportMeta;
  /** Absolute URL of the page readers are sent to: the story (its newest reading). */
  url: string;
  /** Absolute URLs of `data.json` and of the social image. */
  dataUrl: string;
  imageUrl: string;
  asOfText: string;
  keyNumbers: KeyNumber[];
  sections: ArticleSection[];
  /** Shown prominently when the series is simulated; null otherwise. */
  simulatedNotice: string | null;
  disclaimer: string;
  /** The facts every sentence was built from (also in `data.json`). */
  facts: ReportFacts;
}

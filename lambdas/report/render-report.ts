import juice from 'juice';
import {
  MARKET_ASSET,
  PREFERENCES_URL_PLACEHOLDER,
  type RenderedReport,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../model/index.ts';
import { absoluteUrl, labelledTitle } from './article-identity.ts';
import { articleJsonLd } from './article-json-ld.ts';
import type { Article, ArticleInput, ArticleSection } from './article-types.ts';
import { buildArticle } from './build-article.ts';
import { buildReportData } from './build-report-data.ts';
import type { ChartImageMeta } from './chart-context.ts';
import { defaultTemplateRenderer } from './default-template-renderer.ts';
import {
  NARROW_CHART_MEDIA,
  NARROW_CHART_SIZES,
  narrowPageFileName,
  PAGE_CHART_SIZES,
  PAGE_CHART_WIDTH_PX,
  pageChartFileName,
  pageImageOf,
} from './page-chart-image.ts';
import { type ChartPair, type StartedReportCharts, startReportCharts } from './report-charts.ts';
import { renderReportNav } from './report-nav.ts';
import { kindText, rootPathFrom, type SiteSettings, siteView } from './site-view.ts';
import { renderSocialCard, type SocialCardInput, socialCardMeta } from './social-card.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/** The article input plus the site settings the page and email need. */
export interface RenderReportInput extends ArticleInput {
  site: SiteSettings;
}

/** A report chart as far as the page and the email need it: files, sizes, alt text. */
type ChartFiles = ChartPair<{ image: ChartImageMeta }>;

/** What the page template needs of one chart: its wide and phone drawings. */
function chartView(chart: ChartFiles) {
  const { wide, narrow } = chart;
  return {
    alt: wide.image.alt,
    title: wide.image.title,
    file: wide.image.file,
    width: wide.image.width,
    height: wide.image.height,
    pageFile: pageChartFileName(wide.image.file),
    pageWidth: PAGE_CHART_WIDTH_PX,
    narrowFile: narrow.image.file,
    narrowWebp: narrowPageFileName(wide.image.file),
    narrowWidth: narrow.image.width,
    narrowHeight: narrow.image.height,
  };
}

/** Sections that tell the flush itself: the close-up goes beside the first of them. */
const FLUSH_SECTION_IDS = ['what-just-happened', 'the-flush'];

/**
 * Puts each chart beside the first section that names it, so the text leads and the
 * chart sits where it is discussed. The flush close-up goes beside the section that tells
 * the flush (in place of the price chart when that section names it, so the price chart
 * with its levels moves on to the next section naming it). Charts no section names
 * follow the last section.
 */
export function placeCharts<T extends { file: string }>(
  sections: ArticleSection[],
  charts: T[],
): { sections: Array<{ section: ArticleSection; charts: T[] }>; rest: T[] } {
  const byFile = new Map(charts.map((chart) => [chart.file, chart]));
  const placed = new Set<string>();
  const take = (file: string): T[] => {
    const chart = byFile.get(file);
    if (!chart || placed.has(file)) return [];
    placed.add(file);
    return [chart];
  };
  const zoomAt = byFile.has('flush-zoom.png')
    ? sections.find((section) => FLUSH_SECTION_IDS.includes(section.id))
    : undefined;
  const withCharts = sections.map((section) => {
    if (section !== zoomAt) return { section, charts: section.charts.flatMap(take) };
    const files = section.charts.filter((file) => file !== 'price.png');
    return { section, charts: ['flush-zoom.png', ...files].flatMap(take) };
  });
  return { sections: withCharts, rest: charts.filter((chart) => !placed.has(chart.file)) };
}

/** The article as the page, the email and the feed show it (its facts stay in `data.json`). */
export type PageArticle = Omit<Article, 'facts'>;

function pageView(
  article: PageArticle,
  publishedAt: string,
  charts: ChartFiles[],
  card: ChartImageMeta,
  site: SiteSettings,
  renderer: TemplateRenderer,
  path: string,
) {
  const social = card;
  const image = {
    url: absoluteUrl(site.baseUrl, `${path}${social.file}`),
    width: social.width,
    height: social.height,
  };
  const placed = placeCharts(article.sections, charts.map(chartView));
  const first = placed.sections.flatMap((item) => item.charts)[0] ?? placed.rest[0];
  const root = rootPathFrom(path);
  return {
    site: siteView(site),
    root,
    page: {
      title: `${labelledTitle(article.meta)} · ${site.title}`,
      description: article.meta.summary,
      canonical: absoluteUrl(site.baseUrl, path),
      ogType: 'article',
      image: { ...image, alt: social.alt },
      jsonLd: articleJsonLd({ ...article.meta, path }, site, image, { publishedAt }),
    },
    article,
    kindText: kindText(article.meta.kind),
    versionNotice: versionNotice(article, root, path),
    // No neighbours yet: publishing fills them in from the manifest (report-nav.ts).
    navHtml: renderReportNav(path, { previous: null, next: null }, renderer),
    chartSizes: PAGE_CHART_SIZES,
    narrowMedia: NARROW_CHART_MEDIA,
    narrowSizes: NARROW_CHART_SIZES,
    firstChart: first?.file ?? null,
    sections: placed.sections.map((item) => ({
      ...item.section,
      figures: item.charts.map((chart) => ({ ...chart, first: chart === first })),
    })),
    moreCharts: placed.rest.map((chart) => ({ ...chart, first: chart === first })),
  };
}

/**
 * On a version's own page (`<story>v/4h/`): a link to the story, where the newest reading is.
 * The story's list of readings is in the navigation block, set from the manifest.
 */
function versionNotice(article: PageArticle, root: string, path: string) {
  const storyPath = article.meta.storyPath ?? article.meta.path;
  return path === storyPath ? null : { storyUrl: `${root}${storyPath}` };
}

/**
 * The template's width/height attributes stay as written: juice would otherwise copy
 * `height: auto` from the CSS into `height="auto"`, which is not a valid attribute.
 */
export const JUICE_OPTIONS = { applyHeightAttributes: false, applyWidthAttributes: false };

/**
 * A chart's width in the email: the 600 px column less the cell's padding, so a chart's edge
 * labels line up with the text's (20 px a side). Also its `width` attribute, for clients that
 * ignore CSS (Outlook on Windows).
 */
const EMAIL_CHART_WIDTH_PX = 560;

function emailView(article: PageArticle, charts: ChartFiles[], site: SiteSettings, css: string) {
  // The phone drawing: most mail is read on phones, where the wide chart's text would be
  // 7 px; at 560 px its text is 19 px. In the page's order, so the lead is the flush.
  const placed = placeCharts(article.sections, charts);
  const image = ({ narrow }: ChartFiles) => ({
    url: absoluteUrl(site.baseUrl, `${article.meta.path}${narrow.image.file}`),
    alt: narrow.image.alt,
    width: EMAIL_CHART_WIDTH_PX,
    height: Math.round((EMAIL_CHART_WIDTH_PX * narrow.image.height) / narrow.image.width),
  });
  const lead = [...placed.sections.flatMap((item) => item.charts), ...placed.rest][0];
  return {
    site: siteView(site),
    article,
    // The page's dateline: a follow-up says it is one.
    kindText: kindText(article.meta.kind),
    // One chart above the fold, then each section with its other charts under its text, as on
    // the page; a chart no section names follows them.
    leadChart: lead === undefined ? null : image(lead),
    sections: placed.sections.map((item) => ({
      ...item.section,
      figures: item.charts.filter((chart) => chart !== lead).map(image),
    })),
    moreCharts: placed.rest.filter((chart) => chart !== lead).map(image),
    emailCss: css,
    unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER,
    preferencesUrl: PREFERENCES_URL_PLACEHOLDER,
  };
}

/**
 * Renders one report completely: article, four charts, the page, the email (HTML with
 * inlined CSS, plain text, subject, preheader) and `data.json`. The email carries
 * {@link UNSUBSCRIBE_URL_PLACEHOLDER} for the mailer to replace per recipient.
 */
export async function renderReport(
  input: RenderReportInput,
  renderer: TemplateRenderer = defaultTemplateRenderer(),
): Promise<RenderedReport> {
  // The charts are drawn first and encode on the thread pool while the article, the card and
  // the templates are made here; only the assembled report waits for their bytes.
  const charts = startReportCharts(input);
  charts.encoded.catch(() => undefined); // awaited below; a throw before that must not leak
  const article = buildArticle({
    ...input,
    siteBaseUrl: input.site.baseUrl,
    siteTitle: input.site.title,
  });
  const firstReadingMs = article.facts.updates[0]?.asOfMs;
  return assembleReport(
    {
      article,
      publishedAt:
        firstReadingMs === undefined ? article.meta.asOf : new Date(firstReadingMs).toISOString(),
      charts,
      site: input.site,
      data: buildReportData(input, article.meta),
    },
    renderer,
  );
}

/** What {@link assembleReport} lays out: a worded article, its charts and its data. */
export interface AssembleReportInput<Data extends object> {
  article: PageArticle;
  /** ISO time the story was first published (its first reading), for the page's JSON-LD. */
  publishedAt: string;
  charts: StartedReportCharts;
  site: SiteSettings;
  data: Data;
}

/**
 * Lays a worded article out as every reader gets it, the one way each report kind is rendered:
 * the page (and the story page), the email (HTML with inlined CSS, plain text, subject,
 * preheader), the feed fragment, the lead the digest quotes, the chart files and the social card.
 */
export async function assembleReport<Data extends object>(
  input: AssembleReportInput<Data>,
  renderer: TemplateRenderer = defaultTemplateRenderer(),
): Promise<RenderedReport<Data>> {
  const { article, charts } = input;
  const cardInput = socialCardInput(article, input.site);
  const cardImage = renderSocialCard(cardInput);
  cardImage.catch(() => undefined);
  const card = socialCardMeta(cardInput);
  const drawn = charts.drawn;
  const view = (path: string) =>
    renderer.render(
      'report',
      pageView(article, input.publishedAt, drawn, card, input.site, renderer, path),
    );
  // A flush's version is served at its own path and, while it is the newest, as the story.
  const pageHtml = view(article.meta.path);
  const storyPath = article.meta.storyPath ?? article.meta.path;
  const storyPageHtml = storyPath === article.meta.path ? pageHtml : view(storyPath);
  const rawEmail = renderer.render(
    'email.html',
    emailView(article, drawn, input.site, renderer.asset('email.css')),
  );
  const text = renderer.render('email.text', emailView(article, drawn, input.site, ''));
  // Feed readers get the article itself, with the price chart, as the email's text shows it.
  const feedHtml = renderer.render('feed-content', emailView(article, drawn, input.site, ''));
  const html = juice(rawEmail, JUICE_OPTIONS);
  const [encoded, cardPng] = await Promise.all([charts.encoded, cardImage]);
  const pageImages = encoded.flatMap((chart) => [
    pageImageOf(chart.wide),
    pageImageOf(chart.narrow),
  ]);
  const subject = labelledTitle(article.meta);
  return {
    meta: article.meta,
    pageHtml,
    storyPageHtml,
    feedHtml,
    email: { subject, preheader: article.meta.summary, html, text },
    lead: {
      keyNumbers: article.keyNumbers.map(({ label, value }) => ({ label, value })),
      chart: emailView(article, drawn, input.site, '').leadChart,
    },
    // The page images and the card are published beside the charts; the email uses neither.
    charts: [
      ...encoded.flatMap((chart) => [chart.wide.image, chart.narrow.image]),
      ...pageImages,
      cardPng,
    ],
    data: input.data,
  };
}

// Assets a card's kicker names before it counts the rest: it shares a line with the time.
const KICKER_ASSETS = 2;

/**
 * The social card's line above the headline: the report's assets (the first two, then how many
 * more) and its time, short enough for the card's text column. A market report is the whole
 * market ("Market, BTC +9" read as a count of something unnamed); its headline names the coins.
 * @example cardKicker(['BTC', 'ETH', 'SOL', 'XRP'], '13 Mar 2026, 22:50 UTC') // "BTC, ETH +2 · 13 Mar 2026, 22:50 UTC"
 * @example cardKicker(['Market', 'BTC', 'ETH'], '13 Mar 2026, 22:50 UTC') // "Whole market · 13 Mar 2026, 22:50 UTC"
 */
export function cardKicker(assets: readonly string[], asOfText: string): string {
  if (assets[0] === MARKET_ASSET) return `Whole market · ${asOfText}`;
  const more = assets.length - KICKER_ASSETS;
  const named =
    more > 1 ? `${assets.slice(0, KICKER_ASSETS).join(', ')} +${more}` : assets.join(', ');
  return `${named} · ${asOfText}`;
}

function socialCardInput(article: PageArticle, site: SiteSettings): SocialCardInput {
  return {
    headline: article.meta.title,
    kicker: cardKicker(article.meta.assets, article.asOfText),
    siteTitle: site.title,
    simulated: article.meta.simulated,
    numbers: article.keyNumbers,
  };
}

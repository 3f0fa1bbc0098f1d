import juice from 'juice';
import {
  type ChartImage,
  type RenderedReport,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../model/index.ts';
import { absoluteUrl } from './article-identity.ts';
import { articleJsonLd } from './article-json-ld.ts';
import type { Article, ArticleInput } from './article-types.ts';
import { buildArticle } from './build-article.ts';
import { buildReportData } from './build-report-data.ts';
import { defaultTemplateRenderer } from './default-template-renderer.ts';
import {
  PAGE_CHART_SIZES,
  PAGE_CHART_WIDTH_PX,
  pageChartFileName,
  renderPageChartImage,
} from './page-chart-image.ts';
import { renderReportCharts } from './report-charts.ts';
import { renderReportNav } from './report-nav.ts';
import { kindText, rootPathFrom, type SiteSettings, siteView } from './site-view.ts';
import { renderSocialCard } from './social-card.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/** The article input plus the site settings the page and email need. */
export interface RenderReportInput extends ArticleInput {
  site: SiteSettings;
}

function pageView(
  article: Article,
  charts: ChartImage[],
  card: ChartImage,
  site: SiteSettings,
  renderer: TemplateRenderer,
) {
  const social = card;
  const image = {
    url: absoluteUrl(site.baseUrl, `${article.meta.path}${social.file}`),
    width: social.width,
    height: social.height,
  };
  return {
    site: siteView(site),
    root: rootPathFrom(article.meta.path),
    page: {
      title: `${article.meta.title} · ${site.title}`,
      description: article.meta.summary,
      canonical: article.url,
      ogType: 'article',
      image: { ...image, alt: social.alt },
      jsonLd: articleJsonLd(article.meta, site, image),
    },
    article,
    kindText: kindText(article.meta.kind),
    // No neighbours yet: publishing fills them in from the manifest (report-nav.ts).
    navHtml: renderReportNav(article.meta.path, { previous: null, next: null }, renderer),
    chartSizes: PAGE_CHART_SIZES,
    charts: charts.map((chart) => ({
      ...chart,
      png: null,
      displayWidth: chart.width,
      displayHeight: chart.height,
      pageFile: pageChartFileName(chart.file),
      pageWidth: PAGE_CHART_WIDTH_PX,
    })),
  };
}

/**
 * The template's width/height attributes stay as written: juice would otherwise copy
 * `height: auto` from the CSS into `height="auto"`, which is not a valid attribute.
 */
const JUICE_OPTIONS = { applyHeightAttributes: false, applyWidthAttributes: false };

function emailView(article: Article, charts: ChartImage[], site: SiteSettings, css: string) {
  const images = charts.map((chart) => ({
    url: absoluteUrl(site.baseUrl, `${article.meta.path}${chart.file}`),
    alt: chart.alt,
  }));
  return {
    site: siteView(site),
    article,
    // One chart above the fold, then the text; the other charts follow the sections.
    leadChart: images[0] ?? null,
    moreCharts: images.slice(1),
    emailCss: css,
    unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER,
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
  const article = buildArticle({
    ...input,
    siteBaseUrl: input.site.baseUrl,
    siteTitle: input.site.title,
  });
  const charts = renderReportCharts(input);
  const card = socialCardFor(article, charts, input.site);
  const pageImages = charts.map(renderPageChartImage);
  const pageHtml = renderer.render('report', pageView(article, charts, card, input.site, renderer));
  const rawEmail = renderer.render(
    'email.html',
    emailView(article, charts, input.site, renderer.asset('email.css')),
  );
  const text = renderer.render('email.text', emailView(article, charts, input.site, ''));
  const subject = article.meta.simulated ? `[Simulated] ${article.meta.title}` : article.meta.title;
  return {
    meta: article.meta,
    pageHtml,
    email: { subject, preheader: article.meta.summary, html: juice(rawEmail, JUICE_OPTIONS), text },
    // The page images and the card are published beside the charts; the email uses neither.
    charts: [...charts, ...pageImages, card],
    data: buildReportData(input, article.meta),
  };
}

function socialCardFor(article: Article, charts: ChartImage[], site: SiteSettings): ChartImage {
  const price = charts.find((chart) => chart.file === 'price.png') ?? charts[0];
  if (!price) throw new Error('renderReportCharts returned no chart');
  return renderSocialCard({
    headline: article.meta.title,
    kicker: `${article.meta.assets.join(', ')} · ${article.asOfText}`,
    siteTitle: site.title,
    simulated: article.meta.simulated,
    chartPng: price.png,
    chartAlt: price.alt,
  });
}

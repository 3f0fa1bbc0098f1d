import type { ChartConfiguration, ChartOptions } from 'chart.js';
import type {
  ChartImage,
  FlushEvent,
  MarketSeries,
  RegimeAssessment,
  SeriesBar,
} from '../model/index.ts';
import { MINUTE_MS } from '../shared/time.ts';
import type { ChartWindow } from './chart-window.ts';
import { type EncodedImage, type RenderedChart, renderChart } from './render-chart.ts';

/**
 * How a chart is drawn for one screen: its size and fonts in CSS px, drawn at
 * `pixelRatio` so the image is `width × pixelRatio` pixels wide. Fonts are sized for the
 * width the image is shown at, so they stay legible there rather than being scaled down.
 */
export interface ChartLayout {
  /** `wide` is the page column and the 600 px email; `narrow` is a phone. */
  variant: 'wide' | 'narrow';
  width: number;
  height: number;
  pixelRatio: number;
  /** Font sizes in CSS px; `small` is the smallest text any chart draws. */
  font: { small: number; body: number; title: number };
  /** Most labels on a time axis. */
  maxTimeTicks: number;
  /** Axis titles cost a phone chart a tenth of its width; there the legend names the units. */
  axisTitles: boolean;
  /**
   * Width in pixels of the WebP the page serves of this drawing: the phone drawing as
   * drawn; the wide one scaled to 800 px, which covers the 704 CSS px column at pixel
   * ratio 1 with its text at 14 CSS px (the drawn PNG stays for high-DPI screens).
   */
  pageImageWidthPx: number;
}

/**
 * Drawn at 1200×600 px and shown at 568–704 CSS px in the page column (text 11.4–14 px)
 * and at 600 px in the email (12 px).
 */
export const WIDE_LAYOUT: ChartLayout = {
  variant: 'wide',
  width: 600,
  height: 300,
  pixelRatio: 2,
  font: { small: 12, body: 13, title: 15 },
  maxTimeTicks: 10,
  axisTitles: true,
  pageImageWidthPx: 800,
};

/**
 * Drawn at 720×640 px for phones: shown at 343–568 CSS px (375 px email to a 600 px
 * viewport), its 12 px text stays at 11.4 px or more.
 */
export const NARROW_LAYOUT: ChartLayout = {
  variant: 'narrow',
  width: 360,
  height: 320,
  pixelRatio: 2,
  font: { small: 12, body: 12, title: 13 },
  maxTimeTicks: 5,
  axisTitles: false,
  pageImageWidthPx: 720,
};

/** Both layouts, wide first: every report chart is drawn in each. */
export const CHART_LAYOUTS: readonly ChartLayout[] = [WIDE_LAYOUT, NARROW_LAYOUT];

/** Pixel size of a chart image drawn in `layout`. */
export function imageSize(layout: ChartLayout): { width: number; height: number } {
  return { width: layout.width * layout.pixelRatio, height: layout.height * layout.pixelRatio };
}

/** Pixel size of every wide report chart; emails show them at half width (600 px). */
export const REPORT_CHART_SIZE = imageSize(WIDE_LAYOUT);

/**
 * File of a chart drawn in `layout`: the wide one keeps the plain name.
 * @example layoutFileName('price.png', NARROW_LAYOUT) // "price-narrow.png"
 */
export function layoutFileName(file: string, layout: ChartLayout): string {
  return layout.variant === 'wide' ? file : file.replace(/\.png$/i, `-${layout.variant}.png`);
}

/** Most points a time chart draws; more bars are merged first (speed, readability). */
export const MAX_CHART_POINTS = 400;

/** Everything a chart builder needs. */
export interface ChartContext {
  series: MarketSeries;
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
  window: ChartWindow;
  /** The window's bars, merged down to at most {@link MAX_CHART_POINTS}. */
  points: SeriesBar[];
  layout: ChartLayout;
}

/** A point of a Chart.js dataset on the linear time axis. */
export interface TimePoint {
  x: number;
  y: number;
}

/** Maps bars to points, dropping bars whose value is missing rather than drawing zero. */
export function timePoints(
  bars: SeriesBar[],
  value: (bar: SeriesBar) => number | null,
  offsetMs = 0,
): TimePoint[] {
  const points: TimePoint[] = [];
  for (const bar of bars) {
    const y = value(bar);
    if (y !== null && Number.isFinite(y)) points.push({ x: bar.openTimeMs + offsetMs, y });
  }
  return points;
}

/**
 * Time one point covers: the spacing of merged points, or the series' bar length.
 * @example pointSpanMs(fiveMinuteBarsMergedByThree, 5) // 900000
 */
export function pointSpanMs(points: SeriesBar[], barMinutes: number): number {
  const [first, second] = points;
  return first && second ? second.openTimeMs - first.openTimeMs : barMinutes * MINUTE_MS;
}

/**
 * For time charts: points are pre-built `{x, y}` objects sorted by x, so Chart.js can
 * skip its parsing pass (it would break the category data of the venue chart).
 */
export const PREPARSED_TIME_POINTS = { parsing: false, normalized: true } as const;

/**
 * Title, legend and padding shared by all charts, with fonts from the layout. The legend
 * shows only when it tells lines apart (`legend: false` for a single series).
 */
export function baseChartOptions(
  title: string,
  layout: ChartLayout,
  options: { legend?: boolean; rightPadding?: number; unlisted?: string[] } = {},
): ChartOptions {
  const { font } = layout;
  return {
    layout: { padding: { top: 4, right: options.rightPadding ?? 8, bottom: 4, left: 4 } },
    plugins: {
      title: {
        display: true,
        text: title,
        font: { size: font.title, weight: 'bold' },
        padding: { top: 4, bottom: 6 },
      },
      legend: {
        display: options.legend ?? true,
        position: 'top',
        labels: {
          font: { size: font.body },
          boxWidth: font.body,
          boxHeight: font.body,
          padding: 8,
          // The line the title names needs no entry; the legend keys the bars.
          filter: (item: { text: string }) => !options.unlisted?.includes(item.text),
        },
      },
      tooltip: { enabled: false },
    },
  } as ChartOptions;
}

/** Tick and axis-title fonts of a value axis; titles only where the layout has room. */
export function valueAxisText(layout: ChartLayout, title: string) {
  return {
    ticks: { font: { size: layout.font.small } },
    title: { display: layout.axisTitles, text: title, font: { size: layout.font.small } },
  };
}

/** A chart drawn in one layout, with what the page needs beside the PNG. */
export interface DrawnChart {
  image: ChartImage;
  layout: ChartLayout;
  /** The WebP the page serves, `layout.pageImageWidthPx` wide. */
  pageWebp: EncodedImage;
  /** Smallest text drawn, in image pixels. */
  smallestTextPx: number;
  /** Texts drawn and the plot area, in CSS px (for checks that labels stay off the plot). */
  texts: RenderedChart['texts'];
  plot: RenderedChart['plot'];
}

/** What a chart image is, known once it is drawn: everything a page needs but its bytes. */
export type ChartImageMeta = Omit<ChartImage, 'png'>;

/** A chart drawn in one layout whose encoding is still running on the thread pool. */
export interface PendingChart {
  image: ChartImageMeta;
  layout: ChartLayout;
  drawn: Promise<DrawnChart>;
}

/**
 * Draws `config` in the context's layout and names the file after the layout. Drawn in the
 * call, so the page can be laid out from `image` while `drawn` waits for the encoding (see
 * {@link renderChart}).
 */
export function drawChart(
  context: Pick<ChartContext, 'layout'>,
  chart: { file: string; title: string; alt: string },
  config: ChartConfiguration,
): PendingChart {
  const { layout } = context;
  const image: ChartImageMeta = {
    file: layoutFileName(chart.file, layout),
    title: chart.title,
    alt: chart.alt,
    ...imageSize(layout),
  };
  const encoding = renderChart(config, layout, { webpWidthPx: layout.pageImageWidthPx });
  const drawn = encoding.then((rendered): DrawnChart => {
    if (!rendered.webp) throw new Error(`no page WebP of ${chart.file}`);
    return {
      image: { ...image, png: rendered.png },
      layout,
      pageWebp: rendered.webp,
      smallestTextPx: rendered.smallestTextPx,
      texts: rendered.texts,
      plot: rendered.plot,
    };
  });
  return { image, layout, drawn };
}

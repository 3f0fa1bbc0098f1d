import { createCanvas, Image } from '@napi-rs/canvas';
import type { ChartImage } from '../model/index.ts';

/**
 * Width of the charts the report page shows. The page column is at most 704 CSS px
 * (46rem less padding) and phones draw it at about 650–700 device pixels, so an
 * 800 px image covers both; the 1200 px PNGs stay for email, high-DPI screens and
 * anyone opening the chart itself.
 */
export const PAGE_CHART_WIDTH_PX = 800;

/**
 * Lossy WebP quality of the page charts: about a quarter of the PNG's bytes with
 * clean lines and labels. Measured on @napi-rs/canvas at 800×400: ~30–40 ms per
 * chart, no slower than encoding the same pixels as PNG (PNG cannot drop the
 * scaling's anti-aliasing noise and came out 3–4× larger).
 */
const PAGE_CHART_WEBP_QUALITY = 80;

/** `sizes` of the page charts: the page column, or the viewport less its padding. */
export const PAGE_CHART_SIZES = '(min-width: 46rem) 44rem, calc(100vw - 2rem)';

/**
 * File name of a chart's page-size WebP.
 * @example pageChartFileName('price.png') // "price-800.webp"
 */
export function pageChartFileName(chartFile: string): string {
  return `${chartFile.replace(/\.png$/i, '')}-${PAGE_CHART_WIDTH_PX}.webp`;
}

/**
 * The chart scaled down to {@link PAGE_CHART_WIDTH_PX} as WebP, published beside it
 * and offered to browsers through `srcset` (role `page-image`: never in the email).
 * Scaled from the drawn PNG rather than drawn again, so both show exactly the same.
 */
export function renderPageChartImage(chart: ChartImage): ChartImage {
  const width = PAGE_CHART_WIDTH_PX;
  const height = Math.round((chart.height * width) / chart.width);
  const source = new Image();
  source.src = Buffer.from(chart.png);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
  return {
    file: pageChartFileName(chart.file),
    role: 'page-image',
    alt: chart.alt,
    title: chart.title,
    width,
    height,
    png: canvas.toBuffer('image/webp', PAGE_CHART_WEBP_QUALITY),
  };
}

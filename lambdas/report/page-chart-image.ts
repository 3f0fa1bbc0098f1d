import { createCanvas, Image } from '@napi-rs/canvas';
import type { ChartImage } from '../model/index.ts';
import { type DrawnChart, NARROW_LAYOUT, WIDE_LAYOUT } from './chart-context.ts';

/**
 * Width of the wide charts' downscaled copy. The page column is at most 704 CSS px
 * (46rem less padding), so an 800 px image covers it at pixel ratio 1 with its text at
 * 14 CSS px; the 1200 px PNGs stay for high-DPI screens and anyone opening the chart.
 * Phones get the narrow drawing instead (text drawn for their width, not scaled down).
 */
export const PAGE_CHART_WIDTH_PX = 800;

/**
 * Lossy WebP quality of the downscaled page charts: about a quarter of the PNG's bytes
 * with clean lines and labels. Measured on @napi-rs/canvas at 800×400: ~30–40 ms per
 * chart, no slower than encoding the same pixels as PNG (PNG cannot drop the
 * scaling's anti-aliasing noise and came out 3–4× larger).
 */
const PAGE_CHART_WEBP_QUALITY = 80;

/** `sizes` of the page charts: the page column, or the viewport less its padding. */
export const PAGE_CHART_SIZES = '(min-width: 46rem) 44rem, calc(100vw - 2rem)';

/**
 * Viewports that get the phone drawing: up to 600 CSS px the wide chart would be shown
 * below 568 px and its 12 px text below 11.4 px; the phone chart is shown at 568 px at most.
 */
export const NARROW_CHART_MEDIA = '(max-width: 37.5rem)';

/** `sizes` of the phone drawing: the viewport less the page padding. */
export const NARROW_CHART_SIZES = 'calc(100vw - 2rem)';

/**
 * File of the phone drawing as WebP, for the page.
 * @example narrowPageFileName('price.png') // "price-narrow.webp"
 */
export function narrowPageFileName(chartFile: string): string {
  return `${chartFile.replace(/\.png$/i, '')}-${NARROW_LAYOUT.variant}.webp`;
}

/**
 * Smallest text, in image pixels, of a published chart file of any variant, from the
 * layout it is drawn in (the chart tests check every drawing keeps to it). A browser
 * shows it at `displayed width / image width ×` this many CSS px.
 * @example chartFileTextPx('price-800.webp') // 16
 */
export function chartFileTextPx(file: string): number {
  const name = file.split('/').at(-1) ?? file;
  const narrow = new RegExp(`-${NARROW_LAYOUT.variant}\\.(png|webp)$`).test(name);
  const layout = narrow ? NARROW_LAYOUT : WIDE_LAYOUT;
  const drawnPx = layout.font.small * layout.pixelRatio;
  if (name.endsWith(`-${PAGE_CHART_WIDTH_PX}.webp`)) {
    return (drawnPx * PAGE_CHART_WIDTH_PX) / (WIDE_LAYOUT.width * WIDE_LAYOUT.pixelRatio);
  }
  return drawnPx;
}

/** The phone drawing's WebP as a published image (role `page-image`). */
export function narrowPageImage(chart: DrawnChart): ChartImage | null {
  if (!chart.webp) return null;
  return {
    file: chart.image.file.replace(/\.png$/i, '.webp'),
    role: 'page-image',
    alt: chart.image.alt,
    title: chart.image.title,
    width: chart.image.width,
    height: chart.image.height,
    png: chart.webp,
  };
}

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

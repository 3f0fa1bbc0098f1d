import type { ChartImage } from '../model/index.ts';
import { type DrawnChart, NARROW_LAYOUT, WIDE_LAYOUT } from './chart-context.ts';

/** Width of the wide charts' page copy (see `WIDE_LAYOUT.pageImageWidthPx`). */
export const PAGE_CHART_WIDTH_PX = WIDE_LAYOUT.pageImageWidthPx;

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

/**
 * The WebP the page serves of a drawing, as a published image (role `page-image`: never
 * in the email): the phone drawing's own pixels (`price-narrow.webp`), or the wide one
 * scaled to {@link PAGE_CHART_WIDTH_PX} (`price-800.webp`), offered through `srcset`.
 * Made from the drawn canvas, so it shows exactly what the PNG shows.
 */
export function pageImageOf(chart: DrawnChart): ChartImage {
  const { image, pageWebp } = chart;
  const sameSize = pageWebp.width === image.width;
  return {
    file: sameSize ? image.file.replace(/\.png$/i, '.webp') : pageChartFileName(image.file),
    role: 'page-image',
    alt: image.alt,
    title: image.title,
    width: pageWebp.width,
    height: pageWebp.height,
    png: pageWebp.bytes,
  };
}

/**
 * File name of a chart's page-size WebP.
 * @example pageChartFileName('price.png') // "price-800.webp"
 */
export function pageChartFileName(chartFile: string): string {
  return `${chartFile.replace(/\.png$/i, '')}-${PAGE_CHART_WIDTH_PX}.webp`;
}

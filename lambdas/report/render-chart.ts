import { type Canvas, createCanvas } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
  registerables,
} from 'chart.js';
import type { ChartLayout } from './chart-context.ts';
import { registerChartFont } from './register-chart-font.ts';

/** Colours shared by all charts; picked to stay readable on white and when inverted. */
export const CHART_COLORS = {
  background: '#ffffff',
  text: '#1f2328',
  grid: '#e3e6ea',
  price: '#1f4e99',
  long: '#c62828',
  short: '#2e7d32',
  oi: '#6a3d9a',
  funding: '#b35c00',
  premium: '#00838f',
  shade: 'rgba(198, 40, 40, 0.12)',
  range: 'rgba(31, 78, 153, 0.25)',
  /** The range's edges: its low still reads where a liquidation bar is drawn over the fill. */
  rangeEdge: 'rgba(31, 78, 153, 0.6)',
  level: '#555d66',
  zone: 'rgba(85, 93, 102, 0.16)',
} as const;

let chartJsReady = false;

function ensureChartJs(): void {
  if (chartJsReady) return;
  Chart.register(...registerables);
  registerChartFont();
  Chart.defaults.color = CHART_COLORS.text;
  Chart.defaults.borderColor = CHART_COLORS.grid;
  chartJsReady = true;
}

/**
 * Fills the whole canvas before anything is drawn: dark-mode mail clients invert
 * transparent images, which would make dark text vanish on a dark background.
 */
const opaqueBackground: Plugin = {
  id: 'aftershockOpaqueBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = CHART_COLORS.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** A chart drawn in one layout. */
export interface RenderedChart {
  png: Uint8Array;
  /** The drawing as lossy WebP, when asked for (the page serves it; email cannot). */
  webp: EncodedImage | null;
  /** Smallest font any text was drawn with, in image pixels (CSS px × pixel ratio). */
  smallestTextPx: number;
  /** Every text drawn, with where it starts (CSS px, left edge whatever its alignment) and its fill colour. */
  texts: Array<{ text: string; left: number; top: number; color: string }>;
  /** The plot area Chart.js laid out, in CSS px. */
  plot: { left: number; right: number; top: number; bottom: number };
}

/** Encoded image bytes with their pixel size. */
export interface EncodedImage {
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** Lossy WebP quality of page charts: about a quarter of the PNG's bytes, clean text. */
const CHART_WEBP_QUALITY = 80;

/** "bold 13px DejaVu Sans" → 13. */
function fontPx(font: string): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(font);
  return match ? Number(match[1]) : Number.NaN;
}

/** Left edge of text drawn at `x` with the context's alignment. */
function textLeft(
  context: { textAlign: string; measureText(text: string): { width: number } },
  text: string,
  x: number,
): number {
  const width = context.measureText(text).width;
  if (context.textAlign === 'right' || context.textAlign === 'end') return x - width;
  if (context.textAlign === 'center') return x - width / 2;
  return x;
}

/**
 * Drops datasets with nothing to draw: no finite value, or bars that are all zero (a
 * side without liquidations). An empty series only adds a legend entry.
 */
export function withoutEmptyDatasets<TType extends ChartType>(
  config: ChartConfiguration<TType>,
): ChartConfiguration<TType> {
  const datasets = config.data.datasets.filter((dataset) => {
    const values = (dataset.data as unknown[]).map((point) =>
      typeof point === 'number' ? point : (point as { y?: unknown } | null)?.y,
    );
    const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const type = (dataset as { type?: string }).type ?? config.type;
    return type === 'bar' ? finite.some((v) => v !== 0) : finite.length > 0;
  });
  return { ...config, data: { ...config.data, datasets } };
}

/** What to encode of a drawn chart besides its PNG. */
export interface RenderChartOptions {
  /**
   * Also a WebP this many pixels wide: the drawing itself when it is that wide, else a
   * copy scaled down with high-quality smoothing (same drawing, fewer pixels).
   */
  webpWidthPx?: number;
}

/**
 * Renders a Chart.js configuration with Chart.js's own constructor on a
 * `@napi-rs/canvas` canvas (no DOM, no chartjs-node-canvas), at the layout's CSS size
 * times its pixel ratio. Animation and responsiveness are forced off so the chart is
 * fully drawn synchronously. Every text draw is watched to report the smallest font.
 *
 * The drawing happens before the first `await`, in the call itself; only the encoding
 * is awaited. Encoding is most of a chart's cost (a 1200×600 PNG ~20 ms, its WebP ~25 ms,
 * drawing a few ms), and `canvas.encode` runs it on libuv's thread pool, so a caller
 * that starts every chart before awaiting any (`Promise.all`) encodes them on all cores
 * while the next chart is drawn. The bytes are those `toBuffer` makes.
 */
export async function renderChart<TType extends ChartType>(
  config: ChartConfiguration<TType>,
  layout: ChartLayout,
  options: RenderChartOptions = {},
): Promise<RenderedChart> {
  ensureChartJs();
  const canvas = createCanvas(layout.width, layout.height);
  const context = canvas.getContext('2d');
  let smallestCssPx = Number.POSITIVE_INFINITY;
  const texts: RenderedChart['texts'] = [];
  const fillText = context.fillText.bind(context);
  context.fillText = (text: string, x: number, y: number, maxWidth?: number) => {
    if (text.trim() !== '') {
      smallestCssPx = Math.min(smallestCssPx, fontPx(context.font));
      texts.push({
        text,
        left: textLeft(context, text, x),
        top: y,
        color: String(context.fillStyle),
      });
    }
    if (maxWidth === undefined) fillText(text, x, y);
    else fillText(text, x, y, maxWidth);
  };
  const item = context as unknown as ConstructorParameters<typeof Chart>[0];
  const chart = new Chart<TType>(item, {
    ...config,
    options: {
      ...config.options,
      responsive: false,
      animation: false,
      devicePixelRatio: layout.pixelRatio,
    } as ChartConfiguration<TType>['options'],
    plugins: [opaqueBackground as Plugin<TType>, ...(config.plugins ?? [])],
  });
  try {
    const { left, right, top, bottom } = chart.chartArea;
    const webpCanvas = options.webpWidthPx ? scaledTo(canvas, options.webpWidthPx) : null;
    // Awaited before `destroy`, which clears the canvas the encoders are reading.
    const [png, webp] = await Promise.all([
      canvas.encode('png'),
      webpCanvas?.encode('webp', CHART_WEBP_QUALITY) ?? null,
    ]);
    return {
      png,
      webp:
        webpCanvas && webp
          ? { width: webpCanvas.width, height: webpCanvas.height, bytes: webp }
          : null,
      smallestTextPx: smallestCssPx * layout.pixelRatio,
      texts,
      plot: { left, right, top, bottom },
    };
  } finally {
    chart.destroy();
  }
}

/** `source` itself when it is `width` pixels wide, else a copy scaled down to it. */
function scaledTo(source: Canvas, width: number): Canvas {
  if (width === source.width) return source;
  const height = Math.round((source.height * width) / source.width);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
  return canvas;
}

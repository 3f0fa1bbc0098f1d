import { createCanvas } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
  registerables,
} from 'chart.js';
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
  level: '#555d66',
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

/** Size of a rendered chart in pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Renders a Chart.js configuration to a PNG with Chart.js's own constructor on a
 * `@napi-rs/canvas` canvas (no DOM, no chartjs-node-canvas). Animation and
 * responsiveness are forced off so the chart is fully drawn synchronously.
 */
export function renderChartPng<TType extends ChartType>(
  config: ChartConfiguration<TType>,
  size: ChartSize,
): Uint8Array {
  ensureChartJs();
  const canvas = createCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  const item = context as unknown as ConstructorParameters<typeof Chart>[0];
  const chart = new Chart<TType>(item, {
    ...config,
    options: {
      ...config.options,
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
    } as ChartConfiguration<TType>['options'],
    plugins: [opaqueBackground as Plugin<TType>, ...(config.plugins ?? [])],
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

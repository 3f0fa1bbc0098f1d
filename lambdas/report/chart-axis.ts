import type { Plugin, Scale, ScaleOptions } from 'chart.js';
import { HOUR_MS, MONTH_ABBREVIATIONS } from '../shared/time.ts';
import type { ChartLayout } from './chart-context.ts';
import { CHART_FONT_FAMILY } from './register-chart-font.ts';
import { CHART_COLORS } from './render-chart.ts';

const MONTHS = MONTH_ABBREVIATIONS;

/**
 * Tick label for an epoch-ms value: the date at midnight UTC, HH:MM otherwise.
 * @example formatTimeTick(Date.UTC(2026, 2, 12)) // "12 Mar"
 * @example formatTimeTick(Date.UTC(2026, 2, 12, 6)) // "06:00"
 */
export function formatTimeTick(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  const hours = date.getUTCHours();
  const minutes = date.getUTCMinutes();
  if (hours === 0 && minutes === 0) return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Tick spacing that gives at most `maxTicks` labels over the span, on whole UTC hours. */
function tickStepMs(spanMs: number, maxTicks: number): number {
  const steps = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 48].map((hours) => hours * HOUR_MS);
  return steps.find((step) => spanMs / step <= maxTicks) ?? 48 * HOUR_MS;
}

/**
 * Tick values on whole multiples of the step (epoch ms multiples of whole hours fall
 * on whole UTC hours), so labels read 00:00, 06:00, … rather than odd minutes.
 */
export function timeTickValues(fromMs: number, toMs: number, maxTicks = 16): number[] {
  const stepMs = tickStepMs(toMs - fromMs, maxTicks);
  const values: number[] = [];
  for (let value = Math.ceil(fromMs / stepMs) * stepMs; value <= toMs; value += stepMs) {
    values.push(value);
  }
  return values;
}

/** Room one time label needs: five characters and a gap, in CSS px. */
const TIME_LABEL_PX_PER_FONT_PX = 5;

/**
 * How many time labels fit the plot: the chart width less `reservedPx` (value axes, the
 * level labels), at most the layout's limit.
 */
export function timeTickLimit(layout: ChartLayout, reservedPx: number): number {
  const fit = Math.floor(
    (layout.width - reservedPx) / (layout.font.small * TIME_LABEL_PX_PER_FONT_PX),
  );
  return Math.max(2, Math.min(layout.maxTimeTicks, fit));
}

/**
 * A linear x axis over epoch milliseconds with UTC tick labels, so no date adapter is
 * needed. The ticks are set after Chart.js builds its own, which are not hour-aligned.
 */
export function timeAxis(
  fromMs: number,
  toMs: number,
  layout: ChartLayout,
  reservedPx = 0,
): ScaleOptions<'linear'> {
  const tickValues = timeTickValues(fromMs, toMs, timeTickLimit(layout, reservedPx));
  return {
    type: 'linear',
    min: fromMs,
    max: toMs,
    // Bar datasets would otherwise pad the axis by half a category on each side, and draw
    // grid lines half-way between the labels.
    offset: false,
    grid: { offset: false },
    afterBuildTicks: (scale: Scale) => {
      scale.ticks = tickValues.map((value) => ({ value }));
    },
    ticks: {
      autoSkip: false,
      maxRotation: 0,
      font: { size: layout.font.small },
      callback: (value: string | number) => formatTimeTick(Number(value)),
    },
    title: { display: layout.axisTitles, text: 'Time (UTC)', font: { size: layout.font.small } },
  } as ScaleOptions<'linear'>;
}

/** Shades the x range [fromMs, toMs] behind the datasets (the flush window). */
export function shadeRangePlugin(
  fromMs: number,
  toMs: number,
  label: string,
  layout: ChartLayout,
): Plugin {
  return {
    id: 'aftershockShade',
    beforeDatasetsDraw(chart) {
      const scale = chart.scales.x;
      const { ctx, chartArea } = chart;
      if (!scale) return;
      const left = Math.max(chartArea.left, scale.getPixelForValue(fromMs));
      const right = Math.min(chartArea.right, scale.getPixelForValue(toMs));
      if (right <= left) return;
      ctx.save();
      ctx.fillStyle = CHART_COLORS.shade;
      ctx.fillRect(
        left,
        chartArea.top,
        Math.max(2, right - left),
        chartArea.bottom - chartArea.top,
      );
      ctx.restore();
    },
    // The label goes over the datasets, on a white halo, so bars and lines cannot hide it.
    afterDatasetsDraw(chart) {
      const scale = chart.scales.x;
      const { ctx, chartArea } = chart;
      if (!scale) return;
      const left = Math.max(chartArea.left, scale.getPixelForValue(fromMs));
      if (left >= Math.min(chartArea.right, scale.getPixelForValue(toMs))) return;
      const y = chartArea.top + layout.font.small + 2;
      ctx.save();
      ctx.font = `${layout.font.small}px ${CHART_FONT_FAMILY}`;
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3;
      ctx.strokeStyle = CHART_COLORS.background;
      ctx.strokeText(label, left + 3, y);
      ctx.fillStyle = CHART_COLORS.long;
      ctx.fillText(label, left + 3, y);
      ctx.restore();
    },
  };
}

/** Writes a message in the middle of the chart area (e.g. when there is nothing to plot). */
export function messagePlugin(message: string, layout: ChartLayout): Plugin {
  return {
    id: 'aftershockMessage',
    afterDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.fillStyle = CHART_COLORS.text;
      ctx.font = `${layout.font.body}px ${CHART_FONT_FAMILY}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      const x = (chartArea.left + chartArea.right) / 2;
      const y = (chartArea.top + chartArea.bottom) / 2;
      ctx.fillText(message, x, y, chartArea.right - chartArea.left - 8);
      ctx.restore();
    },
  };
}

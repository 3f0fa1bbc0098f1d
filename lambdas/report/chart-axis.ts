import type { Chart, Plugin, Scale, ScaleOptions } from 'chart.js';
import { HOUR_MS, MONTH_ABBREVIATIONS } from '../shared/time.ts';
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

/** Tick spacing that gives 8–16 labels over the span, on whole UTC hours. */
function tickStepMs(spanMs: number): number {
  const steps = [1, 2, 3, 6, 12, 24].map((hours) => hours * HOUR_MS);
  return steps.find((step) => spanMs / step <= 16) ?? 24 * HOUR_MS;
}

/**
 * Tick values on whole multiples of the step (epoch ms multiples of whole hours fall
 * on whole UTC hours), so labels read 00:00, 06:00, … rather than odd minutes.
 */
export function timeTickValues(fromMs: number, toMs: number): number[] {
  const stepMs = tickStepMs(toMs - fromMs);
  const values: number[] = [];
  for (let value = Math.ceil(fromMs / stepMs) * stepMs; value <= toMs; value += stepMs) {
    values.push(value);
  }
  return values;
}

/**
 * A linear x axis over epoch milliseconds with UTC tick labels, so no date adapter is
 * needed. The ticks are set after Chart.js builds its own, which are not hour-aligned.
 */
export function timeAxis(fromMs: number, toMs: number): ScaleOptions<'linear'> {
  const tickValues = timeTickValues(fromMs, toMs);
  return {
    type: 'linear',
    min: fromMs,
    max: toMs,
    // Bar datasets would otherwise pad the axis by half a category on each side.
    offset: false,
    afterBuildTicks: (scale: Scale) => {
      scale.ticks = tickValues.map((value) => ({ value }));
    },
    ticks: {
      autoSkip: false,
      maxRotation: 0,
      callback: (value: string | number) => formatTimeTick(Number(value)),
    },
    title: { display: true, text: 'Time (UTC)' },
  } as ScaleOptions<'linear'>;
}

/** A horizontal line on the y axis with a label at its right end. */
export interface HorizontalLine {
  value: number;
  label: string;
}

/** Right-aligned text on a white box, so it stays legible over the lines it labels. */
function drawLabel(ctx: Chart['ctx'], text: string, right: number, baseline: number): void {
  const width = ctx.measureText(text).width;
  ctx.save();
  ctx.fillStyle = CHART_COLORS.background;
  ctx.fillRect(right - width - 4, baseline - 15, width + 8, 19);
  ctx.restore();
  ctx.fillText(text, right, baseline);
}

/** Draws dashed horizontal lines (key price levels) over the chart area. */
export function horizontalLinesPlugin(lines: HorizontalLine[], yAxisId = 'y'): Plugin {
  return {
    id: 'aftershockLevels',
    afterDatasetsDraw(chart) {
      const scale = chart.scales[yAxisId];
      const { ctx, chartArea } = chart;
      if (!scale) return;
      ctx.save();
      ctx.setLineDash([8, 6]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = CHART_COLORS.level;
      ctx.fillStyle = CHART_COLORS.level;
      ctx.font = `15px ${CHART_FONT_FAMILY}`;
      ctx.textAlign = 'right';
      for (const line of lines) {
        const y = scale.getPixelForValue(line.value);
        if (y < chartArea.top || y > chartArea.bottom) continue;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, y);
        ctx.lineTo(chartArea.right, y);
        ctx.stroke();
        drawLabel(ctx, line.label, chartArea.right - 6, y - 6);
      }
      ctx.restore();
    },
  };
}

/** Shades the x range [fromMs, toMs] behind the datasets (the flush window). */
export function shadeRangePlugin(fromMs: number, toMs: number, label: string): Plugin {
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
      ctx.fillStyle = CHART_COLORS.long;
      ctx.font = `15px ${CHART_FONT_FAMILY}`;
      ctx.fillText(label, left + 4, chartArea.top + 18);
      ctx.restore();
    },
  };
}

/** Writes a message in the middle of the chart area (e.g. when there is nothing to plot). */
export function messagePlugin(message: string): Plugin {
  return {
    id: 'aftershockMessage',
    afterDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.fillStyle = CHART_COLORS.text;
      ctx.font = `22px ${CHART_FONT_FAMILY}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      const x = (chartArea.left + chartArea.right) / 2;
      const y = (chartArea.top + chartArea.bottom) / 2;
      ctx.fillText(message, x, y);
      ctx.restore();
    },
  };
}

import type { ChartOptions } from 'chart.js';
import type { FlushEvent, MarketSeries, RegimeAssessment, SeriesBar } from '../model/index.ts';
import type { ChartWindow } from './chart-window.ts';

/** Pixel size of every report chart; emails show them at half width (600 px). */
export const REPORT_CHART_SIZE = { width: 1200, height: 600 } as const;

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
): TimePoint[] {
  const points: TimePoint[] = [];
  for (const bar of bars) {
    const y = value(bar);
    if (y !== null && Number.isFinite(y)) points.push({ x: bar.openTimeMs, y });
  }
  return points;
}

/**
 * For time charts: points are pre-built `{x, y}` objects sorted by x, so Chart.js can
 * skip its parsing pass (it would break the category data of the venue chart).
 */
export const PREPARSED_TIME_POINTS = { parsing: false, normalized: true } as const;

/** Title, legend and font sizes shared by all charts (sized for 1200 px, shown at 600). */
export function baseChartOptions(title: string): ChartOptions {
  return {
    layout: { padding: { top: 8, right: 16, bottom: 8, left: 8 } },
    font: { size: 16 },
    plugins: {
      title: { display: true, text: title, font: { size: 24, weight: 'bold' }, padding: 12 },
      legend: { display: true, position: 'top', labels: { font: { size: 16 } } },
      tooltip: { enabled: false },
    },
  } as ChartOptions;
}

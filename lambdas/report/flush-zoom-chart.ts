import type { ChartConfiguration } from 'chart.js';
import type { FlushEvent } from '../model/index.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { shadeRangePlugin, timeAxis } from './chart-axis.ts';
import {
  baseChartOptions,
  type ChartContext,
  drawChart,
  type PendingChart,
  PREPARSED_TIME_POINTS,
} from './chart-context.ts';
import { formatPrice, formatUsdCompact, formatUtcDateTime, formatUtcTime } from './format.ts';
import { PRICE_RANGE_LABELS, priceDatasets, priceScales, valueAxesPx } from './price-chart.ts';
import { withoutEmptyDatasets } from './render-chart.ts';
import { eventLabel, sideWords } from './side-words.ts';

/**
 * The zoomed window around the flush: as long again before it as it lasted (at least 2 h)
 * and twice as long after it (at least 4 h), so both legs and the first bounce show.
 */
export function flushZoomRange(
  flush: FlushEvent,
  barMinutes: number,
  window: { fromMs: number; toMs: number },
): { fromMs: number; toMs: number } {
  const endMs = flush.endMs + barMinutes * MINUTE_MS;
  const lasted = endMs - flush.startMs;
  return {
    fromMs: Math.max(window.fromMs, flush.startMs - Math.max(2 * HOUR_MS, lasted)),
    toMs: Math.min(window.toMs, endMs + Math.max(4 * HOUR_MS, 2 * lasted)),
  };
}

/** Longest share of the chart window a close-up may span; a longer one shows nothing new. */
export const MAX_ZOOM_SHARE = 0.6;

/** True when the close-up of the flush is narrower enough than the window to add detail. */
export function zoomAddsDetail(
  flush: FlushEvent,
  barMinutes: number,
  window: { fromMs: number; toMs: number },
): boolean {
  const range = flushZoomRange(flush, barMinutes, window);
  return range.toMs - range.fromMs <= MAX_ZOOM_SHARE * (window.toMs - window.fromMs);
}

/** Alt text of the zoom: the move inside the flush and the liquidations at its peak. */
export function flushZoomAlt(context: ChartContext, flush: FlushEvent): string {
  const range = flushZoomRange(flush, context.series.barMinutes, context.window);
  const peak = context.window.bars.find((bar) => bar.openTimeMs === flush.peakBarMs);
  const peakUsd = (peak?.liqLongUsd ?? 0) + (peak?.liqShortUsd ?? 0);
  const peakText = peak ? `, ${formatUsdCompact(peakUsd)} of liquidations in the peak bar` : '';
  // The chart draws each bar to its close: the range ends a bar after the last bar opened.
  const toMs = range.toMs + context.series.barMinutes * MINUTE_MS;
  const sameDay = Math.floor(range.fromMs / DAY_MS) === Math.floor((toMs - 1) / DAY_MS);
  const format = sameDay ? formatUtcTime : formatUtcDateTime;
  const event = sideWords(flush.side, flush.priceMovePct).event;
  return `${context.series.asset} index price close up, from ${format(range.fromMs)} to ${format(toMs)}: from ${formatPrice(flush.priceBefore)} to ${formatPrice(flush.extremePrice)} in the ${event} (shaded)${peakText}.`;
}

function zoomConfig(context: ChartContext, flush: FlushEvent): ChartConfiguration {
  const { series, layout } = context;
  const range = flushZoomRange(flush, series.barMinutes, context.window);
  // Every bar of the zoom, unmerged: a few hours of bars are far below the point limit.
  const bars = context.window.bars.filter(
    (bar) => bar.openTimeMs >= range.fromMs && bar.openTimeMs <= range.toMs,
  );
  const lows = bars.map((bar) => bar.low).filter(Number.isFinite);
  const highs = bars.map((bar) => bar.high).filter(Number.isFinite);
  const min = Math.min(...lows, flush.extremePrice);
  const max = Math.max(...highs, flush.priceBefore);
  const pad = (max - min) * 0.06 || max * 0.01;
  const barMs = series.barMinutes * MINUTE_MS;
  const endMs = flush.endMs + barMs;
  return withoutEmptyDatasets({
    type: 'line',
    data: { datasets: priceDatasets(bars, layout, barMs) },
    options: {
      ...PREPARSED_TIME_POINTS,
      ...baseChartOptions(
        `${series.asset} ${sideWords(flush.side, flush.priceMovePct).event} close up (UTC)`,
        layout,
        {
          unlisted: ['Index price', PRICE_RANGE_LABELS.low, PRICE_RANGE_LABELS.high],
        },
      ),
      scales: {
        x: {
          ...timeAxis(range.fromMs, range.toMs + barMs, layout, valueAxesPx(layout, true)),
          stacked: true,
        },
        ...priceScales({ min: min - pad, max: max + pad }, layout, true),
      },
    },
    plugins: [
      shadeRangePlugin(flush.startMs, endMs, eventLabel(flush.side, flush.priceMovePct), layout),
    ],
  } as ChartConfiguration);
}

/** `flush-zoom.png`: the flush window alone, bar by bar, with its liquidations. */
export function buildFlushZoomChart(context: ChartContext, flush: FlushEvent): PendingChart {
  return drawChart(
    context,
    {
      file: 'flush-zoom.png',
      title: `${context.series.asset} ${sideWords(flush.side, flush.priceMovePct).event} close up`,
      alt: flushZoomAlt(context, flush),
    },
    zoomConfig(context, flush),
  );
}

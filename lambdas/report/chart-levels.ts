import { createCanvas } from '@napi-rs/canvas';
import type { Plugin } from 'chart.js';
import type { ChartLayout } from './chart-context.ts';
import { wrapWords } from './chart-text.ts';
import { formatPrice } from './format.ts';
import { CHART_FONT_FAMILY } from './register-chart-font.ts';
import { CHART_COLORS } from './render-chart.ts';

/** A key price level as the article names it. */
export interface PriceLevel {
  price: number;
  name: string;
}

/** One mark on the chart: a single level (`low === high`) or a zone of levels close together. */
export interface LevelMark {
  low: number;
  high: number;
  names: string[];
  /** Levels in the mark (a zone of three swing lows has one name and a count of 3). */
  count: number;
}

/** Levels closer than this share of the price axis become one zone. */
export const LEVEL_ZONE_SHARE = 0.025;

/**
 * Merges levels that lie within `closeWithin` of the lowest level of their group into one
 * zone, so labels of levels $100 apart do not print over each other.
 * @example mergeLevels([{price: 83108, name: 'a'}, {price: 83220, name: 'b'}], 200) // one zone 83,108–83,220
 */
export function mergeLevels(levels: PriceLevel[], closeWithin: number): LevelMark[] {
  const sorted = levels
    .filter((level) => Number.isFinite(level.price))
    .sort((a, b) => a.price - b.price);
  const marks: LevelMark[] = [];
  for (const level of sorted) {
    const last = marks.at(-1);
    if (last && level.price - last.low <= closeWithin) {
      last.high = level.price;
      last.count += 1;
      if (!last.names.includes(level.name)) last.names.push(level.name);
    } else {
      marks.push({ low: level.price, high: level.price, names: [level.name], count: 1 });
    }
  }
  return marks;
}

/** "$83,108" for a level, "$83,108–$83,220" for a zone. */
function priceText(mark: LevelMark): string {
  return mark.low === mark.high
    ? formatPrice(mark.low)
    : `${formatPrice(mark.low)}–${formatPrice(mark.high)}`;
}

/** "Broken swing low $83,108" for a level; a zone of one kind counts its members. */
export function levelLabelText(mark: LevelMark): string {
  const name =
    mark.names.length === 1 && mark.count > 1
      ? `${mark.names[0]} ×${mark.count}`
      : mark.names.join(' · ');
  return `${name} ${priceText(mark)}`;
}

/** Most lines one label wraps to; the last ends in "…" if words remain. */
const MAX_LABEL_LINES = 3;

/**
 * The label of a mark wrapped to `width` CSS px, e.g. ["Broken 24-hour", "low $83,199"].
 * Prices are never split.
 */
export function levelLabelLines(mark: LevelMark, layout: ChartLayout, width: number): string[] {
  const measure = (line: string) => textWidth(line, layout.font.small);
  return wrapWords(levelLabelText(mark), measure, width, MAX_LABEL_LINES);
}

/** Line height of label text, in CSS px. */
function lineHeight(layout: ChartLayout): number {
  return Math.round(layout.font.small * 1.25);
}

let measureContext: ReturnType<ReturnType<typeof createCanvas>['getContext']> | null = null;

/** Width of `text` in the chart font at `px`, measured on a scratch canvas. */
function textWidth(text: string, px: number): number {
  measureContext ??= createCanvas(8, 8).getContext('2d');
  measureContext.font = `${px}px ${CHART_FONT_FAMILY}`;
  return measureContext.measureText(text).width;
}

/** Share of the chart width the label text may take at most. */
const MAX_GUTTER_SHARE = { wide: 0.22, narrow: 0.27 } as const;

/** Room left of the label text for its leader. */
const LEADER_PX = 10;

/** The marks with their labels wrapped to fit, and the gutter width they need. */
export function levelLabels(
  marks: LevelMark[],
  layout: ChartLayout,
): { labels: Array<{ mark: LevelMark; lines: string[] }>; gutter: number } {
  if (marks.length === 0) return { labels: [], gutter: 0 };
  const maxText = Math.floor(layout.width * MAX_GUTTER_SHARE[layout.variant]);
  const labels = marks.map((mark) => ({ mark, lines: levelLabelLines(mark, layout, maxText) }));
  const widest = Math.max(
    ...labels.flatMap((label) => label.lines).map((line) => textWidth(line, layout.font.small)),
  );
  return { labels, gutter: Math.ceil(Math.min(widest, maxText) + LEADER_PX + 4) };
}

/**
 * Tops of labels of `height` each, as near as possible to their wanted tops without
 * overlapping and inside [top, bottom]. `wanted` must be sorted ascending.
 * @example spreadLabels([100, 104, 108], 20, 0, 300) // [100, 120, 140]
 */
export function spreadLabels(wanted: number[], height: number, top: number, bottom: number) {
  const placed = wanted.map((y) => Math.max(top, y));
  for (let i = 1; i < placed.length; i += 1) {
    placed[i] = Math.max(placed[i] ?? 0, (placed[i - 1] ?? 0) + height);
  }
  for (let i = placed.length - 1; i >= 0; i -= 1) {
    const limit = i === placed.length - 1 ? bottom - height : (placed[i + 1] ?? 0) - height;
    placed[i] = Math.max(top, Math.min(placed[i] ?? 0, limit));
  }
  return placed;
}

/** Cuts `text` with "…" until it fits `maxWidth` with the context's current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * Draws the marks as dashed lines (zones as shaded bands) across the plot and their labels
 * in a gutter right of it, spread so they never overlap each other or the price line, each
 * with a short leader to the height it labels.
 */
export function levelsPlugin(
  marks: Array<{ mark: LevelMark; lines: string[] }>,
  layout: ChartLayout,
  gutterWidth: number,
  yAxisId = 'y',
): Plugin {
  return {
    id: 'aftershockLevels',
    afterDatasetsDraw(chart) {
      const scale = chart.scales[yAxisId];
      const { chartArea, width } = chart;
      const ctx = chart.ctx as unknown as CanvasRenderingContext2D;
      if (!scale || marks.length === 0) return;
      const visible = marks
        .map(({ mark, lines }) => ({
          lines,
          top: scale.getPixelForValue(mark.high),
          bottom: scale.getPixelForValue(mark.low),
        }))
        .filter((item) => item.bottom >= chartArea.top && item.top <= chartArea.bottom)
        .sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
      ctx.save();
      ctx.strokeStyle = CHART_COLORS.level;
      ctx.fillStyle = CHART_COLORS.level;
      ctx.lineWidth = 1;
      for (const item of visible) {
        if (item.bottom - item.top >= 2) {
          ctx.fillStyle = CHART_COLORS.zone;
          ctx.fillRect(chartArea.left, item.top, chartArea.width, item.bottom - item.top);
          ctx.fillStyle = CHART_COLORS.level;
        }
        ctx.setLineDash([5, 4]);
        for (const y of new Set([item.top, item.bottom])) {
          ctx.beginPath();
          ctx.moveTo(chartArea.left, y);
          ctx.lineTo(chartArea.right, y);
          ctx.stroke();
        }
      }
      ctx.setLineDash([]);
      const line = lineHeight(layout);
      const gutterLeft = width - gutterWidth;
      const heights = visible.map((item) => item.lines.length * line + 2);
      const blockHeight = Math.max(...heights, line);
      const wanted = visible.map((item) => (item.top + item.bottom) / 2 - blockHeight / 2);
      const tops = spreadLabels(wanted, blockHeight, chartArea.top - line / 2, chart.height - 2);
      ctx.font = `${layout.font.small}px ${CHART_FONT_FAMILY}`;
      ctx.textBaseline = 'top';
      ctx.textAlign = 'left';
      visible.forEach((item, index) => {
        const top = tops[index] ?? 0;
        const mid = (item.top + item.bottom) / 2;
        ctx.beginPath();
        ctx.moveTo(gutterLeft, mid);
        ctx.lineTo(gutterLeft + 6, top + blockHeight / 2);
        ctx.stroke();
        item.lines.forEach((text, row) => {
          const fitted = fitText(ctx, text, gutterWidth - LEADER_PX - 1);
          const offset = (blockHeight - (heights[index] ?? blockHeight)) / 2;
          ctx.fillText(fitted, gutterLeft + 9, top + offset + row * line + 1);
        });
      });
      ctx.restore();
    },
  };
}

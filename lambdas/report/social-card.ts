import { createCanvas, Image, type SKRSContext2D } from '@napi-rs/canvas';
import type { ChartImage } from '../model/index.ts';
import { SOCIAL_CARD_HEIGHT_PX, SOCIAL_CARD_WIDTH_PX, SOCIAL_IMAGE_FILE } from './build-article.ts';
import { CHART_FONT_FAMILY, registerChartFont } from './register-chart-font.ts';

export { SOCIAL_CARD_HEIGHT_PX, SOCIAL_CARD_WIDTH_PX };

const MARGIN_PX = 56;
const TEXT_COLUMN_WIDTH_PX = 520;
const HEADLINE_FONT_PX = 44;
const HEADLINE_LINE_PX = 54;
const HEADLINE_MAX_LINES = 6;

/** What a social card shows: the headline beside the key chart. */
export interface SocialCardInput {
  headline: string;
  /** Small line above the headline, e.g. "BTC · 12 Mar 2026, 22:35 UTC". */
  kicker: string;
  siteTitle: string;
  simulated: boolean;
  /** PNG of the key chart (the price chart), drawn at the card's right. */
  chartPng: Uint8Array;
  chartAlt: string;
}

/**
 * Draws the 1200×630 card used as `og:image`/`twitter:image`: publication name, the
 * headline (wrapped, at most six lines) and the price chart, on an opaque background.
 */
export function renderSocialCard(input: SocialCardInput): ChartImage {
  registerChartFont();
  const canvas = createCanvas(SOCIAL_CARD_WIDTH_PX, SOCIAL_CARD_HEIGHT_PX);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, SOCIAL_CARD_WIDTH_PX, SOCIAL_CARD_HEIGHT_PX);
  ctx.fillStyle = '#c62828';
  ctx.fillRect(0, 0, SOCIAL_CARD_WIDTH_PX, 10);
  drawText(ctx, input);
  drawChart(ctx, input.chartPng);
  return {
    file: SOCIAL_IMAGE_FILE,
    role: 'social-card',
    title: input.headline,
    alt: `${input.headline}. ${input.chartAlt}`,
    width: SOCIAL_CARD_WIDTH_PX,
    height: SOCIAL_CARD_HEIGHT_PX,
    png: new Uint8Array(canvas.toBuffer('image/png')),
  };
}

function drawText(ctx: SKRSContext2D, input: SocialCardInput): void {
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#c62828';
  ctx.font = `bold 30px "${CHART_FONT_FAMILY}"`;
  ctx.fillText(input.siteTitle, MARGIN_PX, MARGIN_PX);
  ctx.fillStyle = '#57606a';
  ctx.font = `24px "${CHART_FONT_FAMILY}"`;
  ctx.fillText(input.kicker, MARGIN_PX, MARGIN_PX + 48);
  ctx.fillStyle = '#1f2328';
  ctx.font = `bold ${HEADLINE_FONT_PX}px "${CHART_FONT_FAMILY}"`;
  const lines = wrapWords(ctx, input.headline, TEXT_COLUMN_WIDTH_PX, HEADLINE_MAX_LINES);
  lines.forEach((line, i) => {
    ctx.fillText(line, MARGIN_PX, MARGIN_PX + 110 + i * HEADLINE_LINE_PX);
  });
  if (input.simulated) {
    ctx.fillStyle = '#fff4ce';
    ctx.fillRect(MARGIN_PX, SOCIAL_CARD_HEIGHT_PX - MARGIN_PX - 44, 300, 44);
    ctx.fillStyle = '#5c4400';
    ctx.font = `bold 24px "${CHART_FONT_FAMILY}"`;
    ctx.fillText('SIMULATED DATA', MARGIN_PX + 16, SOCIAL_CARD_HEIGHT_PX - MARGIN_PX - 34);
  }
}

function drawChart(ctx: SKRSContext2D, png: Uint8Array): void {
  const image = new Image();
  image.src = Buffer.from(png);
  const left = MARGIN_PX + TEXT_COLUMN_WIDTH_PX + 24;
  const width = SOCIAL_CARD_WIDTH_PX - left - 24;
  const height = Math.round((width * image.height) / Math.max(1, image.width));
  const top = Math.round((SOCIAL_CARD_HEIGHT_PX - height) / 2);
  ctx.drawImage(image, left, top, width, height);
}

/**
 * Greedy word wrap to `maxWidthPx`; the last allowed line ends in "…" if text remains.
 */
function wrapWords(
  ctx: SKRSContext2D,
  text: string,
  maxWidthPx: number,
  maxLines: number,
): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidthPx || !current) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1] ?? ''}…`;
  return kept;
}

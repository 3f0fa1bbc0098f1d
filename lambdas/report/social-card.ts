import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { ChartImage } from '../model/index.ts';
import { SOCIAL_CARD_HEIGHT_PX, SOCIAL_CARD_WIDTH_PX, SOCIAL_IMAGE_FILE } from './build-article.ts';
import { wrapWords } from './chart-text.ts';
import { CHART_FONT_FAMILY, registerChartFont } from './register-chart-font.ts';

export { SOCIAL_CARD_HEIGHT_PX, SOCIAL_CARD_WIDTH_PX };

const MARGIN_PX = 56;
const TEXT_COLUMN_WIDTH_PX = 520;
/** Headline sizes tried largest first, so a long headline is set smaller rather than cut. */
const HEADLINE_FONT_SIZES_PX = [44, 40, 36, 32] as const;
const HEADLINE_LINE_FACTOR = 1.23;
const HEADLINE_TOP_PX = MARGIN_PX + 110;
/** Room from the headline's top to the simulated badge (or the bottom margin), less a gap. */
const HEADLINE_ROOM_PX = SOCIAL_CARD_HEIGHT_PX - MARGIN_PX - 44 - 20 - HEADLINE_TOP_PX;

/** Most key numbers a card shows; more would not read at thumbnail size. */
const MAX_CARD_NUMBERS = 3;
const NUMBER_LABEL_PX = 24;
const NUMBER_VALUE_PX = 60;
const NUMBER_BLOCK_PX = 150;

/** What a social card shows: the headline beside the two or three key numbers. */
export interface SocialCardInput {
  headline: string;
  /** Small line above the headline, e.g. "BTC · 12 Mar 2026, 22:35 UTC". */
  kicker: string;
  siteTitle: string;
  simulated: boolean;
  /** The report's key numbers; the first three are drawn big at the card's right. */
  numbers: Array<{ label: string; value: string }>;
}

/**
 * Draws the 1200×630 card used as `og:image`/`twitter:image`: publication name, the
 * headline (wrapped, set smaller when long, cut only past the smallest size) and the key
 * numbers in large type, on an opaque background. A chart would be unreadable at the size
 * feeds show cards.
 */
export function renderSocialCard(input: SocialCardInput): Promise<ChartImage> {
  registerChartFont();
  const canvas = createCanvas(SOCIAL_CARD_WIDTH_PX, SOCIAL_CARD_HEIGHT_PX);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, SOCIAL_CARD_WIDTH_PX, SOCIAL_CARD_HEIGHT_PX);
  ctx.fillStyle = '#c62828';
  ctx.fillRect(0, 0, SOCIAL_CARD_WIDTH_PX, 10);
  drawText(ctx, input);
  drawNumbers(ctx, input.numbers.slice(0, MAX_CARD_NUMBERS));
  // Drawn in the call; encoded on libuv's thread pool, beside the report's charts.
  const meta = socialCardMeta(input);
  return canvas.encode('png').then((png) => ({ ...meta, png: new Uint8Array(png) }));
}

/** The card's file, size and alt text (the headline and the numbers it shows). */
export function socialCardMeta(input: SocialCardInput): Omit<ChartImage, 'png'> {
  const numbers = input.numbers.slice(0, MAX_CARD_NUMBERS);
  const numberText = numbers.map((number) => `${number.label}: ${number.value}`).join('; ');
  return {
    file: SOCIAL_IMAGE_FILE,
    role: 'social-card',
    title: input.headline,
    alt: numberText ? `${input.headline}. ${numberText}.` : input.headline,
    width: SOCIAL_CARD_WIDTH_PX,
    height: SOCIAL_CARD_HEIGHT_PX,
  };
}

function drawText(ctx: SKRSContext2D, input: SocialCardInput): void {
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#c62828';
  ctx.font = `bold 30px "${CHART_FONT_FAMILY}"`;
  ctx.fillText(input.siteTitle, MARGIN_PX, MARGIN_PX);
  ctx.fillStyle = '#57606a';
  ctx.font = `22px "${CHART_FONT_FAMILY}"`;
  // Never into the numbers' column: a kicker too long for the text column is cut with "…".
  const kicker = wrapWords(input.kicker, measure(ctx), TEXT_COLUMN_WIDTH_PX, 1)[0] ?? '';
  ctx.fillText(kicker, MARGIN_PX, MARGIN_PX + 48);
  ctx.fillStyle = '#1f2328';
  const headline = fitHeadline(ctx, input.headline);
  headline.lines.forEach((line, i) => {
    ctx.fillText(line, MARGIN_PX, HEADLINE_TOP_PX + i * headline.linePx);
  });
  if (input.simulated) {
    ctx.fillStyle = '#fff4ce';
    ctx.fillRect(MARGIN_PX, SOCIAL_CARD_HEIGHT_PX - MARGIN_PX - 44, 300, 44);
    ctx.fillStyle = '#5c4400';
    ctx.font = `bold 24px "${CHART_FONT_FAMILY}"`;
    ctx.fillText('SIMULATED DATA', MARGIN_PX + 16, SOCIAL_CARD_HEIGHT_PX - MARGIN_PX - 34);
  }
}

/**
 * The largest headline size whose lines fit the text column whole (a follow-up's headline names
 * each coin's reading, and "SOL…" would hide one); at the smallest size, cut with "…". Leaves
 * the context's font at the size chosen.
 */
export function fitHeadline(
  ctx: SKRSContext2D,
  headline: string,
): { fontPx: number; linePx: number; lines: string[] } {
  const setAt = (fontPx: number) => {
    ctx.font = `bold ${fontPx}px "${CHART_FONT_FAMILY}"`;
    const linePx = Math.round(fontPx * HEADLINE_LINE_FACTOR);
    return { fontPx, linePx, maxLines: Math.floor(HEADLINE_ROOM_PX / linePx) };
  };
  for (const size of HEADLINE_FONT_SIZES_PX) {
    const { fontPx, linePx, maxLines } = setAt(size);
    const lines = wrapWords(headline, measure(ctx), TEXT_COLUMN_WIDTH_PX, Number.POSITIVE_INFINITY);
    if (lines.length <= maxLines) return { fontPx, linePx, lines };
  }
  const { fontPx, linePx, maxLines } = setAt(HEADLINE_FONT_SIZES_PX.at(-1) ?? 32);
  return {
    fontPx,
    linePx,
    lines: wrapWords(headline, measure(ctx), TEXT_COLUMN_WIDTH_PX, maxLines),
  };
}

/** The numbers stacked in the right column: label above, value in bold, centred vertically. */
function drawNumbers(ctx: SKRSContext2D, numbers: Array<{ label: string; value: string }>): void {
  const left = MARGIN_PX + TEXT_COLUMN_WIDTH_PX + 64;
  const width = SOCIAL_CARD_WIDTH_PX - left - MARGIN_PX;
  const top = Math.round((SOCIAL_CARD_HEIGHT_PX - numbers.length * NUMBER_BLOCK_PX) / 2);
  ctx.textBaseline = 'top';
  numbers.forEach((number, index) => {
    const y = top + index * NUMBER_BLOCK_PX;
    ctx.fillStyle = '#e3e6ea';
    ctx.fillRect(left - 24, y + 8, 6, NUMBER_BLOCK_PX - 28);
    ctx.fillStyle = '#57606a';
    ctx.fillText(fitLabel(ctx, number.label, width).text, left, y + 10);
    ctx.fillStyle = '#1f2328';
    let size = NUMBER_VALUE_PX;
    ctx.font = `bold ${size}px "${CHART_FONT_FAMILY}"`;
    while (size > 32 && ctx.measureText(number.value).width > width) {
      size -= 4;
      ctx.font = `bold ${size}px "${CHART_FONT_FAMILY}"`;
    }
    ctx.fillText(number.value, left, y + 10 + NUMBER_LABEL_PX + 12);
  });
}

/** Smallest size a key number's label is set at before it is cut. */
const NUMBER_LABEL_MIN_PX = 16;

/**
 * A key number's label on one line: set smaller until it fits whole, since its end can be the
 * qualifier that keeps the number true ("… (at least)"); cut with "…" only below the smallest
 * size. Leaves the context's font at the size chosen.
 */
export function fitLabel(
  ctx: SKRSContext2D,
  label: string,
  widthPx: number,
): { fontPx: number; text: string } {
  for (let fontPx = NUMBER_LABEL_PX; fontPx >= NUMBER_LABEL_MIN_PX; fontPx -= 2) {
    ctx.font = `${fontPx}px "${CHART_FONT_FAMILY}"`;
    if (ctx.measureText(label).width <= widthPx) return { fontPx, text: label };
  }
  return {
    fontPx: NUMBER_LABEL_MIN_PX,
    text: wrapWords(label, measure(ctx), widthPx, 1)[0] ?? '',
  };
}

/** Width of a line in the context's current font. */
function measure(ctx: SKRSContext2D): (line: string) => number {
  return (line) => ctx.measureText(line).width;
}

import type { RenderedReport, ReportFacts } from '../../lambdas/model/index.ts';
import { formatPct, formatPrice } from '../../lambdas/report/index.ts';
import { evidenceRows } from '../../lambdas/report/regime-wording.ts';

/** The text a reader sees in an HTML document: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<div class="preheader"[\s\S]*?<\/div>/i, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

type Check = (text: string, facts: ReportFacts, report: RenderedReport) => string[];

/** A price as the article prints it: $83,199 or $0.4210, never a trailing comma or full stop. */
const PRICE = String.raw`\$\d(?:[\d,]*\d)?(?:\.\d+)?`;

const RAW_VENUE_IDS = /\b(binanceusdm|coinglass-aggregate|hyperliquid|bybit|okx|gate)\b/;

const noBrokenValues: Check = (text) =>
  [/\bNaN\b/, /\bundefined\b/, /\bInfinity\b/, /\bnull\b/, /\[object /]
    .filter((p) => p.test(text))
    .map((p) => `shows ${p}`);

const venueNames: Check = (text) => {
  const found = RAW_VENUE_IDS.exec(text);
  return found ? [`shows the raw venue id "${found[1]}"`] : [];
};

const tierMeasure: Check = (text, facts) => {
  const flush = facts.flush;
  const m =
    /(?:came to|before it \(other flushes left out\),) (\d+\.\d+) %(?: of open interest)?: an? (minor|major|extreme)/.exec(
      text,
    );
  if (flush === null || m === null) return [];
  const quoted = Number(m[1]) / 100;
  const t = flush.tierThresholds;
  const tier = quoted >= t.extreme ? 'extreme' : quoted >= t.major ? 'major' : 'minor';
  const out: string[] = [];
  if (Math.abs(quoted - flush.liqToOi24h) > 0.00006)
    out.push(`tier sentence quotes ${m[1]} % but the measure is ${flush.liqToOi24h}`);
  if (m[2] !== tier || m[2] !== flush.tier)
    out.push(`tier sentence says ${m[2]} for ${m[1]} % (the thresholds give ${tier})`);
  return out;
};

const oiDirection: Check = (text, facts) => {
  const change = facts.flush?.oiChangeFrac ?? null;
  if (change === null) return [];
  const out: string[] = [];
  if (change > 0.0005 && /Open interest fell [\d.]+ % from/.test(text))
    out.push('calls an OI rise a fall');
  if (change > 0 && /too small a drop|fell only/.test(text))
    out.push('calls an OI rise a small drop');
  if (change < -0.0005 && /Open interest rose [\d.]+ % through/.test(text))
    out.push('calls an OI fall a rise');
  if (
    change < 0 &&
    /(never|did not) fall below its level before the|never fell below its level before|stayed above its level before it, through it/.test(
      text,
    )
  )
    out.push('says OI never fell after a fall through the flush');
  return out;
};

const directionWords: Check = (text, facts) => {
  const side = facts.flush?.side;
  if (side === 'short')
    return [/forced selling/, /longs flushed/, /the flush low/i]
      .filter((p) => p.test(text))
      .map((p) => `a squeeze worded as a flush: ${p}`);
  if (side === 'long')
    return [/forced buying/, /shorts were squeezed/, /squeeze high/i]
      .filter((p) => p.test(text))
      .map((p) => `a flush worded as a squeeze: ${p}`);
  return [];
};

const spotClaims: Check = (text, _facts, report) => {
  const hasSpot = report.data.series.bars.some(
    (b) => b.spotVolumeUsd !== null && b.spotVolumeUsd !== undefined,
  );
  if (hasSpot) return [];
  return [
    /spot buyers/i,
    /buyers are showing up in spot/i,
    /Spot volume is running/,
    /Spot takers have been/,
  ]
    .filter((p) => p.test(text))
    .map((p) => `claims ${p} without spot data`);
};

const oneLevelModel: Check = (text, facts) => {
  const flush = facts.flush;
  if (flush === null || flush.side === 'two-sided') return [];
  const out: string[] = [];
  const k = formatPrice(flush.referencePrice);
  if (flush.referenceSource === 'flush-start' && /Broken 24-hour|broke the previous day/.test(text))
    out.push('names a broken level although the flush broke none');
  if (flush.referenceSource === 'broken-range-extreme') {
    if (/broke no known level|did not break/.test(text))
      out.push('says no level was broken beside a broken level');
    const quoted = new RegExp(
      `(?:broken 24-hour (?:low|high)|previous day’s (?:low|high)) at (${PRICE})`,
      'gi',
    );
    for (const m of text.matchAll(quoted))
      if (m[1] !== k) out.push(`quotes the broken level as ${m[1]}, not ${k}`);
  }
  return out;
};

const midnightRanges: Check = (text) =>
  [...text.matchAll(/between (\d\d):(\d\d) and (\d\d):(\d\d) UTC on/g)]
    .filter((m) => Number(m[3]) * 60 + Number(m[4]) < Number(m[1]) * 60 + Number(m[2]))
    .map((m) => `a range "${m[0]}" that crosses midnight names one day`);

const finalCheckpoint: Check = (text, facts) => {
  const last = facts.reading?.checkpoint === '72h';
  if (!last && facts.historyEndsBefore === null) return [];
  return /next (checkpoint|reading)/i.test(text)
    ? [
        last
          ? 'the 72h report promises a next checkpoint'
          : 'promises a reading past the history’s end',
      ]
    : [];
};

const priceMoves: Check = (text, facts) => {
  const flush = facts.flush;
  if (flush === null) return [];
  const extreme = formatPct(Math.abs(flush.extremeMoveFrac)).replace('+', '');
  const out: string[] = [];
  const move = new RegExp(
    `(?:fell|rose) ([\\d.]+ %) from ${PRICE} to ${PRICE} (?:between|from)`,
    'g',
  );
  for (const m of text.matchAll(move))
    if (m[1] !== extreme) out.push(`quotes the move to the extreme as ${m[1]}, not ${extreme}`);
  for (const m of text.matchAll(/Size for the move just seen: ([\d.]+ %)/g))
    if (m[1] !== extreme) out.push(`sizes risk on ${m[1]}, not the ${extreme} move to the extreme`);
  return out;
};

const readingName: Check = (text, facts) => {
  const reading = facts.reading;
  if (reading === null) return [];
  const out: string[] = [];
  if (/barely a (bounce|pullback) off the/i.test(text) && reading.facts.retraceFrac < 0)
    out.push('says "barely a bounce off" the flush extreme while price is beyond it');
  if (
    (reading.label === 'reclaim' || reading.label === 'rejection') &&
    reading.facts.retraceFrac < 0
  )
    out.push('calls a reversal while price sits beyond the flush extreme');
  const now = formatPrice(reading.facts.priceNow);
  const m = new RegExp(`last closed at (${PRICE})`).exec(text);
  if (m && m[1] !== now) out.push(`two "now" prices: ${m[1]} and ${now}`);
  return out;
};

/** "No flush in the last 30 days" while the data has a flush in them; OI and funding words vs data. */
const quietClaims: Check = (text, facts) => {
  const out: string[] = [];
  const days = /no liquidation flush (?:was detected in \w+ )?in the last (\d+) days/i.exec(text);
  const earlier = facts.earlierFlush;
  if (days && earlier !== null && facts.asOfMs - earlier.startMs <= Number(days[1]) * 86_400_000)
    out.push(
      `says no flush in the last ${days[1]} days, but one began ${new Date(earlier.startMs).toISOString()}`,
    );
  if (facts.flush !== null && /no liquidation flush (?:was detected|in)/i.test(text))
    out.push('says there was no flush in a report about one');
  const oi = /Open interest (rose|fell) \d+\.\d % over the day/.exec(text);
  const change = facts.recent.oiFromFrac;
  if (oi && change !== null && (oi[1] === 'rose') !== change > 0)
    out.push(`says open interest ${oi[1]}, but it changed ${formatPct(change)}`);
  return out;
};

const CHECKS: Record<string, Check> = {
  quietClaims,
  noBrokenValues,
  venueNames,
  tierMeasure,
  oiDirection,
  directionWords,
  spotClaims,
  oneLevelModel,
  midnightRanges,
  finalCheckpoint,
  priceMoves,
  readingName,
};

/** A printed price, percentage or rate as a number ("$52,222" → 52222, "−0.97 %" → −0.97). */
function printedNumber(text: string): number | null {
  const m = /^([+−-]?)\$?([\d,]*\.?\d+)( %| %\/8h)?$/.exec(text.trim());
  if (m === null) return null;
  const n = Number((m[2] ?? '').replace(/,/g, ''));
  return m[1] === '−' || m[1] === '-' ? -n : n;
}

/**
 * Every evidence row whose printed value and threshold can be compared must read as its status
 * says: "$54,028 · > $52,222 · does not hold" told a trader the rule passed.
 */
function evidenceRowsAgree(report: RenderedReport): string[] {
  const evidence = (report.data as { assessment?: { evidence?: [] } | null }).assessment?.evidence;
  const out: string[] = [];
  for (const row of evidenceRows(evidence ?? [])) {
    if (row.status !== 'holds' && row.status !== 'does not hold') continue;
    const m = /^(not every close )?(>|<|≥|≤) (.+)$/.exec(row.threshold);
    const value = printedNumber(row.value);
    const limit = m ? printedNumber(m[3] ?? '') : null;
    if (m === null || value === null || limit === null) continue;
    const op = m[2];
    const beyond =
      op === '>'
        ? value > limit
        : op === '<'
          ? value < limit
          : op === '≥'
            ? value >= limit
            : value <= limit;
    const passes = m[1] === undefined ? beyond : !beyond;
    if (passes !== (row.status === 'holds'))
      out.push(
        `evidence "${row.rule}" (${row.label}): ${row.value} against ${row.threshold}, but ${row.status}`,
      );
  }
  return out;
}

function emptySections(html: string): string[] {
  return [...html.matchAll(/<section[^>]*id="([^"]+)"[^>]*>([\s\S]*?)<\/section>/g)]
    .filter((m) => !/<(p|li)\b[^>]*>\s*\S/.test(m[2] ?? ''))
    .map((m) => `section "${m[1]}" is empty`);
}

/**
 * Every contradiction class of the truth and reader audits, checked on what a reader sees:
 * the page, the HTML email and the plain-text email, against the report's own `data.json`.
 * Returns one line per finding, naming the report and where; empty when the report is true.
 * @example findContradictions(rendered) // []
 */
export function findContradictions(report: RenderedReport): string[] {
  const facts = (report.data as { facts?: ReportFacts }).facts;
  if (facts === undefined) return [`${report.meta.id}: data.json has no facts`];
  const views = {
    page: visibleText(report.pageHtml),
    email: visibleText(report.email.html),
    text: report.email.text,
  };
  const out: string[] = [];
  for (const [where, text] of Object.entries(views))
    for (const [name, check] of Object.entries(CHECKS))
      for (const finding of check(text, facts, report))
        out.push(`${report.meta.id} (${where}, ${name}): ${finding}`);
  if (/&(gt|lt|amp|quot|#\d+|#x[0-9a-f]+);/i.test(report.email.text))
    out.push(`${report.meta.id} (text): an HTML entity in the plain-text email`);
  for (const finding of evidenceRowsAgree(report)) out.push(`${report.meta.id} (page): ${finding}`);
  for (const finding of emptySections(report.pageHtml))
    out.push(`${report.meta.id} (page): ${finding}`);
  return out;
}

import type { FlushFacts, ReadingFacts, ReportFacts } from '../model/index.ts';
import { liquidationAmount, section } from './article-event-sections.ts';
import type { ArticleSection } from './article-types.ts';
import {
  durationAdjective,
  formatCount,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatUtcMoment,
} from './format.ts';
import { justCrossed, readingWords } from './reading-wording.ts';
import { regimeName } from './regime-wording.ts';
import { article, eventName, type SideWords, sideWords } from './side-words.ts';

/** Funding against its usual range, said plainly when it is far outside it. */
function fundingBullet(reading: ReadingFacts, w: SideWords): string | null {
  const { fundingNow8h: funding, fundingMedian8h: median, fundingMad8h: mad } = reading.facts;
  if (funding === null) return null;
  const against = median === null ? '' : ` against its 30-day median of ${formatRate8h(median)}`;
  // Three robust σ from the median is far outside the asset's usual range.
  const far =
    median !== null && mad !== null && mad > 0 && Math.abs(funding - median) > 3 * 1.4826 * mad
      ? `, far ${funding > median ? 'above' : 'below'} its usual range`
      : '';
  const crowd =
    w.d === 1
      ? 'Funding climbing well above its usual level while price stalls means longs are crowding back in.'
      : 'Funding falling well below its usual level while price stalls means shorts are crowding back in.';
  // Funding on the other side of zero says who pays now. Only that: a positive rate is many
  // venues' resting state (Binance's 0.01 %/8h), so its sign alone does not say the crowd is long.
  const payer =
    w.d === 1 && funding < 0
      ? ' Below zero, shorts pay longs to hold their positions.'
      : w.d === -1 && funding > 0
        ? ' Above zero, longs pay shorts to hold their positions.'
        : '';
  return `Funding: ${formatRate8h(funding)}${against}${far}.${payer} ${crowd}`;
}

function oiBullet(asset: string, reading: ReadingFacts, event: string): string | null {
  const f = reading.facts;
  if (f.oiNowBase === null || f.oiBeforeBase === null || f.oiVsBeforeFrac === null) return null;
  const vs = `${formatPctSize(f.oiVsBeforeFrac)} ${f.oiVsBeforeFrac < 0 ? 'below' : 'above'} its level before the ${event}`;
  const warn =
    f.oiTroughBase !== null && f.oiTroughBase < f.oiBeforeBase && !f.oiRebuilt
      ? `; a rebuild past half its drop (above ${formatCount(f.oiTroughBase + 0.5 * (f.oiBeforeBase - f.oiTroughBase))} ${asset}) would warn of re-leveraging`
      : '';
  return `Open interest: ${formatCount(f.oiNowBase)} ${asset}, ${vs}${warn}.`;
}

function labelTell(reading: ReadingFacts, flush: FlushFacts): string {
  const w = sideWords(flush.side, flush.endMoveFrac);
  const f = reading.facts;
  switch (reading.label) {
    case 'reclaim':
    case 'rejection':
      return f.spotPerpRatioRelative === null
        ? `Whether the ${w.reclaim} holds on a retest of ${formatPrice(f.reclaimLine)}.`
        : `Whether spot volume keeps leading perps; a ${w.reclaim} on fading spot ${w.d === 1 ? 'demand' : 'supply'} often fails.`;
    case 'failed-reclaim':
    case 'failed-rejection':
      return f.newExtremePrice === null
        ? `Whether the ${w.event} ${w.extreme} of ${formatPrice(f.extremePrice)} holds on a retest.`
        : `Whether the new ${w.extreme} of ${formatPrice(f.newExtremePrice)} (${w.beyond} the ${w.event}’s own ${formatPrice(f.extremePrice)}) holds on a retest.`;
    case 'grind-lower':
    case 'grind-higher':
      return 'Open interest: a grind that stops shedding open interest is often near its end; one that adds it is not.';
    case 'releveraging-risk':
      return justCrossed(reading, w)
        ? `Whether price stays ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour, with leverage rebuilt under it.`
        : `A second ${w.event}: leverage rebuilt while price is ${w.beyond} ${formatPrice(f.reclaimLine)} is fuel for one.`;
    case 'stabilizing': {
      const extreme =
        f.newExtremePrice === null
          ? `the ${w.event} ${w.extreme} at ${formatPrice(f.extremePrice)}`
          : `the new ${w.extreme} at ${formatPrice(f.newExtremePrice)}`;
      return justCrossed(reading, w)
        ? `Whether price stays ${w.recovered} ${formatPrice(f.reclaimLine)} for a full hour: that would be a ${w.reclaim}.`
        : `Which side breaks first: ${extreme}, or ${formatPrice(f.reclaimLine)} ${w.recovered}.`;
    }
    case 'shorts-trapped':
      return 'Funding and premium: shorts paying to stay in a rising market fuel a squeeze.';
    case 'longs-trapped':
      return 'Funding and premium: longs paying to stay in a falling market fuel a flush.';
    case 'inconclusive':
      return 'More venues reporting.';
  }
}

/** "What to watch next": the reading's own tell, open interest and funding against their levels. */
export function watchNextSection(facts: ReportFacts, flush: FlushFacts): ArticleSection | null {
  const reading = facts.reading;
  const next = facts.nextCheckpoint;
  const ended = facts.historyEndsBefore;
  const lead =
    next !== null
      ? `The next reading comes at the ${next.checkpoint} checkpoint, ${formatUtcMoment(next.atMs, facts.asOfMs)}. Until then, watch:`
      : ended !== null && reading !== null
        ? `The replayed history ends ${formatUtcMoment(ended.historyEndsMs, facts.asOfMs)}, before the ${ended.checkpoint} checkpoint, so this is its last reading. From here, watch:`
        : reading !== null
          ? `This is the last scheduled reading of this ${sideWords(flush.side, flush.endMoveFrac).event}. From here, watch:`
          : null;
  if (lead === null || reading === null) return null;
  const bullets = [
    labelTell(reading, flush),
    readingWords(reading, flush, facts.asset).flip,
    // Re-leveraging and grinds are about open interest already: no second OI bullet.
    ['releveraging-risk', 'grind-lower', 'grind-higher'].includes(reading.label)
      ? null
      : oiBullet(facts.asset, reading, sideWords(flush.side, flush.endMoveFrac).event),
    fundingBullet(reading, sideWords(flush.side, flush.endMoveFrac)),
  ].filter((b): b is string => b !== null);
  return section('what-to-watch-next', 'What to watch next', [lead], bullets);
}

/** "Risk controls": sizing and stop placement in the light of the measured move. */
export function riskControlsSection(facts: ReportFacts, flush: FlushFacts): ArticleSection {
  const w = sideWords(flush.side, flush.endMoveFrac);
  const f = facts.reading?.facts ?? null;
  const furthest = f?.newExtremePrice ?? flush.extremePrice;
  const what = f?.newExtremePrice == null ? `the ${w.event} ${w.extreme}` : `the new ${w.extreme}`;
  const beyond = f !== null && w.d * (f.priceNow - flush.extremePrice) < 0;
  const bullets = [
    `Size for the move just seen: ${formatPctSize(flush.extremeMoveFrac)} to the ${w.extreme} within ${article(durationAdjective(flush.endCloseMs - flush.startMs)).toLowerCase()} ${durationAdjective(flush.endCloseMs - flush.startMs)} ${w.event}.`,
    beyond
      ? `Price is already ${w.beyond} the ${w.event} ${w.extreme} of ${formatPrice(flush.extremePrice)}: keep liquidation prices well clear of ${what} of ${formatPrice(furthest)}; wicks revisit extremes.`
      : `Keep liquidation prices well beyond ${what} of ${formatPrice(furthest)}; wicks revisit extremes.`,
  ];
  if (flush.liqIsLowerBound && !flush.liqEstimated)
    bullets.push(
      'Treat public liquidation totals as a floor: several venues throttle or omit their feeds.',
    );
  bullets.push(
    'Use stop orders on the mark price, and avoid adding leverage while funding is far from its usual level.',
  );
  return section(
    'risk-controls',
    'Risk controls',
    ['General risk practice for this market, not a recommendation:'],
    bullets,
  );
}

/** "Bottom line": the event and the reading in two sentences. */
export function bottomLineSection(facts: ReportFacts, flush: FlushFacts): ArticleSection {
  const w = sideWords(flush.side, flush.endMoveFrac);
  const kind = eventName(flush.side);
  const oi =
    flush.oiChangeFrac === null || Math.abs(flush.oiChangeFrac) < 0.0005
      ? ''
      : flush.oiChangeFrac > 0
        ? '; open interest stayed above its level before it, through it and the hour after'
        : `; open interest fell ${formatPctSize(flush.oiChangeFrac)} through it`;
  const event = `${article(flush.tier)} ${flush.tier} ${kind} cleared ${liquidationAmount(flush)} of positions${oi}.`;
  const reading = facts.reading;
  const now =
    reading === null
      ? flush.side === 'two-sided'
        ? 'With both sides liquidated, it leaves no direction to read.'
        : `The first reading of what follows comes an hour after the ${w.event}.`
      : `At the ${reading.checkpoint} reading the market reads “${regimeName(reading.label)}” (${reading.confidence} confidence). ${readingWords(reading, flush, facts.asset).flip}`;
  return section('bottom-line', 'Bottom line', [`${event} ${now}`]);
}

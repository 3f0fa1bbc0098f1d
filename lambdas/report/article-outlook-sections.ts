import type { FlushEvent, MarketSeries, RegimeAssessment, RegimeLabel } from '../model/index.ts';
import { section } from './article-event-sections.ts';
import { flushEndMs } from './article-facts.ts';
import type { ArticleSection } from './article-types.ts';
import { durationText, formatPct, formatPrice, formatUsdCompact } from './format.ts';
import { regimeName } from './regime-wording.ts';

const WATCH_BY_LABEL: Record<RegimeLabel, string> = {
  reclaim: 'Whether spot volume keeps leading perps; a reclaim on fading spot demand often fails.',
  'failed-reclaim': 'Whether the flush low holds on a retest.',
  'failed-rejection': 'Whether the squeeze high holds on a retest.',
  'shorts-trapped':
    'Funding turning negative while price holds: shorts paying to stay wrong can fuel a squeeze.',
  'grind-lower':
    'Open interest: a grind that stops shedding OI is often near its end; a new high in OI on lower prices is not.',
  'releveraging-risk':
    'Funding and premium climbing back above where they were before the flush, the setup for a second flush.',
  stabilizing:
    'A break of the range between the flush extreme and the broken level, and which side breaks first.',
  rejection:
    'Whether spot selling keeps leading perps; a rejection on fading spot supply often fails.',
  'longs-trapped':
    'Funding turning positive while price holds: longs paying to stay wrong can fuel a flush.',
  'grind-higher': 'Open interest: a grind higher that stops shedding OI is often near its end.',
  inconclusive: 'The next checkpoint: more data and more venues reporting will narrow the reading.',
};

/** "What to watch next": the regime's own tell, the reclaim trigger, funding and OI. */
export function watchNextSection(
  flush: FlushEvent | null,
  assessment: RegimeAssessment | null,
): ArticleSection {
  const bullets = [WATCH_BY_LABEL[assessment?.label ?? 'inconclusive']];
  const trigger = assessment?.levels.find(
    (level) => level.kind === 'reclaim-trigger' || level.kind === 'reference',
  );
  if (trigger)
    bullets.push(
      `Two consecutive hourly closes beyond ${formatPrice(trigger.price)} (${trigger.label.toLowerCase()}) would change the reading.`,
    );
  bullets.push('Funding against neutral (0.010 %/8h): far above it means leverage is back.');
  if (flush) {
    const change =
      flush.oiChangePct === null
        ? 'the open-interest drop'
        : `the ${formatPct(flush.oiChangePct)} open-interest change`;
    bullets.push(
      `Open interest against its pre-flush level: a rebuild of more than half of ${change} would be a warning.`,
    );
  }
  const lead = assessment
    ? `The next checkpoint will test the “${regimeName(assessment.label).toLowerCase()}” reading against these:`
    : 'With no regime assessment yet, these are the first things to check:';
  return section('what-to-watch-next', 'What to watch next', [lead], bullets);
}

/** "Risk controls": sizing and stop placement in the light of the measured move. */
export function riskControlsSection(
  series: MarketSeries,
  flush: FlushEvent | null,
): ArticleSection {
  const bullets: string[] = [];
  if (flush) {
    bullets.push(
      `Size for the move just seen: ${formatPct(flush.priceMovePct)} in ${durationText(flushEndMs(flush, series) - flush.startMs)}.`,
    );
    bullets.push(
      `Keep liquidation prices well beyond the flush extreme at ${formatPrice(flush.extremePrice)}; wicks revisit extremes.`,
    );
  }
  bullets.push(
    'Treat public liquidation totals as a floor: several venues throttle or omit their feeds.',
  );
  bullets.push(
    'Use stop orders on the mark price, and avoid adding leverage while funding is far from neutral.',
  );
  return section(
    'risk-controls',
    'Risk controls',
    ['General risk practice for this market, not a recommendation:'],
    bullets,
  );
}

/** "Bottom line": one or two sentences. */
export function bottomLineSection(
  flush: FlushEvent | null,
  assessment: RegimeAssessment | null,
): ArticleSection {
  const regime = assessment
    ? `The market now reads as ${regimeName(assessment.label).toLowerCase()} with ${assessment.confidence} confidence.`
    : 'It is too early to say which regime follows.';
  const event = flush
    ? `${flush.tier === 'extreme' ? 'An' : 'A'} ${flush.tier} ${flush.side === 'two-sided' ? 'two-sided washout' : `${flush.side} flush`} cleared ${formatUsdCompact(flush.liqTotalUsd)} of positions.`
    : 'No flush: leverage was not forced out of the market.';
  return section('bottom-line', 'Bottom line', [`${event} ${regime}`]);
}

import { describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../../lambdas/report/article-types.ts';
import {
  buildArticle,
  NOT_FINANCIAL_ADVICE,
  SIMULATED_NOTICE,
} from '../../../lambdas/report/build-article.ts';
import { buildReportData, MAX_DATA_ROWS } from '../../../lambdas/report/build-report-data.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

const FLASH_SECTIONS = [
  'What just happened',
  'Why it cascaded',
  'Where the market stands',
  'Levels that matter',
  'What to watch next',
  'Risk controls',
  'Bottom line',
];

function input(overrides: Partial<ArticleInput> = {}): ArticleInput {
  const assessment = buildFixtureAssessment('4h');
  return {
    series: buildFixtureSeries(),
    flush: buildFixtureFlush(),
    assessment,
    history: [buildFixtureAssessment('1h')],
    kind: 'flash',
    asOfMs: assessment.asOfMs,
    siteBaseUrl: 'https://aftershock.example.com',
    siteTitle: 'Aftershock',
    tiers: { minor: 0.005, major: 0.02, extreme: 0.05 },
    ...overrides,
  };
}

const CASES: Array<[string, ArticleInput]> = [
  ['a full input', input()],
  [
    'a flush with no assessment yet',
    input({ assessment: null, history: [], asOfMs: buildFixtureFlush().endMs + 600_000 }),
  ],
  [
    'a series with a missing venue and gaps',
    input({
      series: buildFixtureSeries({ degraded: true }),
      flush: buildFixtureFlush({
        oiChangePct: null,
        oiBeforeBase: null,
        liqUndercountSuspected: true,
      }),
    }),
  ],
  [
    'a calm market',
    input({
      series: buildFixtureSeries({ calm: true }),
      flush: null,
      assessment: null,
      history: [],
      kind: 'digest',
    }),
  ],
  [
    'a follow-up with estimated liquidations',
    input({
      flush: buildFixtureFlush({ liqEstimated: true }),
      kind: 'follow-up',
    }),
  ],
];

function caseInput(name: string): ArticleInput {
  const found = CASES.find(([caseName]) => caseName === name);
  if (!found) throw new Error(`no case ${name}`);
  return found[1];
}

function allText(articleInput: ArticleInput): string {
  const article = buildArticle(articleInput);
  return [
    article.meta.title,
    article.meta.summary,
    ...article.keyNumbers.map((k) => `${k.label} ${k.value}`),
    ...article.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...s.bullets]),
  ].join('\n');
}

describe('buildArticle', () => {
  it.each(CASES)(
    'has no NaN, undefined or Infinity and no empty section for %s',
    (_name, articleInput) => {
      const article = buildArticle(articleInput);
      expect(JSON.stringify(article)).not.toMatch(/NaN|undefined|Infinity|null %|\$null/);
      for (const section of article.sections) {
        const lines = [...section.paragraphs, ...section.bullets];
        expect(lines.length, `section "${section.heading}" has content`).toBeGreaterThan(0);
        for (const line of lines)
          expect(line.trim(), `blank line in "${section.heading}"`).not.toBe('');
      }
      expect(article.disclaimer).toBe(NOT_FINANCIAL_ADVICE);
      expect(article.meta.title.length).toBeGreaterThan(20);
    },
  );

  it('promises no reading the replayed history cannot reach, and says where it ends', () => {
    const live = allText(input());
    expect(live).toMatch(/The next reading comes at the 24h checkpoint/);
    const base = input();
    const replayed = input({ historyEndsMs: base.asOfMs + 3_600_000 });
    const text = allText(replayed);
    expect(text).not.toMatch(/next (reading|checkpoint)/i);
    expect(text).toMatch(
      /The replayed history ends .*, before the 24h checkpoint, so this is its last reading\./,
    );
    const data = buildReportData(replayed, buildArticle(replayed).meta);
    expect(data.facts.nextCheckpoint).toBeNull();
    expect(data.facts.historyEndsBefore?.checkpoint).toBe('24h');
  });

  it('tells a flash in the seven sections of a desk note', () => {
    const article = buildArticle(input());
    expect(article.sections.map((s) => s.heading)).toEqual(FLASH_SECTIONS);
  });

  it('leads a follow-up with what changed, and keeps the flush as a recap after the reading', () => {
    const headings = buildArticle(
      caseInput('a follow-up with estimated liquidations'),
    ).sections.map((s) => s.heading);
    expect(headings[0]).toBe('Where the market stands');
    expect(headings).toContain('The flush, for the record');
    expect(headings.indexOf('The flush, for the record')).toBeGreaterThan(
      headings.indexOf('What to watch next'),
    );
    const summary = buildArticle(caseInput('a follow-up with estimated liquidations')).meta.summary;
    expect(summary).toMatch(/^Since the 1h reading, BTC (rose|fell) \d+\.\d % to \$[\d,]+/);
  });

  it('drops the sections that would only say nothing happened in a calm market', () => {
    const headings = buildArticle(caseInput('a calm market')).sections.map((s) => s.heading);
    expect(headings).toEqual(['What just happened', 'Bottom line']);
  });

  it('leads the headline with the lower-bound liquidation number and the extreme price', () => {
    const article = buildArticle(input());
    expect(article.meta.title).toBe(
      'At least $642M liquidated in 75 minutes as BTC longs flushed to $78,900',
    );
    expect(article.meta.id).toBe('2026-03-11-btc-long-flush-2100');
    expect(article.meta.path).toBe('reports/2026/03/11/2026-03-11-btc-long-flush-2100/v/1h/');
    expect(article.meta.storyPath).toBe('reports/2026/03/11/2026-03-11-btc-long-flush-2100/');
    expect(article.url).toBe(
      'https://aftershock.example.com/reports/2026/03/11/2026-03-11-btc-long-flush-2100/',
    );
  });

  it('quotes the 24-hour measure that decided the tier, with its thresholds', () => {
    const text = allText(
      input({ flush: buildFixtureFlush({ liqToOi: 0.012, liqToOi24h: 0.024, tier: 'major' }) }),
    );
    expect(text).toContain(
      'This flush’s liquidations came to 1.20 % of open interest; with the longs liquidated in the rest of the day before it (other flushes left out), 2.40 %: a major flush by that measure (minor from 0.5 %, major from 2 %, extreme from 5 %).',
    );
  });

  it('names the venues whose open interest the measure divides by when one without a feed is left out', () => {
    const series = buildFixtureSeries();
    const withHyperliquid = {
      ...series,
      venues: [...series.venues, 'hyperliquid'],
      liquidationFeeds: { ...series.liquidationFeeds, hyperliquid: 'none' as const },
      bars: series.bars.map((b) => ({
        ...b,
        fedOiUsd: b.oiUsd === null ? null : b.oiUsd * 0.9,
      })),
    };
    const measure = { liqToOi: 0.012, liqToOi24h: 0.012, tier: 'minor' as const };
    const flush = buildFixtureFlush({ ...measure, liqToOiOf: 'fed' });
    expect(allText(input({ series: withHyperliquid, flush }))).toContain(
      'This flush’s liquidations came to 1.20 % of open interest on Binance, Bybit and OKX, the venues with a liquidation feed:',
    );
    // Without the fed venues' part kept apart, it is every venue's open interest, said plainly.
    const older = { ...withHyperliquid, bars: series.bars };
    const allVenues = buildFixtureFlush({ ...measure, liqToOiOf: 'all' });
    expect(allText(input({ series: older, flush: allVenues }))).toContain(
      'This flush’s liquidations came to 1.20 % of open interest:',
    );
  });

  it('calls an OI rise a rise, and words a squeeze as forced buying', () => {
    const squeeze = buildFixtureFlush({
      side: 'short',
      oiChangePct: 0.033,
      extremePrice: 86_000,
      priceMovePct: 0.02,
      brokenLevel: 85_000,
    });
    const text = allText(input({ flush: squeeze, assessment: null, history: [] }));
    expect(text).toContain(
      'Open interest did not fall below its level before the squeeze, 110,650 BTC, during or just after it: at its lowest then it was 3.3 % above it',
    );
    expect(text).not.toMatch(/too small a drop|fall in open interest/);
    expect(text).toContain('forced buying as shorts covered');
    expect(text).not.toContain('forced selling');
  });

  it('names both days of a range that crosses midnight', () => {
    const flush = buildFixtureFlush({ endMs: buildFixtureFlush().startMs + 5 * 3_600_000 });
    expect(allText(input({ flush, assessment: null, history: [] }))).toContain(
      'from 21:00 UTC on 11 Mar to 02:05 UTC on 12 Mar 2026',
    );
  });

  it('gives one price-move figure per meaning, each labelled', () => {
    const article = buildArticle(input());
    expect(article.keyNumbers.map((k) => k.label)).toEqual([
      'Liquidated (at least)',
      'To the low, 21:30',
      'Lowest OI vs before',
      'Reading at 4h',
    ]);
    const what = article.sections[0]?.paragraphs[0] ?? '';
    expect(what).toBe(
      'BTC fell from $84,200 to $78,900 (−6.3 %) between 21:00 and 22:15 UTC on 11 Mar 2026, reaching its low at 21:30 UTC, and was at $78,904 when the flush ended (−6.3 % from the start).',
    );
  });

  it('promises no next checkpoint on the last one', () => {
    const last = buildFixtureAssessment('24h');
    const text = allText(input({ assessment: { ...last, checkpoint: '72h' }, kind: 'follow-up' }));
    expect(text).toContain('This is the last scheduled reading of this flush.');
    expect(text).not.toMatch(/next (checkpoint|reading)/i);
  });

  it('names venues as readers know them', () => {
    const text = allText(caseInput('a series with a missing venue and gaps'));
    expect(text).toContain(
      'No data came from Gate for part or all of the period, so totals for that time cover Binance, Bybit and OKX only.',
    );
    expect(text).toContain('Bybit’s liquidation feed was not listened to');
    expect(text).not.toMatch(/binanceusdm|\bgate\b|\bbybit\b|\bokx\b/);
  });

  it('turns missing OI and a suspected undercount into sentences', () => {
    const text = allText(caseInput('a series with a missing venue and gaps'));
    expect(text).toContain('Open interest was not available');
    expect(text).toContain('The data has a gap from');
  });

  it('says "estimated" for estimated liquidations and names the follow-up checkpoint', () => {
    const articleInput = caseInput('a follow-up with estimated liquidations');
    expect(allText(articleInput)).toContain('estimated from the fall in open interest');
    expect(
      buildArticle(articleInput).meta.id,
      'a follow-up must not collide with the flash report',
    ).toContain('follow-up-4h');
  });

  it('says a tier from estimated liquidations is the open interest fall, and that a small fall cannot confirm itself', () => {
    const estimated = allText(input({ flush: buildFixtureFlush({ liqEstimated: true }) }));
    expect(estimated).toContain(
      'This flush’s estimated liquidations came to 8.02 % of open interest: an extreme flush by that measure (minor from 0.5 %, major from 2 %, extreme from 5 %). With no liquidation feed, that measure adds up the hourly falls in open interest, valued at each hour’s close: it restates those falls rather than counting liquidations.',
    );
    const counted = allText(input());
    expect(counted).not.toContain('restates those falls');
    const small = allText(
      input({
        flush: buildFixtureFlush({
          liqEstimated: true,
          oiChangePct: -0.004,
          oiConfirmation: 'unconfirmed',
        }),
      }),
    );
    expect(small).toContain(
      'Open interest fell only 0.4 % from 110,650 BTC to its lowest, during or just after the flush; the liquidations above are estimated from that fall, which is too small to show that leverage left the market rather than traders closing on their own.',
    );
  });

  it('says how long the feeds were listened to when it was less than the day it sums', () => {
    const calm = caseInput('a calm market');
    const listenedFromMs = calm.asOfMs - 3_600_000;
    const lastHourOnly = {
      ...calm.series,
      bars: calm.series.bars.map((bar) =>
        bar.openTimeMs >= listenedFromMs ? bar : { ...bar, liqLongUsd: null, liqShortUsd: null },
      ),
    };
    expect(
      allText({ ...calm, series: lastHourOnly }),
      'a short collection must not read as a quiet day',
    ).toContain('Liquidation feeds were heard for only 60 minutes of the last 24 hours');
    expect(allText(calm)).toContain('Reported liquidations over the last 24 hours');
  });

  it('claims no more history than a short series covers', () => {
    const calm = caseInput('a calm market');
    const lastQuarterHour = {
      ...calm.series,
      bars: calm.series.bars.filter((bar) => bar.openTimeMs > calm.asOfMs - 20 * 60_000),
    };
    const text = allText({ ...calm, series: lastQuarterHour });
    expect(text).toContain('No liquidation flush was detected in BTC in the 15 minutes of data to');
    expect(text).toMatch(/Price (rose|fell) \S+ % over the 15 minutes of data/);
    expect(text, 'one tick of data is not a day').not.toMatch(/24 hours, from|48 hours/);
  });

  it('calls liquidations unknown, not absent, when venues with feeds were never listened to', () => {
    const calm = caseInput('a calm market');
    const unheard = {
      ...calm.series,
      bars: calm.series.bars.map((bar) => ({ ...bar, liqLongUsd: null, liqShortUsd: null })),
    };
    expect(allText({ ...calm, series: unheard })).toContain('so liquidations are unknown');
    const noFeeds = { ...unheard, liquidationFeeds: { binanceusdm: 'none' as const } };
    expect(allText({ ...calm, series: noFeeds })).toContain(
      'No venue in this data reports liquidations.',
    );
  });

  it('reports the OI fall and whether liquidations look undercounted', () => {
    expect(allText(input())).toContain(
      'Open interest fell 8.2 % from 110,650 BTC to its lowest, during or just after the flush, which confirms that leverage left the market.',
    );
    // A lower bound ("at least"): the text beside it says the true total is higher.
    expect(allText(input())).toContain(
      'Reported liquidations are in line with that fall: the feeds undercount them, but not badly.',
    );
    expect(allText(input({ flush: buildFixtureFlush({ liqIsLowerBound: false }) }))).toContain(
      'Reported liquidations are in line with that fall, so they do not look badly undercounted.',
    );
    const suspected = input({ flush: buildFixtureFlush({ liqUndercountSuspected: true }) });
    expect(allText(suspected)).toContain('probably undercount');
  });

  it("shows the winning reading's rules first and keeps the full table", () => {
    const articleInput = input();
    const section = buildArticle(articleInput).sections.find(
      (s) => s.id === 'where-the-market-stands',
    );
    const winner = articleInput.assessment?.label ?? 'none';
    const winningRules = articleInput.assessment?.evidence.filter((e) => e.label === winner) ?? [];
    expect(section?.winningEvidence.length).toBe(winningRules.length);
    expect(section?.winningEvidence.length).toBeGreaterThanOrEqual(3);
    expect(section?.winningEvidence.length).toBeLessThanOrEqual(6);
    expect(section?.evidence.length).toBe(articleInput.assessment?.evidence.length);
    expect(section?.paragraphs.join(' ')).toMatch(/What would change it: /);
  });

  it('carries the simulated-data notice only for simulated series', () => {
    expect(
      buildArticle(input({ series: buildFixtureSeries({ simulated: true }) })).simulatedNotice,
    ).toBe(SIMULATED_NOTICE);
    expect(buildArticle(input()).simulatedNotice).toBeNull();
  });

  it('is deterministic: the same input gives the same article', () => {
    expect(JSON.stringify(buildArticle(input()))).toBe(JSON.stringify(buildArticle(input())));
  });
});

describe('buildReportData', () => {
  it('publishes at most 600 rows of the charts window with the flush and assessment', () => {
    const articleInput = input();
    const data = buildReportData(articleInput, buildArticle(articleInput).meta);
    expect(data.series.bars.length).toBeGreaterThan(100);
    expect(data.series.bars.length).toBeLessThanOrEqual(MAX_DATA_ROWS);
    expect(data.flush?.liqTotalUsd).toBe(642_000_000);
    expect(data.series.bars[0]?.openTimeMs, 'window starts 24 h before the flush').toBe(
      (articleInput.flush?.startMs ?? 0) - 24 * 3_600_000,
    );
  });

  it('publishes every input the plausibility gates left out, with ISO times', () => {
    const fromMs = Date.UTC(2026, 2, 11, 14, 5);
    const excluded = {
      venue: 'binanceusdm',
      symbol: 'BTC/USDT:USDT',
      input: 'open-interest' as const,
      fromMs,
      toMs: fromMs + 900_000,
      reason: 'it read 1,000× its recent level',
    };
    const articleInput = input({ series: { ...buildFixtureSeries(), excludedInputs: [excluded] } });
    const data = buildReportData(articleInput, buildArticle(articleInput).meta);
    expect(data.series.excludedInputs).toEqual([
      {
        venue: 'binanceusdm',
        symbol: 'BTC/USDT:USDT',
        input: 'open-interest',
        from: '2026-03-11T14:05:00.000Z',
        to: '2026-03-11T14:20:00.000Z',
        reason: 'it read 1,000× its recent level',
      },
    ]);
  });
});

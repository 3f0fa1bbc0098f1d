import { describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../../lambdas/report/article-types.ts';
import {
  buildArticle,
  NOT_FINANCIAL_ADVICE,
  SIMULATED_NOTICE,
} from '../../../lambdas/report/build-article.ts';
import { buildReportData, MAX_DATA_ROWS } from '../../../lambdas/report/build-report-data.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

const SECTION_ORDER = [
  'What just happened',
  'Why it cascaded',
  'Where the market stands',
  'Levels that matter',
  'What to watch next',
  'Risk controls',
  'Bottom line',
];

function input(overrides: Partial<ArticleInput> = {}): ArticleInput {
  const assessment = buildFixtureAssessment();
  return {
    series: buildFixtureSeries(),
    flush: buildFixtureFlush(),
    assessment,
    history: [buildFixtureAssessment({ checkpoint: '1h', label: 'stabilizing' })],
    kind: 'flash',
    asOfMs: assessment.asOfMs,
    siteBaseUrl: 'https://aftershock.example.com',
    siteTitle: 'Aftershock',
    ...overrides,
  };
}

const CASES: Array<[string, ArticleInput]> = [
  ['a full input', input()],
  ['a flush with no assessment', input({ assessment: null, history: [] })],
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
    'a short squeeze with estimated liquidations',
    input({
      flush: buildFixtureFlush({ side: 'short', liqEstimated: true, brokenLevel: null }),
      kind: 'follow-up',
    }),
  ],
];

function caseInput(name: string): ArticleInput {
  const found = CASES.find(([caseName]) => caseName === name);
  if (!found) throw new Error(`no case ${name}`);
  return found[1];
}

describe('buildArticle', () => {
  it.each(CASES)(
    'has no NaN, undefined or Infinity and no empty section for %s',
    (_name, articleInput) => {
      const article = buildArticle(articleInput);
      expect(JSON.stringify(article)).not.toMatch(/NaN|undefined|Infinity|null %|\$null/);
      expect(article.sections.map((section) => section.heading)).toEqual(SECTION_ORDER);
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

  it('leads the headline with the lower-bound liquidation number and the extreme price', () => {
    const article = buildArticle(input());
    expect(article.meta.title).toBe(
      'At least $642M liquidated in 75 minutes as BTC longs flushed to $78,900',
    );
    expect(article.meta.id).toBe('2026-03-11-btc-long-flush-2100');
    expect(article.meta.path).toBe('reports/2026/03/11/2026-03-11-btc-long-flush-2100/');
    expect(article.url).toBe(
      'https://aftershock.example.com/reports/2026/03/11/2026-03-11-btc-long-flush-2100/',
    );
  });

  it('writes a calm headline and summary when there is no flush', () => {
    const article = buildArticle(caseInput('a calm market'));
    expect(article.meta.title).toMatch(/^BTC calm at \$84,\d{3}: no liquidation flush/);
    expect(article.meta.id).toMatch(/^2026-03-\d\d-btc-market-update-\d{4}-digest$/);
  });

  it('says "estimated" for estimated liquidations and names the follow-up checkpoint', () => {
    const article = buildArticle(caseInput('a short squeeze with estimated liquidations'));
    expect(JSON.stringify(article.sections[0])).toContain(
      'estimated from the fall in open interest',
    );
    expect(article.meta.id, 'a follow-up must not collide with the flash report').toContain(
      'follow-up-4h',
    );
  });

  it('turns missing venues, gaps, missing OI and a suspected undercount into sentences', () => {
    const text = JSON.stringify(buildArticle(caseInput('a series with a missing venue and gaps')));
    expect(text).toContain('No data came from gate');
    expect(text).toContain('The series has a gap from');
    expect(text).toContain('Open interest was not available');
    expect(text).toContain('Spot taker volume is not available');
    expect(text, 'the reconnect in the degraded fixture').toContain(
      'bybit’s liquidation feed was not listened to',
    );
  });

  it('says how long the feeds were listened to when it was less than the day it sums', () => {
    const calm = caseInput('a calm market');
    // The feeds were listened to during the hour before the report only.
    const listenedFromMs = calm.asOfMs - 3_600_000;
    const lastHourOnly = {
      ...calm.series,
      bars: calm.series.bars.map((bar) =>
        bar.openTimeMs > listenedFromMs && bar.openTimeMs <= calm.asOfMs
          ? bar
          : { ...bar, liqLongUsd: null, liqShortUsd: null },
      ),
    };
    const text = JSON.stringify(buildArticle({ ...calm, series: lastHourOnly }));
    expect(text, 'a short collection must not read as a quiet day').toContain(
      'Liquidation feeds were listened to for only 60 minutes of the last 24 hours',
    );
    expect(JSON.stringify(buildArticle(calm))).toContain(
      'Reported liquidations over the last 24 hours',
    );
  });

  it('claims no more history than a short series covers', () => {
    const calm = caseInput('a calm market');
    const lastQuarterHour = {
      ...calm.series,
      bars: calm.series.bars.filter(
        (bar) => bar.openTimeMs > calm.asOfMs - 20 * 60_000 && bar.openTimeMs <= calm.asOfMs,
      ),
    };
    const [what] = buildArticle({ ...calm, series: lastQuarterHour }).sections;
    const text = what?.paragraphs.join(' ') ?? '';
    expect(text).toContain('No liquidation flush was detected in BTC in the 15 minutes of data to');
    expect(text).toMatch(/Price moved \S+ % over the 15 minutes of data/);
    expect(text, 'one tick of data is not a day').not.toMatch(/24 hours, from|48 hours/);
  });

  it('calls liquidations unknown, not absent, when venues with feeds were never listened to', () => {
    const calm = caseInput('a calm market');
    const unheard = {
      ...calm.series,
      bars: calm.series.bars.map((bar) => ({ ...bar, liqLongUsd: null, liqShortUsd: null })),
    };
    const text = JSON.stringify(buildArticle({ ...calm, series: unheard }));
    expect(text).toContain('so liquidations are unknown');
    const noFeeds = { ...unheard, liquidationFeeds: { binanceusdm: 'none' as const } };
    expect(JSON.stringify(buildArticle({ ...calm, series: noFeeds }))).toContain(
      'No venue reported liquidations over the last 24 hours.',
    );
  });

  it('reports the OI fall and whether liquidations look undercounted', () => {
    const plain = JSON.stringify(buildArticle(input()).sections[0]);
    expect(plain).toContain('Open interest changed \u22128.2 %');
    expect(plain).toContain('do not look badly undercounted');
    const suspected = buildArticle(
      input({ flush: buildFixtureFlush({ liqUndercountSuspected: true }) }),
    );
    expect(JSON.stringify(suspected.sections[0])).toContain('probably undercount');
  });

  it('shows the evidence table with formatted values and "not available" for missing inputs', () => {
    const rows = buildArticle(input()).sections[2]?.evidence ?? [];
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatchObject({
      value: 'not available',
      status: 'not available',
      statusClass: 'na',
    });
    expect(rows[3]).toMatchObject({ value: '0.82×', status: 'holds' });
  });

  it("keeps only the winning label's rules in the short table the email shows", () => {
    const articleInput = input();
    const section = buildArticle(articleInput).sections[2];
    const winner = articleInput.assessment?.label ?? 'none';
    const winningRules = articleInput.assessment?.evidence.filter((e) => e.label === winner) ?? [];
    expect(section?.winningEvidence.length).toBe(winningRules.length);
    expect(
      section?.winningEvidence.length ?? 0,
      'the full table keeps the other candidates too',
    ).toBeLessThanOrEqual(section?.evidence.length ?? 0);
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

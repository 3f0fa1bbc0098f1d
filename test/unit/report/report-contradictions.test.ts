import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambdas/config.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/index.ts';
import type { RenderedReport } from '../../../lambdas/model/index.ts';
import { buildReport } from '../../../lambdas/use-cases/build-report.ts';
import { findContradictions, visibleText } from '../../support/report-contradictions.ts';

const config = configSchema.parse({});

async function reportOf(
  name: 'short-squeeze-rejection' | 'long-flush-oi-rising',
): Promise<RenderedReport> {
  const scenario = generateScenario(name);
  const built = await buildReport({
    snapshots: scenario.snapshots,
    asset: scenario.asset,
    configuredVenues: scenario.configuredVenues,
    asOfMs: Date.parse(scenario.snapshots.at(-1)?.window.to ?? ''),
    config,
  });
  return built.rendered;
}

/** The report with `from` replaced by `to` in the page, both emails, once each. */
function doctor(report: RenderedReport, from: string | RegExp, to: string): RenderedReport {
  return {
    ...report,
    pageHtml: report.pageHtml.replace(from, to),
    email: {
      ...report.email,
      html: report.email.html.replace(from, to),
      text: report.email.text.replace(from, to),
    },
  };
}

describe('findContradictions', () => {
  let squeeze: RenderedReport;
  let oiRising: RenderedReport;

  beforeAll(async () => {
    squeeze = await reportOf('short-squeeze-rejection');
    oiRising = await reportOf('long-flush-oi-rising');
  });

  it('finds nothing in a report as rendered', () => {
    expect(findContradictions(squeeze)).toEqual([]);
    expect(findContradictions(oiRising)).toEqual([]);
  });

  it.each([
    [
      'a squeeze worded as forced selling',
      'forced buying as shorts covered',
      'forced selling',
      'directionWords',
    ],
    ['a raw venue id', 'Binance', 'binanceusdm', 'venueName'],
    [
      'a range across midnight with one day',
      /between \d\d:\d\d and \d\d:\d\d UTC on/,
      'between 23:00 and 01:00 UTC on',
      'midnightRanges',
    ],
  ])('flags %s', (_name, from, to, check) => {
    const found = findContradictions(doctor(squeeze, from, to));
    expect(found.length, 'the doctored text must be caught').toBeGreaterThan(0);
    if (check) expect(found.join('\n')).toContain(check === 'venueName' ? 'raw venue id' : check);
  });

  it('flags "barely a bounce off" the flush extreme when price sits beyond it', () => {
    const doctored = doctor(
      squeeze,
      'Confidence is',
      'Barely a pullback off the high. Confidence is',
    );
    const facts = (doctored.data as { facts: { reading: { facts: { retraceFrac: number } } } })
      .facts;
    const beyond = {
      ...doctored,
      data: {
        ...doctored.data,
        facts: {
          ...facts,
          reading: { ...facts.reading, facts: { ...facts.reading.facts, retraceFrac: -0.3 } },
        },
      },
    } as RenderedReport;
    expect(findContradictions(beyond).join('\n')).toContain('barely a bounce off');
    expect(findContradictions(doctored), 'true while price has not passed the extreme').toEqual([]);
  });

  it('flags "no flush in the last 30 days" when the data has a flush four days back', () => {
    const doctored = doctor(
      squeeze,
      'Confidence is',
      'No liquidation flush in the last 30 days. Confidence is',
    );
    const { facts } = doctored.data;
    const withEarlier = {
      ...doctored,
      data: {
        ...doctored.data,
        facts: { ...facts, flush: null, earlierFlush: { startMs: facts.asOfMs - 4 * 86_400_000 } },
      },
    } as unknown as RenderedReport;
    expect(findContradictions(withEarlier).join('\n')).toContain(
      'says no flush in the last 30 days',
    );
  });

  it('flags a spot claim when the data has no spot market', () => {
    const claimed = doctor(
      squeeze,
      'Confidence is',
      'Buyers are showing up in spot. Confidence is',
    );
    const noSpot = {
      ...claimed,
      data: {
        ...claimed.data,
        series: {
          ...claimed.data.series,
          bars: claimed.data.series.bars.map((b) => ({ ...b, spotVolumeUsd: null })),
        },
      },
    };
    expect(findContradictions(noSpot).join('\n')).toMatch(/spotClaims/);
    expect(
      findContradictions(claimed),
      'the scenario has spot data, so the claim may stand',
    ).toEqual([]);
  });

  it('flags a tier sentence whose figure did not decide the tier', () => {
    const found = findContradictions(
      doctor(squeeze, /\d+\.\d+ %(?: of open interest)?: an? /, '1.80 %: an '),
    );
    expect(found.join('\n')).toMatch(/tierMeasure/);
  });

  it('flags an OI rise called a fall', () => {
    const text = visibleText(oiRising.pageHtml);
    expect(text).toMatch(/Open interest (did not fall below|was unchanged)/);
    const found = findContradictions(
      doctor(
        oiRising,
        /Open interest (did not fall below|was unchanged)[^.]*\./,
        'Open interest fell 3.3 % from 1 BTC, too small a drop.',
      ),
    );
    expect(found.join('\n')).toMatch(/oiDirection/);
  });

  it('flags HTML entities in the plain-text email and an empty section', () => {
    const entity = {
      ...squeeze,
      email: { ...squeeze.email, text: `${squeeze.email.text} &gt; 5` },
    };
    expect(findContradictions(entity).join('\n')).toMatch(/HTML entity/);
    const empty = {
      ...squeeze,
      pageHtml: squeeze.pageHtml.replace('</main>', '<section id="x"><h2>X</h2></section></main>'),
    };
    expect(findContradictions(empty).join('\n')).toMatch(/section "x" is empty/);
  });

  it('flags a next checkpoint promised on the last reading', () => {
    const facts = squeeze.data.facts;
    const last = {
      ...squeeze,
      data: {
        ...squeeze.data,
        facts: {
          ...facts,
          reading: facts.reading && { ...facts.reading, checkpoint: '72h' as const },
        },
      },
      email: { ...squeeze.email, text: `${squeeze.email.text}\nThe next checkpoint will tell.` },
    };
    expect(findContradictions(last).join('\n')).toMatch(/finalCheckpoint/);
  });
});

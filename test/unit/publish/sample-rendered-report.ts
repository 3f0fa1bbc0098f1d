import {
  PREFERENCES_URL_PLACEHOLDER,
  type RenderedReport,
  type ReportMeta,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../../../lambdas/model/index.ts';

/** A small but complete rendered report for publishing tests (no flush analysis inside). */
export function sampleRenderedReport(overrides: Partial<ReportMeta> = {}): RenderedReport {
  const meta: ReportMeta = {
    id: '2026-11-25-btc-long-flush',
    slug: 'btc-long-flush',
    kind: 'flash',
    title: 'BTC long flush: $412M liquidated in 40 minutes',
    summary: 'Longs were flushed; price reclaimed the broken level within 4 hours.',
    asOf: '2026-11-25T14:00:00.000Z',
    assets: ['BTC'],
    path: 'reports/2026/11/25/btc-long-flush/',
    simulated: true,
    imagePath: 'reports/2026/11/25/btc-long-flush/price.png',
    ...overrides,
  };
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return {
    meta,
    pageHtml: `<!doctype html><html><head><title>${meta.title}</title></head><body><h1>${meta.title}</h1></body></html>`,
    storyPageHtml: `<!doctype html><html><head><title>${meta.title}</title></head><body><h1>${meta.title}</h1></body></html>`,
    feedHtml: `<p>${meta.summary}</p>`,
    email: {
      subject: meta.title,
      preheader: meta.summary,
      html: `<html><body><p>${meta.summary}</p><a href="${UNSUBSCRIBE_URL_PLACEHOLDER}">Unsubscribe</a> <a href="${PREFERENCES_URL_PLACEHOLDER}">Choose what you get</a></body></html>`,
      text: `${meta.summary}\n\nChoose what you get: ${PREFERENCES_URL_PLACEHOLDER}\nUnsubscribe: ${UNSUBSCRIBE_URL_PLACEHOLDER}\n`,
    },
    lead: {
      keyNumbers: [
        { label: 'Liquidated', value: '$412M' },
        { label: 'Move', value: '−5.4 %' },
      ],
      chart: {
        url: `https://aftershock.example.com/${meta.path}price-narrow.png`,
        alt: 'BTC price through the flush',
        width: 600,
        height: 400,
      },
    },
    charts: [
      { file: 'price.png', alt: 'Price', title: 'Price', width: 800, height: 400, png },
      {
        file: 'liquidations.png',
        alt: 'Liquidations',
        title: 'Liquidations',
        width: 800,
        height: 400,
        png,
      },
    ],
    data: {
      meta,
      facts: {
        asset: 'BTC',
        kind: meta.kind,
        asOfMs: Date.parse(meta.asOf),
        now: null,
        flush: null,
        reading: null,
        previous: null,
        laterFlushes: [],
        nextCheckpoint: null,
        historyEndsBefore: null,
        earlierFlush: null,
        updates: [],
        recent: {
          priceFromFrac: null,
          priceFrom: null,
          spanMs: 0,
          liqLongUsd: null,
          liqShortUsd: null,
          listenedMs: 0,
          fundingNow8h: null,
          fundingMedian30d8h: null,
          oiNowUsd: null,
          oiNowBase: null,
          oiFromFrac: null,
        },
      },
      flush: null,
      assessment: null,
      history: [],
      spikes: [],
      series: {
        asset: 'BTC',
        barMinutes: 5,
        venues: ['binanceusdm'],
        missingVenues: [],
        unwatchedLiquidations: [],
        excludedInputs: [],
        bars: [],
      },
    },
  };
}

import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  buildReportEmail,
  emailForRecipient,
  preferencesUrlFor,
  unsubscribeUrlFor,
} from '../../../lambdas/publish/index.ts';
import { digestMailingId, renderDigestMailing } from '../../../lambdas/report/index.ts';
import { sampleRenderedReport } from '../publish/sample-rendered-report.ts';

const NOW_MS = Date.UTC(2026, 11, 6, 7);
const SITE = {
  baseUrl: 'https://aftershock.example.com',
  title: 'Aftershock',
  subscribeUrl: '/api/subscribe',
  postalAddress: '1 Example Street, Lisbon',
};
const digestOf = (asset: string, title: string) =>
  sampleRenderedReport({
    id: `2026-12-06-${asset.toLowerCase()}-digest`,
    slug: `${asset.toLowerCase()}-digest`,
    kind: 'digest',
    title,
    summary: `${asset} summary.`,
    assets: [asset],
    path: `reports/2026/12/06/${asset.toLowerCase()}-digest/`,
    imagePath: `reports/2026/12/06/${asset.toLowerCase()}-digest/card.png`,
    simulated: false,
  });
const digests = [
  digestOf('BTC', 'BTC: a calm day, price +1.2%'),
  digestOf('ETH', 'ETH long flush: $48M liquidated'),
  digestOf('SOL', 'SOL: a calm day, price −0.4%'),
];

async function copyFor(followed: string[]) {
  const mailing = renderDigestMailing(digests, SITE, NOW_MS);
  const own = emailForRecipient(mailing.email, followed);
  if (own === null) throw new Error('no part for the recipient');
  const secret = 'test-secret-0123456789abcdef';
  const to = 'reader@example.com';
  const built = await buildReportEmail({
    reportId: mailing.meta.id,
    email: own,
    to,
    from: 'Aftershock <reports@aftershock.example.com>',
    unsubscribeUrl: unsubscribeUrlFor(to, {
      siteBaseUrl: SITE.baseUrl,
      tokenSecret: secret,
      nowMs: NOW_MS,
    }),
    preferencesUrl: preferencesUrlFor(to, { siteBaseUrl: SITE.baseUrl, tokenSecret: secret }),
    listId: 'aftershock-reports.aftershock.example.com',
    date: new Date(NOW_MS),
  });
  return { mailing, built, parsed: await simpleParser(built.raw) };
}

describe('renderDigestMailing', () => {
  it('makes one mailing for the day, with one marked part per asset digest', () => {
    const mailing = renderDigestMailing(digests, SITE, NOW_MS);
    expect(mailing.meta).toMatchObject({
      id: digestMailingId(NOW_MS),
      kind: 'digest',
      assets: ['BTC', 'ETH', 'SOL'],
      title: 'Daily digest, 6 Dec 2026',
    });
    expect(mailing.meta.id).toBe('2026-12-06-daily-digest');
    expect(mailing.email.parts?.map((p) => p.asset)).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('gives a subscriber of ETH only the ETH part, named in the subject, with links that work', async () => {
    const { parsed, built } = await copyFor(['ETH']);
    expect(parsed.subject).toBe('Daily digest, 6 Dec 2026: ETH');
    const html = String(parsed.html);
    const text = parsed.text ?? '';
    for (const body of [html, text]) {
      expect(body).toContain('ETH long flush: $48M liquidated');
      expect(body).not.toContain('BTC: a calm day');
      expect(body).not.toContain('SOL: a calm day');
      expect(body).not.toMatch(/aftershock-part|__AFTERSHOCK_|undefined|NaN/);
      expect(body).toContain('https://aftershock.example.com/reports/2026/12/06/eth-digest/');
      expect(body).toMatch(/\/api\/preferences\?token=/);
      expect(body).toMatch(/\/api\/unsubscribe\?token=/);
      expect(body).toContain('1 Example Street, Lisbon');
    }
    expect(html).toContain(
      'src="https://aftershock.example.com/reports/2026/12/06/eth-digest/price-narrow.png"',
    );
    expect(parsed.text, 'its key numbers, as words').toContain('Liquidated: $412M');
    expect(html, 'dark mode styles travel with the mail').toContain('prefers-color-scheme: dark');
    expect(built.raw.length, 'far under the 102 KB Gmail clips at').toBeLessThan(102 * 1024);
  });

  it('gives a subscriber of every asset all three parts in one email, in the site order', async () => {
    const { parsed } = await copyFor([]);
    expect(parsed.subject).toBe('Daily digest, 6 Dec 2026: BTC, ETH and SOL');
    const text = parsed.text ?? '';
    const order = ['BTC: a calm day', 'ETH long flush', 'SOL: a calm day'].map((t) =>
      text.indexOf(t),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('says a simulated digest is simulated, in the subject and the body', () => {
    const btc = digestOf('BTC', 'x');
    const simulated = [{ ...btc, meta: { ...btc.meta, simulated: true } }];
    const mailing = renderDigestMailing(simulated, SITE, NOW_MS);
    expect(mailing.email.subject).toMatch(/^\[Simulated\] /);
    expect(mailing.email.text).toMatch(/simulated/i);
    expect(mailing.meta.simulated).toBe(true);
  });
});

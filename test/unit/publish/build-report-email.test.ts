import { type ParsedMail, simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  PREFERENCES_URL_PLACEHOLDER,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../../../lambdas/model/index.ts';
import {
  buildReportEmail,
  HeaderInjectionError,
  preferencesUrlFor,
  type ReportEmailInput,
  unsubscribeUrlFor,
  verifyToken,
} from '../../../lambdas/publish/index.ts';
import { sampleRenderedReport } from './sample-rendered-report.ts';

const SECRET = 'test-secret-0123456789abcdef';
const NOW_MS = Date.parse('2026-11-25T14:05:00Z');
const rendered = sampleRenderedReport();

function emailInput(overrides: Partial<ReportEmailInput> = {}): ReportEmailInput {
  return {
    reportId: rendered.meta.id,
    email: rendered.email,
    to: 'alice@example.com',
    from: 'Aftershock <reports@aftershock.example.com>',
    unsubscribeUrl: unsubscribeUrlFor('alice@example.com', {
      siteBaseUrl: 'https://aftershock.example.com/',
      tokenSecret: SECRET,
      nowMs: NOW_MS,
    }),
    preferencesUrl: preferencesUrlFor('alice@example.com', {
      siteBaseUrl: 'https://aftershock.example.com/',
      tokenSecret: SECRET,
    }),
    unsubscribeMailto: 'unsubscribe@aftershock.example.com',
    listId: 'aftershock-reports.aftershock.example.com',
    date: new Date(NOW_MS),
    ...overrides,
  };
}

interface ListHeaders {
  unsubscribe?: { url?: string; mail?: string };
  'unsubscribe-post'?: { name?: string };
  id?: { name?: string };
}

async function parsed(overrides: Partial<ReportEmailInput> = {}): Promise<ParsedMail> {
  return simpleParser((await buildReportEmail(emailInput(overrides))).raw);
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

describe('buildReportEmail', () => {
  it('builds multipart/alternative with text and html parts and the basic headers', async () => {
    const mail = await parsed();
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.text).toContain(rendered.meta.summary);
    expect(mail.html).toContain(rendered.meta.summary);
    expect(mail.subject).toBe(rendered.email.subject);
    expect(mail.from?.value[0]?.address).toBe('reports@aftershock.example.com');
    expect(mail.headers.get('x-aftershock-report')).toBe(rendered.meta.id);
    expect(mail.messageId).toMatch(
      /^<2026-11-25-btc-long-flush\.[0-9a-f]{16}@aftershock\.example\.com>$/,
    );
  });

  it('carries one-click List-Unsubscribe with the https link only (no mailto nobody reads), and List-Id', async () => {
    const mail = await parsed();
    const list = mail.headers.get('list') as ListHeaders;
    expect(list.unsubscribe?.url).toMatch(
      /^https:\/\/aftershock\.example\.com\/api\/unsubscribe\?token=/,
    );
    expect(list.unsubscribe?.mail, 'audit D8: the mailto went nowhere').toBeUndefined();
    expect(list['unsubscribe-post']?.name).toBe('List-Unsubscribe=One-Click');
    expect(list.id?.name).toBe('aftershock-reports.aftershock.example.com');
  });

  it('replaces the placeholder in text and html with a URL whose token verifies', async () => {
    const mail = await parsed();
    const text = mail.text ?? '';
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(text).not.toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    expect(html).not.toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    const textUrl = /https:\/\/\S+unsubscribe\?token=[\w.-]+/.exec(text)?.[0] ?? '';
    const htmlUrl = /href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(verifyToken(tokenOf(textUrl), 'unsubscribe', SECRET, NOW_MS)).toBe('alice@example.com');
    expect(htmlUrl, 'html and text carry the same link').toBe(textUrl);
    const list = mail.headers.get('list') as ListHeaders;
    expect(list.unsubscribe?.url, 'the header carries the same link').toBe(textUrl);
  });

  it('fills the preferences link with a token that opens the page and nothing else', async () => {
    const mail = await parsed();
    const text = mail.text ?? '';
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(text).not.toContain(PREFERENCES_URL_PLACEHOLDER);
    expect(html).not.toContain(PREFERENCES_URL_PLACEHOLDER);
    const textUrl = /https:\/\/\S+\/api\/preferences\?token=[\w.-]+/.exec(text)?.[0] ?? '';
    expect(textUrl).toMatch(/^https:\/\/aftershock\.example\.com\/api\/preferences\?token=/);
    expect(html).toContain(`href="${textUrl}"`);
    expect(verifyToken(tokenOf(textUrl), 'preferences', SECRET, NOW_MS)).toBe('alice@example.com');
    expect(() => verifyToken(tokenOf(textUrl), 'unsubscribe', SECRET, NOW_MS)).toThrow(
      /wrong-purpose|purpose/,
    );
  });

  it('builds mail rendered before the preferences page existed, which has no such link', async () => {
    const old = {
      ...rendered.email,
      html: rendered.email.html.replace(/ <a href="__AFTERSHOCK_PREFERENCES_URL__">[^<]*<\/a>/, ''),
      text: rendered.email.text.replace(/Choose what you get: \S+\n/, ''),
    };
    expect(old.html).not.toContain(PREFERENCES_URL_PLACEHOLDER);
    const mail = await simpleParser((await buildReportEmail(emailInput({ email: old }))).raw);
    expect(mail.text ?? '').toMatch(/unsubscribe\?token=/);
  });

  it('gives each recipient a different Message-ID and the same one when rebuilt', async () => {
    const first = await buildReportEmail(emailInput());
    const again = await buildReportEmail(emailInput());
    const other = await buildReportEmail(emailInput({ to: 'bob@example.org' }));
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it.each([
    ['to', { to: 'alice@example.com\r\nBcc: victim@example.org' }],
    ['from', { from: 'Aftershock <a@b.example>\nBcc: x@y.example' }],
    ['listId', { listId: 'list.example\r\nX-Evil: 1' }],
    ['reportId', { reportId: 'r1\nX-Evil: 1' }],
    ['unsubscribeUrl', { unsubscribeUrl: 'https://a.example/u?t=1\r\nX-Evil: 1' }],
    ['subject', { email: { ...rendered.email, subject: 'Hi\r\nBcc: victim@example.org' } }],
  ] as Array<[string, Partial<ReportEmailInput>]>)(
    'refuses a line break in %s',
    async (_field, overrides) => {
      await expect(buildReportEmail(emailInput(overrides))).rejects.toThrow(HeaderInjectionError);
    },
  );

  it('refuses an email whose html has no unsubscribe placeholder', async () => {
    const email = { ...rendered.email, html: '<p>no link</p>' };
    await expect(buildReportEmail(emailInput({ email }))).rejects.toThrow('no unsubscribe link');
  });
});

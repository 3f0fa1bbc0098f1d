import { describe, expect, it } from 'vitest';
import { RecipientRejectedError } from '../../../lambdas/errors.ts';
import { clientIpOf } from '../../../lambdas/handlers/http/client-ip.ts';
import { requestFailure } from '../../../lambdas/handlers/http/error-response.ts';
import type { FunctionUrlEvent } from '../../../lambdas/handlers/http/function-url-event.ts';
import { listField, parseBodyFields } from '../../../lambdas/handlers/http/request-body.ts';
import { isOneClickBody } from '../../../lambdas/handlers/unsubscribe-handler.ts';
import {
  clientNetwork,
  confirmationRecentlySent,
  isDisposableEmail,
  isExpiredPending,
  SignupRateLimitedError,
  validateSubscribeRequest,
} from '../../../lambdas/publish/subscription/index.ts';

const at = '2026-11-01T00:00:00.000Z';

function post(body: string, contentType: string, base64 = false): FunctionUrlEvent {
  return {
    rawPath: '/',
    rawQueryString: '',
    headers: { 'Content-Type': contentType },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: { http: { method: 'POST' } },
  };
}

describe('subscription rules and request parsing', () => {
  it('normalises a sign-up and refuses line breaks in any field', () => {
    expect(
      validateSubscribeRequest({
        email: ' A@Example.COM ',
        assets: ['btc', 'BTC'],
        consent: { at, form: 'home' },
      }),
    ).toEqual({ email: 'a@example.com', assets: ['BTC'], consent: { at, form: 'home' } });
    expect(() =>
      validateSubscribeRequest({ email: 'a@example.com', consent: { at, form: 'home\r\nX: y' } }),
    ).toThrow(/line breaks/);
    expect(() =>
      validateSubscribeRequest({
        email: 'a@example.com',
        assets: ['$$'],
        consent: { at, form: 'f' },
      }),
    ).toThrow(/tickers/);
  });

  it('flags listed disposable domains and their subdomains only', () => {
    expect(isDisposableEmail('x@mailinator.com')).toBe(true);
    expect(isDisposableEmail('x@eu.mailinator.com')).toBe(true);
    expect(isDisposableEmail('x@notmailinator.com')).toBe(false);
  });

  it('expires pending sign-ups only and rate-limits within ten minutes', () => {
    const later = Date.parse('2026-11-03T00:00:00.000Z');
    expect(isExpiredPending({ status: 'pending', expiresAt: at }, later)).toBe(true);
    expect(isExpiredPending({ status: 'active', expiresAt: at }, later)).toBe(false);
    expect(confirmationRecentlySent({ confirmationSentAt: at }, Date.parse(at) + 9 * 60_000)).toBe(
      true,
    );
    expect(confirmationRecentlySent({ confirmationSentAt: at }, Date.parse(at) + 10 * 60_000)).toBe(
      false,
    );
  });

  it('reads JSON, form and base64 bodies into the same fields', () => {
    expect(
      parseBodyFields(post('{"email":"a@b.co","assets":["BTC"]}', 'application/json')),
    ).toEqual({
      email: 'a@b.co',
      assets: ['BTC'],
    });
    const form = parseBodyFields(
      post(
        'email=a%40b.co&assets=BTC&assets=ETH',
        'application/x-www-form-urlencoded; charset=utf-8',
        true,
      ),
    );
    expect(form).toEqual({ email: 'a@b.co', assets: ['BTC', 'ETH'] });
    expect(listField({ assets: 'BTC, ETH' }, 'assets')).toEqual(['BTC', 'ETH']);
    expect(() => parseBodyFields(post('{"email":5}', 'application/json'))).toThrow(/text/);
    expect(() => parseBodyFields(post('[1]', 'application/json'))).toThrow(/JSON object/);
  });

  it('recognises RFC 8058 one-click bodies, form-encoded or multipart', () => {
    expect(isOneClickBody('List-Unsubscribe=One-Click')).toBe(true);
    const multipart =
      '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n';
    expect(isOneClickBody(multipart)).toBe(true);
    expect(isOneClickBody('List-Unsubscribe=Nope')).toBe(false);
    expect(isOneClickBody('')).toBe(false);
  });
});

describe('requestFailure (audit D22)', () => {
  it('masks every address in the logged detail of an unexpected error', () => {
    const lines: string[] = [];
    const failure = requestFailure(
      new Error('InvalidParameterValue: Illegal address: victim@example.com <b.c@d.org>'),
      (line) => lines.push(line),
    );
    expect(failure.statusCode).toBe(500);
    expect(lines).toEqual([
      'request failed: InvalidParameterValue: Illegal address: v***@e***.com <b***@d***.org>',
    ]);
  });

  it('answers 400 for an address the mail service rejects, and 429 with Retry-After when limited', () => {
    expect(
      requestFailure(new RecipientRejectedError('SES rejected it'), () => undefined).statusCode,
    ).toBe(400);
    const limited = requestFailure(new SignupRateLimitedError(120), () => undefined);
    expect(limited).toMatchObject({ statusCode: 429, headers: { 'retry-after': '120' } });
  });
});

describe('client network and address', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:aa::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
  ])('counts %s under %s', (ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });

  it('takes the address from CloudFront-Viewer-Address, never from X-Forwarded-For', () => {
    const event = (headers: Record<string, string>): FunctionUrlEvent => ({
      ...post('', 'text/plain'),
      headers,
      requestContext: { http: { method: 'POST', sourceIp: '130.176.0.1' } },
    });
    expect(clientIpOf(event({ 'cloudfront-viewer-address': '203.0.113.9:5000' }))).toBe(
      '203.0.113.9',
    );
    expect(clientIpOf(event({ 'cloudfront-viewer-address': '2001:db8::7:443' }))).toBe(
      '2001:db8::7',
    );
    expect(
      clientIpOf(event({ 'x-forwarded-for': '127.0.0.1' })),
      'a function URL keeps only the client-chosen leftmost X-Forwarded-For entry',
    ).toBe('130.176.0.1');
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/errors.ts';
import {
  InvalidTokenError,
  type InvalidTokenReason,
  readToken,
  signToken,
  tokenKeyId,
  verifyToken,
} from '../../../lambdas/publish/index.ts';

const SECRET = 'test-secret-0123456789abcdef-ABCDEFGHIJ';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklm';
const NOW_MS = Date.parse('2026-11-25T12:00:00Z');
const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function reasonOf(run: () => unknown): InvalidTokenReason | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
}

/** A v1 token as mailed before the v2 format: base64url JSON payload, then its HMAC. */
function legacyToken(payload: object, secret: string): string {
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = createHmac('sha256', secret)
    .update(`aftershock-token.v1.${payloadPart}`)
    .digest('base64url');
  return `${payloadPart}.${signature}`;
}

const unsubscribeToken = signToken({ email: 'alice@example.com', purpose: 'unsubscribe' }, SECRET);
const confirmToken = signToken(
  {
    email: 'alice@example.com',
    purpose: 'confirm',
    expiresAtMs: NOW_MS + HOUR_MS,
    nonce: 'n0nce-of-this-signup',
  },
  SECRET,
);

describe('subscription tokens (v2: sealed, with a key id)', () => {
  it('returns the email and sign-up nonce of a valid token, url-safe and naming its key', () => {
    expect(readToken(confirmToken, 'confirm', SECRET, NOW_MS)).toEqual({
      email: 'alice@example.com',
      purpose: 'confirm',
      nonce: 'n0nce-of-this-signup',
      kid: tokenKeyId(SECRET),
    });
    expect(confirmToken).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    expect(confirmToken.split('.')[1]).toBe(tokenKeyId(SECRET));
  });

  it('does not carry the address in clear (audit #15: it was readable in every link)', () => {
    const decoded = Buffer.from(unsubscribeToken.split('.')[2] ?? '', 'base64url').toString(
      'latin1',
    );
    expect(decoded).not.toContain('alice');
    expect(unsubscribeToken).not.toContain(Buffer.from('alice').toString('base64url').slice(0, 6));
  });

  it('keeps an unsubscribe token working 10 years later (audit #14: refused after 365 days)', () => {
    expect(verifyToken(unsubscribeToken, 'unsubscribe', SECRET, NOW_MS + 10 * YEAR_MS)).toBe(
      'alice@example.com',
    );
    const withExpiry = signToken(
      { email: 'bob@example.com', purpose: 'unsubscribe', expiresAtMs: NOW_MS + 1 },
      SECRET,
    );
    expect(verifyToken(withExpiry, 'unsubscribe', SECRET, NOW_MS + YEAR_MS + 1)).toBe(
      'bob@example.com',
    );
  });

  it('refuses a confirm token at and after its expiry, not a millisecond before', () => {
    expect(reasonOf(() => verifyToken(confirmToken, 'confirm', SECRET, NOW_MS + HOUR_MS))).toBe(
      'expired',
    );
    expect(reasonOf(() => verifyToken(confirmToken, 'confirm', SECRET, NOW_MS + HOUR_MS - 1))).toBe(
      'accepted',
    );
  });

  it('verifies against the current and the previous secret, so the secret can rotate', () => {
    const rotated = { current: OTHER_SECRET, previous: SECRET };
    expect(verifyToken(unsubscribeToken, 'unsubscribe', rotated, NOW_MS)).toBe('alice@example.com');
    const newer = signToken({ email: 'carol@example.com', purpose: 'unsubscribe' }, OTHER_SECRET);
    expect(verifyToken(newer, 'unsubscribe', rotated, NOW_MS)).toBe('carol@example.com');
    expect(
      reasonOf(() => verifyToken(unsubscribeToken, 'unsubscribe', OTHER_SECRET, NOW_MS)),
      'two rotations later the oldest key is gone',
    ).toBe('forged');
  });

  it('refuses a token whose sealed part was altered in any single character', () => {
    const start = unsubscribeToken.lastIndexOf('.') + 1;
    const refused = new Set<string>();
    for (let position = start; position < unsubscribeToken.length; position += 1) {
      // Flipping the lowest bit also hits the unused padding bits of the last character.
      const swapped =
        BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(unsubscribeToken[position] ?? '') ^ 1];
      const altered = `${unsubscribeToken.slice(0, position)}${swapped}${unsubscribeToken.slice(position + 1)}`;
      refused.add(reasonOf(() => verifyToken(altered, 'unsubscribe', SECRET, NOW_MS)));
    }
    expect([...refused].every((reason) => reason === 'forged' || reason === 'malformed')).toBe(
      true,
    );
    expect(refused.has('accepted')).toBe(false);
  });

  /** The 15 forgery variants of reliability audit #9, against the v2 format. */
  it.each<[string, () => string, 'confirm' | 'unsubscribe']>([
    [
      'another secret',
      () => signToken({ email: 'a@x.co', purpose: 'unsubscribe' }, OTHER_SECRET),
      'unsubscribe',
    ],
    [
      'a kid changed to another',
      () => unsubscribeToken.replace(/^v2\.[^.]+/, `v2.${tokenKeyId(OTHER_SECRET)}`),
      'unsubscribe',
    ],
    ['the sealed part truncated', () => unsubscribeToken.slice(0, -4), 'unsubscribe'],
    ['the sealed part emptied', () => unsubscribeToken.replace(/[^.]+$/, ''), 'unsubscribe'],
    [
      '+ and / instead of - and _',
      () => unsubscribeToken.replaceAll('-', '+').replaceAll('_', '/'),
      'unsubscribe',
    ],
    ['padding = appended', () => `${unsubscribeToken}=`, 'unsubscribe'],
    ['empty', () => '', 'unsubscribe'],
    ['four parts', () => `${unsubscribeToken}.x`, 'unsubscribe'],
    ['unicode', () => `v2.${tokenKeyId(SECRET)}.äöü`, 'unsubscribe'],
    ['an unsubscribe token used to confirm', () => unsubscribeToken, 'confirm'],
    ['a confirm token used to unsubscribe', () => confirmToken, 'unsubscribe'],
    ['version 3', () => unsubscribeToken.replace(/^v2/, 'v3'), 'unsubscribe'],
    ['1 MB', () => `v2.${tokenKeyId(SECRET)}.${'A'.repeat(1_000_000)}`, 'unsubscribe'],
    [
      'a v1 payload with x = 1e308 under a junk signature',
      () =>
        `${Buffer.from('{"e":"a@x.co","p":"unsubscribe","x":1e308}').toString('base64url')}.AAAA`,
      'unsubscribe',
    ],
    [
      'a legacy token signed with another secret',
      () => legacyToken({ e: 'a@x.co', p: 'unsubscribe', x: 1 }, OTHER_SECRET),
      'unsubscribe',
    ],
  ])('refuses %s', (_variant, make, purpose) => {
    expect(reasonOf(() => verifyToken(make(), purpose, SECRET, NOW_MS))).not.toBe('accepted');
  });

  it('honours v1 unsubscribe links mailed before v2, whatever expiry they carried', () => {
    const old = legacyToken(
      { e: 'dave@example.com', p: 'unsubscribe', x: NOW_MS - YEAR_MS },
      SECRET,
    );
    expect(verifyToken(old, 'unsubscribe', SECRET, NOW_MS)).toBe('dave@example.com');
    expect(
      verifyToken(old, 'unsubscribe', { current: OTHER_SECRET, previous: SECRET }, NOW_MS),
    ).toBe('dave@example.com');
  });

  it('refuses v1 confirm links: they are not bound to a sign-up', () => {
    const old = legacyToken({ e: 'dave@example.com', p: 'confirm', x: NOW_MS + HOUR_MS }, SECRET);
    expect(reasonOf(() => verifyToken(old, 'confirm', SECRET, NOW_MS))).toBe('expired');
  });

  it('refuses a secret shorter than 16 characters in the token code itself', () => {
    expect(() => signToken({ email: 'a@example.com', purpose: 'unsubscribe' }, 'short')).toThrow(
      ConfigError,
    );
    expect(() =>
      verifyToken(unsubscribeToken, 'unsubscribe', { current: SECRET, previous: 'x' }, 0),
    ).toThrow(ConfigError);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/errors.ts';
import {
  InvalidTokenError,
  type InvalidTokenReason,
  signToken,
  verifyToken,
} from '../../../lambdas/publish/index.ts';

const SECRET = 'test-secret-0123456789abcdef';
const NOW_MS = Date.parse('2026-11-25T12:00:00Z');
const HOUR_MS = 3_600_000;
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

const token = signToken(
  { email: 'alice@example.com', purpose: 'unsubscribe', expiresAtMs: NOW_MS + HOUR_MS },
  SECRET,
);

describe('subscription tokens', () => {
  it('returns the email of a valid token and is url-safe', () => {
    expect(verifyToken(token, 'unsubscribe', SECRET, NOW_MS)).toBe('alice@example.com');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a token signed with another secret as forged', () => {
    const forged = signToken(
      { email: 'alice@example.com', purpose: 'unsubscribe', expiresAtMs: NOW_MS + HOUR_MS },
      'another-secret-0123456789',
    );
    expect(reasonOf(() => verifyToken(forged, 'unsubscribe', SECRET, NOW_MS))).toBe('forged');
  });

  it('refuses a token whose payload was altered', () => {
    const [, signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ e: 'mallory@example.com', p: 'unsubscribe', x: NOW_MS + HOUR_MS }),
    ).toString('base64url');
    expect(
      reasonOf(() => verifyToken(`${payload}.${signature}`, 'unsubscribe', SECRET, NOW_MS)),
    ).toBe('forged');
  });

  it('refuses a token whose signature was altered in any single character', () => {
    const signatureStart = token.indexOf('.') + 1;
    const refused = [];
    for (let position = signatureStart; position < token.length; position += 1) {
      // Flipping the lowest bit also hits the unused padding bits of the last character.
      const swapped = BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(token[position] ?? '') ^ 1];
      const altered = `${token.slice(0, position)}${swapped}${token.slice(position + 1)}`;
      refused.push(reasonOf(() => verifyToken(altered, 'unsubscribe', SECRET, NOW_MS)));
    }
    expect(new Set(refused), 'even the padding bits of the last character count').toEqual(
      new Set(['forged']),
    );
  });

  it('refuses an unsubscribe token used to confirm', () => {
    expect(reasonOf(() => verifyToken(token, 'confirm', SECRET, NOW_MS))).toBe('wrong-purpose');
  });

  it('refuses a token at and after its expiry', () => {
    expect(reasonOf(() => verifyToken(token, 'unsubscribe', SECRET, NOW_MS + HOUR_MS))).toBe(
      'expired',
    );
    expect(reasonOf(() => verifyToken(token, 'unsubscribe', SECRET, NOW_MS + HOUR_MS - 1))).toBe(
      'accepted',
    );
  });

  it.each(['', 'abc', 'a.b.c', 'not base64!.sig', `${token}.extra`])(
    'refuses the malformed token "%s"',
    (bad) => {
      expect(reasonOf(() => verifyToken(bad, 'unsubscribe', SECRET, NOW_MS))).toBe('malformed');
    },
  );

  it('refuses another payload carried under a valid signature', () => {
    const payloadPart = Buffer.from('{"hello":1}').toString('base64url');
    const signed = signToken(
      { email: 'x@example.com', purpose: 'confirm', expiresAtMs: 1 },
      SECRET,
    );
    const [, signature] = signed.split('.');
    expect(reasonOf(() => verifyToken(`${payloadPart}.${signature}`, 'confirm', SECRET, 0))).toBe(
      'forged',
    );
  });

  it('refuses a secret shorter than 16 characters', () => {
    expect(() =>
      signToken({ email: 'a@example.com', purpose: 'confirm', expiresAtMs: 1 }, 'short'),
    ).toThrow(ConfigError);
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { ConfigError } from '../errors.ts';
import { InvalidTokenError } from './publish-errors.ts';

/** What a signed link lets its holder do. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

/** Claims carried by a token. */
export interface TokenClaims {
  email: string;
  purpose: TokenPurpose;
  /** The token is refused at and after this time (epoch ms). */
  expiresAtMs: number;
}

/** Shortest secret accepted, matching `tokenSecret` in the config schema. */
const MIN_SECRET_LENGTH = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const payloadSchema = z.object({
  e: z.string().min(1),
  p: z.enum(['confirm', 'unsubscribe']),
  x: z.number().int(),
});

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('tokenSecret', `needs at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function signatureOf(payloadPart: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`aftershock-token.v1.${payloadPart}`).digest();
}

/**
 * Signs claims into a url-safe token `<payload>.<signature>` (base64url, HMAC-SHA256).
 *
 * @example
 * signToken({ email: 'a@example.com', purpose: 'unsubscribe', expiresAtMs: 1e12 }, secret);
 * // 'eyJlIjoiYUBleGFtcGxlLmNvbSIs….3q2-…'
 */
export function signToken(claims: TokenClaims, secret: string): string {
  assertSecret(secret);
  const payload = { e: claims.email, p: claims.purpose, x: Math.trunc(claims.expiresAtMs) };
  const payloadPart = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${payloadPart}.${signatureOf(payloadPart, secret).toString('base64url')}`;
}

function verifiedPayloadPart(token: string, secret: string): string {
  const parts = token.split('.');
  const [payloadPart, signaturePart] = parts;
  if (parts.length !== 2 || payloadPart === undefined || signaturePart === undefined) {
    throw new InvalidTokenError('malformed');
  }
  if (!BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) {
    throw new InvalidTokenError('malformed');
  }
  // Compared as canonical text: decoding would ignore altered padding bits of the last character.
  const expected = Buffer.from(signatureOf(payloadPart, secret).toString('base64url'));
  const given = Buffer.from(signaturePart);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('forged');
  }
  return payloadPart;
}

function decodePayload(payloadPart: string): z.infer<typeof payloadSchema> {
  try {
    return payloadSchema.parse(JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidTokenError('malformed', { cause: error });
  }
}

/**
 * Checks a token's signature (in constant time), purpose and expiry at
 * `nowMs`, and returns the email it was issued for. Throws
 * {@link InvalidTokenError} with the reason otherwise.
 */
export function verifyToken(
  token: string,
  purpose: TokenPurpose,
  secret: string,
  nowMs: number,
): string {
  assertSecret(secret);
  const payload = decodePayload(verifiedPayloadPart(token, secret));
  if (payload.p !== purpose) throw new InvalidTokenError('wrong-purpose');
  if (nowMs >= payload.x) throw new InvalidTokenError('expired');
  return payload.e;
}

import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import * as z from 'zod';
import { ConfigError } from '../errors.ts';
import { InvalidTokenError } from './publish-errors.ts';

/** What a signed link lets its holder do. */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences';

/** Claims carried by a token. */
export interface TokenClaims {
  email: string;
  purpose: TokenPurpose;
  /**
   * Confirm tokens are refused at and after this time (epoch ms). Unsubscribe and preferences
   * tokens never expire (an unsubscribe is always safe to honour, RFC 8058 links and the
   * preferences link sit in old mail, and either only narrows what is sent), so a value given
   * for one is not stored.
   */
  expiresAtMs?: number;
  /** Confirm tokens: the nonce of the pending sign-up they confirm (see `Subscriber.confirmationNonce`). */
  nonce?: string;
}

/** What a valid token says. */
export interface VerifiedToken {
  email: string;
  purpose: TokenPurpose;
  /** The sign-up nonce of a confirm token; undefined for unsubscribe tokens. */
  nonce?: string;
  /** Id of the key that signed it ({@link tokenKeyId}). */
  kid: string;
}

/**
 * The secrets tokens are checked against: `current` signs new links; `previous` (the secret
 * before the last rotation) still verifies the links it signed. Each token names its key.
 */
export interface TokenKeyRing {
  current: string;
  previous?: string | undefined;
}

/**
 * Shortest secret the token code itself accepts. Secrets enter through the config schema and
 * the secret sources, which refuse weak ones (32 characters, 12 different: config.ts
 * `tokenSecretWeakness`); this floor only stops an empty or truncated secret reaching HMAC.
 */
const MIN_SECRET_LENGTH = 16;
/** Longer is not a token we issued; refused before any decoding (audit #9 tried 1 MB). */
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KID_PATTERN = /^[A-Za-z0-9_-]{8}$/;
const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const claimsSchema = z.strictObject({
  e: z.string().min(1),
  p: z.enum(['confirm', 'unsubscribe', 'preferences']),
  x: z.number().int().optional(),
  n: z.string().min(1).optional(),
});

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('tokenSecret', `needs at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function keysOf(keys: string | TokenKeyRing): string[] {
  const ring = typeof keys === 'string' ? { current: keys } : keys;
  const all = ring.previous === undefined ? [ring.current] : [ring.current, ring.previous];
  for (const secret of all) assertSecret(secret);
  return all;
}

/**
 * A secret's key id: 8 base64url characters of an HMAC of a fixed label, so a token names the
 * secret that signed it without revealing anything about it, and rotation needs no id to be
 * configured.
 *
 * @example
 * tokenKeyId(secret); // 'Qm7x2LpA'
 */
export function tokenKeyId(secret: string): string {
  return createHmac('sha256', secret)
    .update('aftershock-token-kid')
    .digest('base64url')
    .slice(0, 8);
}

/** The AES-256-GCM key of a secret (HKDF-SHA256, bound to this token format). */
function encryptionKey(secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, 'aftershock', 'aftershock-token.v2 aes-256-gcm', 32),
  );
}

/**
 * Seals claims into an opaque url-safe token `v2.<kid>.<sealed>`: the claims are encrypted and
 * authenticated with AES-256-GCM under a key derived from `secret`, so the address is not
 * readable in links or CloudFront logs (audit #15) and no bit can be changed unnoticed.
 *
 * @example
 * signToken({ email: 'a@example.com', purpose: 'unsubscribe' }, secret);
 * // 'v2.Qm7x2LpA.3q2-…'
 */
export function signToken(claims: TokenClaims, secret: string): string {
  assertSecret(secret);
  const payload: z.infer<typeof claimsSchema> = { e: claims.email, p: claims.purpose };
  if (claims.purpose === 'confirm') {
    if (claims.expiresAtMs !== undefined) payload.x = Math.trunc(claims.expiresAtMs);
    if (claims.nonce !== undefined) payload.n = claims.nonce;
  }
  const kid = tokenKeyId(secret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secret), iv);
  cipher.setAAD(Buffer.from(`aftershock-token.${VERSION}.${kid}`));
  const sealed = Buffer.concat([
    iv,
    cipher.update(JSON.stringify(payload), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${VERSION}.${kid}.${sealed.toString('base64url')}`;
}

/** base64url that decodes and re-encodes to itself: altered padding bits are not ignored. */
function canonicalBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function openSealed(kid: string, sealedPart: string, keys: string[]): z.infer<typeof claimsSchema> {
  const sealed = canonicalBase64url(sealedPart);
  if (sealed === null || sealed.length <= IV_BYTES + TAG_BYTES) {
    throw new InvalidTokenError('malformed');
  }
  const secret = keys.find((key) => tokenKeyId(key) === kid);
  // An unknown key id is a token from a secret we no longer (or never) had.
  if (secret === undefined) throw new InvalidTokenError('forged');
  let plain: string;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      encryptionKey(secret),
      sealed.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(`aftershock-token.${VERSION}.${kid}`));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plain = Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch (error) {
    throw new InvalidTokenError('forged', { cause: error });
  }
  try {
    return claimsSchema.parse(JSON.parse(plain));
  } catch (error) {
    throw new InvalidTokenError('malformed', { cause: error });
  }
}

/** v1 `<payload>.<hmac>` tokens (address in clear), mailed before v2; see {@link readToken}. */
function legacySignature(payloadPart: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`aftershock-token.v1.${payloadPart}`).digest();
}

function openLegacy(payloadPart: string, signaturePart: string, keys: string[]) {
  if (!BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) {
    throw new InvalidTokenError('malformed');
  }
  const given = Buffer.from(signaturePart);
  // Compared as canonical text: decoding would ignore altered padding bits of the last character.
  const signer = keys.find((secret) => {
    const expected = Buffer.from(legacySignature(payloadPart, secret).toString('base64url'));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (signer === undefined) throw new InvalidTokenError('forged');
  try {
    const payload = claimsSchema.parse(
      JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')),
    );
    return { payload, kid: tokenKeyId(signer) };
  } catch (error) {
    throw new InvalidTokenError('malformed', { cause: error });
  }
}

/**
 * Checks a token and returns what it says. v2 tokens are opened with the key their `kid`
 * names, from `keys` (the current secret, or the current and previous ones). A confirm token
 * is refused at and after its expiry; unsubscribe and preferences tokens never expire. v1 tokens (HMAC,
 * address in clear) are still honoured for unsubscribing, the one-click links in mail sent
 * before v2, and refused as `expired` for confirming (their sign-up window was 48 hours and
 * they carry no sign-up nonce). Throws {@link InvalidTokenError} with the reason otherwise.
 */
export function readToken(
  token: string,
  purpose: TokenPurpose,
  keys: string | TokenKeyRing,
  nowMs: number,
): VerifiedToken {
  const secrets = keysOf(keys);
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidTokenError('malformed');
  }
  const parts = token.split('.');
  let payload: z.infer<typeof claimsSchema>;
  let kid: string;
  let legacy = false;
  if (parts.length === 3 && parts[0] === VERSION && KID_PATTERN.test(parts[1] ?? '')) {
    kid = parts[1] ?? '';
    payload = openSealed(kid, parts[2] ?? '', secrets);
  } else if (parts.length === 2) {
    ({ payload, kid } = openLegacy(parts[0] ?? '', parts[1] ?? '', secrets));
    legacy = true;
  } else {
    throw new InvalidTokenError('malformed');
  }
  if (payload.p !== purpose) throw new InvalidTokenError('wrong-purpose');
  if (purpose === 'confirm') {
    if (legacy || payload.x === undefined || nowMs >= payload.x) {
      throw new InvalidTokenError('expired');
    }
    return {
      email: payload.e,
      purpose,
      kid,
      ...(payload.n === undefined ? {} : { nonce: payload.n }),
    };
  }
  return { email: payload.e, purpose, kid };
}

/**
 * Checks a token's authenticity, purpose and (confirm tokens) expiry at `nowMs`, and returns
 * the email it was issued for; see {@link readToken}. Throws {@link InvalidTokenError}.
 */
export function verifyToken(
  token: string,
  purpose: TokenPurpose,
  keys: string | TokenKeyRing,
  nowMs: number,
): string {
  return readToken(token, purpose, keys, nowMs).email;
}

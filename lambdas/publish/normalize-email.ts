import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import * as z from 'zod';
import { InvalidEmailError } from './publish-errors.ts';

/** Longest address a mail path allows (RFC 5321 forward-path limit). */
export const MAX_EMAIL_LENGTH = 254;

const emailSyntax = z.email();
/** Any character beyond 7-bit ASCII (U+0080 and up). */
const NON_ASCII = /\P{ASCII}/u;

/**
 * Normalises an address for storage and comparison: trimmed and lower-cased, an
 * internationalised domain converted to its ASCII (punycode) form, which is what mail
 * servers route on (`user@bücher.de` → `user@xn--bcher-kva.de`), then checked for syntax and
 * length. Line breaks anywhere are refused because the address ends up in a `To:` header.
 * A non-ASCII local part is refused with its own reason: SES cannot deliver to it.
 *
 * @example
 * normalizeEmail('  Alice@Example.COM '); // 'alice@example.com'
 */
export function normalizeEmail(input: string): string {
  if (/[\r\n]/.test(input)) {
    throw new InvalidEmailError('An email address must not contain line breaks');
  }
  const trimmed = input.trim().toLowerCase();
  if (trimmed.length === 0) throw new InvalidEmailError('The email address is empty');
  const at = trimmed.lastIndexOf('@');
  const local = at > 0 ? trimmed.slice(0, at) : trimmed;
  const unicodeDomain = at > 0 ? trimmed.slice(at + 1) : '';
  // domainToASCII answers '' for a name that is not a valid domain.
  const domain = NON_ASCII.test(unicodeDomain) ? domainToASCII(unicodeDomain) : unicodeDomain;
  if (NON_ASCII.test(local)) {
    throw new InvalidEmailError(
      'Addresses with non-Latin letters before the @ cannot receive our mail yet; use another address',
    );
  }
  const email = at > 0 ? `${local}@${domain}` : trimmed;
  if (email.length > MAX_EMAIL_LENGTH) {
    throw new InvalidEmailError(`An email address has at most ${MAX_EMAIL_LENGTH} characters`);
  }
  if (domain === '' || !emailSyntax.safeParse(email).success) {
    throw new InvalidEmailError('That is not a valid email address');
  }
  return email;
}

/** Providers that ignore dots in the local part and treat googlemail.com as gmail.com. */
const DOTLESS_DOMAINS = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

/**
 * The mailbox a normalised address delivers to, for counting mail per person: the `+tag` is
 * dropped (`target+1@…` and `target+2@…` reach one inbox) and, at Gmail, dots and the
 * googlemail.com alias too. Never used as the stored address, only as a counting key.
 *
 * @example
 * mailboxKey('j.doe+news@googlemail.com'); // 'jdoe@gmail.com'
 * mailboxKey('ann+x@example.com'); // 'ann@example.com'
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  let local = email.slice(0, at);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS.get(domain);
  if (dotless !== undefined) return `${local.replaceAll('.', '')}@${dotless}`;
  return `${local}@${domain}`;
}

/**
 * A stable, non-reversible key for counting things about an address (or any value) without
 * storing it in clear: the first 32 hex characters of SHA-256 over `kind:value`.
 *
 * @example
 * hashedKey('mailbox', 'ann@example.com'); // '5b1d…' (32 hex characters)
 */
export function hashedKey(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 32);
}

/**
 * Masks an address for logs: first letter of the local part and of the
 * domain, and the top-level domain.
 *
 * @example
 * maskEmail('alice@example.com'); // 'a***@e***.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const lastDot = domain.lastIndexOf('.');
  const topLevel = lastDot > 0 ? domain.slice(lastDot) : '';
  return `${local[0]}***@${domain[0]}***${topLevel}`;
}

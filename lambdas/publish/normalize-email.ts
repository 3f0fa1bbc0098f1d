import * as z from 'zod';
import { InvalidEmailError } from './publish-errors.ts';

/** Longest address a mail path allows (RFC 5321 forward-path limit). */
export const MAX_EMAIL_LENGTH = 254;

const emailSyntax = z.email();

/**
 * Normalises an address for storage and comparison: trimmed and lower-cased,
 * then checked for syntax and length. Line breaks anywhere are refused because
 * the address ends up in a `To:` header.
 *
 * @example
 * normalizeEmail('  Alice@Example.COM '); // 'alice@example.com'
 */
export function normalizeEmail(input: string): string {
  if (/[\r\n]/.test(input)) {
    throw new InvalidEmailError('An email address must not contain line breaks');
  }
  const email = input.trim().toLowerCase();
  if (email.length === 0) throw new InvalidEmailError('The email address is empty');
  if (email.length > MAX_EMAIL_LENGTH) {
    throw new InvalidEmailError(`An email address has at most ${MAX_EMAIL_LENGTH} characters`);
  }
  if (!emailSyntax.safeParse(email).success) {
    throw new InvalidEmailError('That is not a valid email address');
  }
  return email;
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

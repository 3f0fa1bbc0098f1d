/**
 * A deliberately tiny list of well-known throw-away mail services. It catches the
 * obvious cases only (there are thousands of such domains and new ones daily); it is
 * a courtesy against junk sign-ups, not a security control, and double opt-in remains
 * what proves an address is real.
 */
export const DISPOSABLE_DOMAINS: ReadonlySet<string> = new Set([
  '10minutemail.com',
  'discard.email',
  'dispostable.com',
  'getnada.com',
  'guerrillamail.com',
  'mailinator.com',
  'maildrop.cc',
  'sharklasers.com',
  'temp-mail.org',
  'throwawaymail.com',
  'trashmail.com',
  'yopmail.com',
]);

/**
 * True when a normalised address is at (a subdomain of) a listed throw-away domain.
 *
 * @example
 * isDisposableEmail('x@mailinator.com'); // true
 * isDisposableEmail('x@example.com'); // false
 */
export function isDisposableEmail(email: string): boolean {
  let domain = email.slice(email.lastIndexOf('@') + 1);
  while (domain.includes('.')) {
    if (DISPOSABLE_DOMAINS.has(domain)) return true;
    domain = domain.slice(domain.indexOf('.') + 1);
  }
  return false;
}

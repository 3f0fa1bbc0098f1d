import { describe, expect, it } from 'vitest';
import {
  InvalidEmailError,
  mailboxKey,
  maskEmail,
  normalizeEmail,
} from '../../../lambdas/publish/index.ts';

describe('normalizeEmail', () => {
  it('trims and lower-cases a valid address', () => {
    expect(normalizeEmail('  Alice.Smith+News@Example.COM ')).toBe('alice.smith+news@example.com');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['not-an-email', 'not a valid'],
    ['alice@', 'not a valid'],
    ['alice@example.com\r\nBcc: victim@example.org', 'line breaks'],
    ['alice@example.com\n', 'line breaks'],
  ])('refuses %j', (input, messagePart) => {
    expect(() => normalizeEmail(input)).toThrow(InvalidEmailError);
    expect(() => normalizeEmail(input)).toThrow(messagePart);
  });

  it('refuses an address longer than 254 characters and accepts one of 254', () => {
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(40)}.com`;
    const fits = `${'x'.repeat(254 - domain.length - 1)}@${domain}`;
    expect(fits).toHaveLength(254);
    expect(() => normalizeEmail(`${'x'.repeat(255 - domain.length - 1)}@${domain}`)).toThrow(
      'at most 254',
    );
    expect(() => normalizeEmail(fits), 'exactly 254 is allowed').not.toThrow();
  });
});

describe('maskEmail', () => {
  it.each([
    ['alice@example.com', 'a***@e***.com'],
    ['bob@mail.example.org', 'b***@m***.org'],
    ['x@localhost', 'x***@l***'],
    ['nonsense', '***'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});

describe('normalizeEmail with internationalised addresses (audit #17, D24)', () => {
  it('stores a unicode domain in its ASCII form, which mail is routed on', () => {
    expect(normalizeEmail('user@bücher.de')).toBe('user@xn--bcher-kva.de');
    expect(normalizeEmail('Ann@ÉXAMPLE.com')).toBe('ann@xn--xample-9ua.com');
    expect(normalizeEmail('user@xn--bcher-kva.de'), 'punycode passes as before').toBe(
      'user@xn--bcher-kva.de',
    );
  });

  it('refuses a non-ASCII local part with its own reason, and an invalid unicode domain', () => {
    expect(() => normalizeEmail('用户@example.com')).toThrow(/non-Latin letters before the @/);
    expect(() => normalizeEmail('a@bü cher.de')).toThrow('not a valid');
  });
});

describe('mailboxKey', () => {
  it.each([
    ['target+1@example.com', 'target@example.com'],
    ['target+a+b@example.com', 'target@example.com'],
    ['t.a.r.g.e.t+x@gmail.com', 'target@gmail.com'],
    ['target@googlemail.com', 'target@gmail.com'],
    ['first.last@example.com', 'first.last@example.com'],
    ['+only@example.com', '+only@example.com'],
  ])('counts %s as the mailbox %s', (email, mailbox) => {
    expect(mailboxKey(email)).toBe(mailbox);
  });
});

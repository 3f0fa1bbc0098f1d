import { describe, expect, it } from 'vitest';
import { InvalidEmailError, maskEmail, normalizeEmail } from '../../../lambdas/publish/index.ts';

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

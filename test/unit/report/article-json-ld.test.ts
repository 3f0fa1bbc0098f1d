import { describe, expect, it } from 'vitest';
import { clipHeadline, scriptSafeJson } from '../../../lambdas/report/article-json-ld.ts';

describe('clipHeadline', () => {
  it('keeps a headline that fits', () => {
    expect(clipHeadline('BTC long flush', 110)).toBe('BTC long flush');
  });

  it('cuts a long headline at a word boundary and marks the cut', () => {
    const clipped = clipHeadline('BTC 24h after the $654M long flush: back above the low', 20);
    expect(clipped).toBe('BTC 24h after the…');
    expect(clipped.length).toBeLessThanOrEqual(20);
  });
});

describe('scriptSafeJson', () => {
  it('cannot close the script element it is written into', () => {
    const text = scriptSafeJson({ headline: 'a </script><script>alert(1)</script>' });
    expect(text).not.toContain('</script>');
    expect(JSON.parse(text).headline).toBe('a </script><script>alert(1)</script>');
  });
});

import { describe, expect, it } from 'vitest';
import { articleIdentity, labelledTitle } from '../../../lambdas/report/article-identity.ts';
import { buildFixtureFlush } from './fixtures.ts';

const flush = buildFixtureFlush();
const sevenOn = (day: string) => Date.parse(`${day}T07:00:00Z`);

describe('articleIdentity', () => {
  it('gives each day its own digest id when the same flush is the latest on both days', () => {
    const first = articleIdentity({
      asset: 'BTC',
      flush,
      assessment: null,
      kind: 'digest',
      asOfMs: sevenOn('2026-03-12'),
    });
    const second = articleIdentity({
      asset: 'BTC',
      flush,
      assessment: null,
      kind: 'digest',
      asOfMs: sevenOn('2026-03-13'),
    });
    expect(first.id).toBe('2026-03-12-btc-market-update-0700-digest');
    expect(second.id).toBe('2026-03-13-btc-market-update-0700-digest');
    expect(second.path).toBe('reports/2026/03/13/2026-03-13-btc-market-update-0700-digest/');
  });

  it('dates a flash by its flush start when it is published hours later', () => {
    const id = articleIdentity({
      asset: 'BTC',
      flush,
      assessment: null,
      kind: 'flash',
      asOfMs: flush.endMs + 3 * 3_600_000,
    }).id;
    const start = new Date(flush.startMs).toISOString();
    expect(id).toBe(
      `${start.slice(0, 10)}-btc-long-flush-${start.slice(11, 13)}${start.slice(14, 16)}`,
    );
  });
});

describe('labelledTitle', () => {
  it('labels a title built from simulated data, and leaves a real one as it is', () => {
    expect(labelledTitle({ title: 'BTC long flush', simulated: true })).toBe(
      '[Simulated] BTC long flush',
    );
    expect(labelledTitle({ title: 'BTC long flush', simulated: false })).toBe('BTC long flush');
  });
});

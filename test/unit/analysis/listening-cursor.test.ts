import { describe, expect, it } from 'vitest';
import { ListeningCursor } from '../../../lambdas/analysis/listening-cursor.ts';

describe('ListeningCursor', () => {
  it('answers bar after bar, across gaps and intervals given out of order', () => {
    const cursor = new ListeningCursor([
      { fromMs: 30, toMs: 40 },
      { fromMs: 0, toMs: 12 },
    ]);
    expect(cursor.listenedDuring(0, 10), 'inside the first interval').toBe(true);
    expect(cursor.listenedDuring(10, 20), 'its last 2 ms').toBe(true);
    expect(cursor.listenedDuring(20, 30), 'the gap; intervals are half-open').toBe(false);
    expect(cursor.listenedDuring(30, 40)).toBe(true);
    expect(cursor.listenedDuring(40, 50), 'after the last interval').toBe(false);
  });

  it('says no for every bar when nothing was listened to', () => {
    expect(new ListeningCursor([]).listenedDuring(0, 10)).toBe(false);
  });
});

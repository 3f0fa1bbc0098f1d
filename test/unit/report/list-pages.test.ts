import { describe, expect, it } from 'vitest';
import {
  LIST_PAGE_SIZE,
  listPageCount,
  planListPages,
} from '../../../lambdas/report/list-pages.ts';

describe('planListPages', () => {
  it('makes only a front page, with no page links, when nothing is published', () => {
    expect(planListPages('archive/', 0)).toEqual([
      {
        folder: 'archive/',
        fromIndex: 0,
        toIndex: 0,
        countText: null,
        newer: null,
        older: null,
        pages: [],
      },
    ]);
  });

  it('shows every report on the front page and one numbered page when they fit on one', () => {
    const [front, first] = planListPages('assets/btc/', 3);
    expect(front).toMatchObject({ toIndex: 3, countText: '3 reports', older: null, pages: [] });
    expect(first).toMatchObject({ folder: 'assets/btc/page/1/', fromIndex: 0, toIndex: 3 });
    expect(first?.newer?.url).toBe('../../');
  });

  it('covers every report exactly once across the numbered pages, whatever the count', () => {
    for (const total of [1, 49, 50, 51, 99, 100, 101, 237]) {
      const numbered = planListPages('archive/', total).slice(1);
      expect(numbered).toHaveLength(listPageCount(total));
      const covered = numbered.flatMap((p) =>
        Array.from({ length: p.toIndex - p.fromIndex }, (_, i) => p.fromIndex + i),
      );
      expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
      // Only the newest numbered page may be partial: older pages are always full.
      for (const page of numbered.slice(0, -1))
        expect(page.toIndex - page.fromIndex).toBe(LIST_PAGE_SIZE);
    }
  });

  it('points the front page at the numbered page holding the newest report it leaves out', () => {
    // 120 reports: the front shows newest 1–50 (indexes 0–49); index 50 is the 71st oldest, on page 2.
    const [front, , second] = planListPages('archive/', 120);
    expect(front?.older?.url).toBe('page/2/');
    expect(second?.fromIndex).toBeLessThanOrEqual(50);
    expect(second?.toIndex).toBeGreaterThan(50);
  });

  it('marks the page being shown in the page-number row', () => {
    const third = planListPages('archive/', 120)[3];
    expect(third?.pages.map((p) => [p.name, p.current])).toEqual([
      ['1', false],
      ['2', false],
      ['3', true],
    ]);
    expect(third?.pages[0]?.url).toBe('../../page/1/');
  });
});

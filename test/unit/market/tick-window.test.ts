import { describe, expect, it } from 'vitest';
import {
  type CollectTickInput,
  scheduledTickWindow,
  tickWindow,
} from '../../../lambdas/market/collect/collect-tick.ts';
import { NO_MARKETS_CACHE } from '../../../lambdas/market/venues/markets-cache.ts';

const T0 = Date.UTC(2026, 2, 12, 10, 5, 0);

function input(venues: string[], overrides: Partial<CollectTickInput> = {}): CollectTickInput {
  return {
    venues: venues.map((id) => ({ id, ccxtOptions: {}, timeoutMs: 1000 })),
    assets: ['BTC'],
    barMinutes: 5,
    barLookbackMinutes: 15,
    liquidationWindowMs: 60_000,
    marketsCache: NO_MARKETS_CACHE,
    ...overrides,
  };
}

describe('tickWindow', () => {
  it('starts at the previous tick end and ends when listening ends', () => {
    const window = tickWindow(input(['bybit'], { windowFromMs: T0 - 5_000 }), T0);
    expect(window).toEqual({ fromMs: T0 - 5_000, toMs: T0 + 60_000 });
  });

  it('looks back one tick length when the previous tick is unknown', () => {
    const window = tickWindow(input(['bybit'], { tickMs: 300_000 }), T0);
    expect(window.fromMs).toBe(T0 - 300_000);
  });

  it('ends now when no venue listens to a websocket, so Gate reads its range at once', () => {
    expect(tickWindow(input(['gate', 'hyperliquid'], { windowFromMs: T0 - 1 }), T0)).toEqual({
      fromMs: T0 - 1,
      toMs: T0,
    });
  });
});

describe('scheduledTickWindow', () => {
  it('gives contiguous windows to consecutive scheduled ticks, however late each starts', () => {
    const first = scheduledTickWindow(T0 + 2_000, 300_000, 30_000);
    const second = scheduledTickWindow(T0 + 300_000 + 9_000, 300_000, 30_000);
    expect(first).toEqual({ fromMs: T0 + 30_000, toMs: T0 + 330_000 });
    expect(second.fromMs, 'no overlap, no hole').toBe(first.toMs);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectTick } from '../../../lambdas/market/collect/collect-tick.ts';
import type { EmulatorFault } from '../../support/exchange-emulator/emulator-types.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import { armLiquidations, emulatedTickInput, onlyVenues } from './emulated-tick.ts';
import { EMULATED_VENUES } from './emulated-venues.ts';

let emulator: ExchangeEmulator;

beforeAll(async () => {
  emulator = await startExchangeEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
  armLiquidations(emulator);
});

async function tickWithFault(venue: string, pathPart: string, fault: EmulatorFault) {
  emulator.setFault(venue, pathPart, fault);
  const input = emulatedTickInput(emulator, { liquidationWindowMs: 300 });
  // A hanging venue is given up on after its own timeout; a short one keeps the test quick.
  const venues = input.venues.map((v) => (v.id === venue ? { ...v, timeoutMs: 600 } : v));
  const snapshot = await collectTick({ ...input, venues });
  const faulty = snapshot.venues.find((v) => v.venue === venue);
  expect(faulty?.status, `${venue} ${fault}`).toBe('failed');
  expect(faulty?.error, 'names what went wrong').toMatch(/\w+/);
  expect(snapshot.venues.filter((v) => v.status === 'ok').map((v) => v.venue)).toEqual(
    EMULATED_VENUES.filter((v) => v !== venue),
  );
  expect(JSON.stringify(snapshot), 'no NaN leaks into a snapshot').not.toMatch(/NaN|null,"usd"/);
  return faulty?.error ?? '';
}

describe('fault modes', () => {
  const faults = ['http500', 'http429', 'http451', 'timeout', 'malformed'] as const;
  for (const fault of faults) {
    it(`marks only the faulty venue failed with a reason on ${fault}`, async () => {
      await tickWithFault('bybit', '/v5/market/tickers', fault);
    });
  }

  it('marks only Gate failed when its contract endpoint answers HTTP 500', async () => {
    const error = await tickWithFault('gate', '/futures/usdt/contracts/', 'http500');
    expect(error, 'one reason per asset').toMatch(/BTC: .*500.*ETH: .*SOL: /);
  });

  it('marks only Hyperliquid failed when its info endpoint rate-limits', async () => {
    const error = await tickWithFault('hyperliquid', '/info', 'http429');
    expect(error).toMatch(/^loading markets: rate limited/);
  });

  it('does not retry HTTP 451 but retries HTTP 500', async () => {
    const countOi = () =>
      emulator.requests.filter((r) => r.path === '/fapi/v1/openInterest').length;
    const input = onlyVenues(emulatedTickInput(emulator, { liquidationWindowMs: 200 }), [
      'binanceusdm',
    ]);
    emulator.setFault('binanceusdm', '/fapi/v1/openInterest', 'http451');
    const before = countOi();
    const geo = await collectTick(input);
    expect(countOi() - before, 'one request per asset, none repeated').toBe(3);
    expect(geo.venues[0]?.error).toMatch(/geo-blocked/);
    emulator.setFault('binanceusdm', '/fapi/v1/openInterest', 'http500');
    const beforeRetry = countOi();
    await collectTick(input);
    expect(countOi() - beforeRetry, 'three attempts per asset').toBe(9);
  });

  it('names the method and asks nothing of the venue when it does not support a read', async () => {
    const countOi = () =>
      emulator.requests.filter((r) => r.path === '/fapi/v1/openInterest').length;
    const input = emulatedTickInput(emulator, { liquidationWindowMs: 300 });
    // A venue without open interest in ccxt, as an operator's ccxtOptions can also declare it.
    const venues = input.venues.map((v) =>
      v.id === 'binanceusdm'
        ? { ...v, ccxtOptions: { ...v.ccxtOptions, has: { fetchOpenInterest: false } } }
        : v,
    );
    const before = countOi();
    const snapshot = await collectTick({ ...input, venues });
    const binance = snapshot.venues.find((v) => v.venue === 'binanceusdm');
    expect(binance?.status).toBe('failed');
    expect(binance?.error).toMatch(
      /BTC: not supported by the venue: binanceusdm does not support fetchOpenInterest/,
    );
    expect(countOi() - before, 'checked before calling, never retried').toBe(0);
    expect(snapshot.venues.filter((v) => v.status === 'ok')).toHaveLength(
      EMULATED_VENUES.length - 1,
    );
  });
});

import type {
  AnswerEdit,
  ExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';

/** A Binance kline row as the emulator writes it: `[openTime, open, high, low, close, volume, …]`. */
type KlineRow = Array<string | number>;

/** Edits only the answers about `symbol` (Binance market id, e.g. `BTCUSDT`). */
function forSymbol(symbol: string, edit: AnswerEdit): AnswerEdit {
  return (answer, request) =>
    request.query.get('symbol') === symbol ? edit(answer, request) : answer;
}

const BAR_MS = 300_000;

/** Edits every kline row of the answer. */
function editRows(edit: (rows: KlineRow[]) => KlineRow[]): AnswerEdit {
  return (answer) => (Array.isArray(answer) ? edit(answer as KlineRow[]) : answer);
}

/**
 * Edits the row of the last closed bar, the one before the bar still forming: the collector keeps
 * it, and the bar before it, so the series has a bar to compare it with.
 */
function editLastClosedRow(edit: (row: KlineRow) => KlineRow): AnswerEdit {
  return (answer, request) => {
    if (!Array.isArray(answer)) return answer;
    const lastClosedMs = Math.floor(request.nowMs / BAR_MS) * BAR_MS - BAR_MS;
    return (answer as KlineRow[]).map((row) => (row[0] === lastClosedMs ? edit(row) : row));
  };
}

/** One absurd-but-finite Binance BTC reading of the reliability audit (#26). */
export type HostileReading =
  | 'oi 10¹² BTC'
  | 'funding 500 %/8h'
  | 'bar high 10¹²'
  | 'high below low'
  | 'close 10⁻⁹'
  | 'duplicate kline rows';

const EDITS: Record<HostileReading, [path: string, edit: AnswerEdit]> = {
  'oi 10¹² BTC': [
    '/fapi/v1/openInterest',
    (a) => ({ ...(a as object), openInterest: '1000000000000' }),
  ],
  'funding 500 %/8h': [
    '/fapi/v1/premiumIndex',
    (a) => ({ ...(a as object), lastFundingRate: '5' }),
  ],
  'bar high 10¹²': [
    '/fapi/v1/klines',
    editLastClosedRow((r) => [r[0] ?? 0, r[1] ?? 0, '1000000000000', ...r.slice(3)]),
  ],
  'high below low': [
    '/fapi/v1/klines',
    editLastClosedRow((r) => [r[0] ?? 0, r[1] ?? 0, r[3] ?? 0, r[2] ?? 0, ...r.slice(4)]),
  ],
  'close 10⁻⁹': [
    '/fapi/v1/klines',
    editLastClosedRow((r) => [...r.slice(0, 4), '0.000000001', ...r.slice(5)]),
  ],
  'duplicate kline rows': ['/fapi/v1/klines', editRows((rows) => [...rows, ...rows])],
};

/** Serves the given absurd readings for Binance's BTC perp; every other answer stays as documented. */
export function serveHostileBinanceBtc(
  emulator: ExchangeEmulator,
  readings: readonly HostileReading[],
): void {
  for (const reading of readings) {
    const [path, edit] = EDITS[reading];
    emulator.setAnswerEdit('binanceusdm', path, forSymbol('BTCUSDT', edit));
  }
}

/** A Binance BTC liquidation of 10³⁰⁰ BTC at $60,000, stamped now (the audit's 10³⁰⁰ websocket event). */
export function absurdLiquidation() {
  return {
    asset: 'BTC',
    positionSide: 'long' as const,
    sizeBase: 1e300,
    price: 60_000,
    timeMs: Date.now(),
  };
}

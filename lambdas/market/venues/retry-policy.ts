import { BadSymbol, NetworkError, NotSupported, OperationFailed } from './ccxt-errors.ts';

/** Retry settings of {@link withRetry}. */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
}

/** Defaults: three attempts, 200 ms then 400 ms apart (a tick has minutes, a venue seconds). */
export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 200 };

/**
 * True for an HTTP 451 answer. ccxt maps 451 to `ExchangeNotAvailable`, a
 * `NetworkError`, so the status has to be read from the message it builds
 * (`<id> GET <url> 451 <reason> <body>`).
 */
export function isGeoBlocked(error: unknown): boolean {
  return error instanceof Error && /\s451\s|restricted location/i.test(error.message);
}

/**
 * Whether a failed call is worth repeating: network trouble, rate limits, timeouts
 * and 5xx (all `NetworkError`s in ccxt) are, as is a venue's "unknown error" (a plain
 * `OperationFailed`, e.g. Binance -1000); geo-blocking, bad symbols and unsupported
 * methods never are, nor is anything else (bad payloads do not heal).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof BadSymbol || error instanceof NotSupported) return false;
  if (isGeoBlocked(error)) return false;
  return (
    error instanceof NetworkError ||
    (error instanceof Error && error.constructor === OperationFailed)
  );
}

/**
 * Runs `call`, repeating it with exponential backoff while {@link isRetryable} says so.
 * @example await withRetry(() => ex.fetchOpenInterest('BTC/USDT:USDT'))
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= options.attempts || !isRetryable(error)) throw error;
      const delayMs = options.baseDelayMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

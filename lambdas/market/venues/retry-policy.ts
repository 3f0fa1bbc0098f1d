import { retryWithBackoff } from '../../shared/retry.ts';
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
 * Runs `call`, repeating it with exponential backoff while {@link isRetryable} says so:
 * the one retry helper, without jitter (one collector asks each venue once per tick, so
 * there is no herd to spread out).
 * @example await withRetry(() => ex.fetchOpenInterest('BTC/USDT:USDT'))
 */
export function withRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  return retryWithBackoff(call, {
    policy: {
      maxAttempts: options.attempts,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.baseDelayMs * 2 ** Math.max(0, options.attempts - 2),
    },
    isRetryable: (error) => isRetryable(error),
    random: () => 1,
  });
}

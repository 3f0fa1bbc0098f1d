import {
  BadSymbol,
  NotSupported,
  RateLimitExceeded,
  RequestTimeout,
} from '../venues/ccxt-errors.ts';
import { isGeoBlocked } from '../venues/retry-policy.ts';

const MAX_REASON_CHARS = 300;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|fetch failed/i;

/** True when an error means the venue could not be reached at all (no network, DNS, refused). */
export function isUnreachable(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const text = `${error instanceof Error ? error.message : String(error)} ${cause instanceof Error ? cause.message : ''}`;
  return UNREACHABLE.test(text);
}

/**
 * One line saying why a venue call failed, for the snapshot's `error` field and logs:
 * the kind first (geo-blocked, rate limited, timed out, unreachable…), then ccxt's
 * message, cut to a readable length.
 */
export function describeVenueError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s+/g, ' ')
    .trim();
  const kind = isGeoBlocked(error)
    ? 'geo-blocked (HTTP 451), not retried'
    : error instanceof RateLimitExceeded
      ? 'rate limited'
      : error instanceof RequestTimeout
        ? 'timed out'
        : error instanceof BadSymbol
          ? 'unknown symbol'
          : error instanceof NotSupported
            ? 'not supported by the venue'
            : isUnreachable(error)
              ? 'unreachable (no network or host refused)'
              : error instanceof Error
                ? error.name
                : 'error';
  const reason = `${kind}: ${message}`;
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
}

import type { FunctionUrlEvent, FunctionUrlResult } from './function-url-event.ts';
import { headerOf } from './function-url-event.ts';

/** How long browsers may cache a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The origin (scheme://host[:port]) of the site URL: the only origin whose scripts
 * may call the subscription endpoints.
 *
 * @example
 * siteOrigin('https://blog.example.com/reports/'); // 'https://blog.example.com'
 */
export function siteOrigin(siteBaseUrl: string): string {
  return new URL(siteBaseUrl).origin;
}

/** CORS headers for a request from `allowedOrigin`; none for other origins (the browser blocks). */
export function corsHeaders(
  event: FunctionUrlEvent,
  allowedOrigin: string,
): Record<string, string> {
  const origin = headerOf(event, 'origin');
  // Vary always: a cache must not hand one origin's answer to another.
  if (origin !== allowedOrigin) return { vary: 'Origin' };
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/**
 * Answers a CORS preflight (`OPTIONS`): 204 with the allowed methods and headers for
 * the site's origin, 403 for any other origin.
 */
export function preflightResponse(
  event: FunctionUrlEvent,
  allowedOrigin: string,
  methods: readonly string[],
): FunctionUrlResult {
  const headers = corsHeaders(event, allowedOrigin);
  if (headers['access-control-allow-origin'] === undefined) {
    return {
      statusCode: 403,
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'Origin not allowed\n',
    };
  }
  return {
    statusCode: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': [...methods, 'OPTIONS'].join(', '),
      'access-control-allow-headers': 'content-type, accept',
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    },
    body: '',
  };
}

import { timingSafeEqual } from 'node:crypto';
import type { FunctionUrlEvent, FunctionUrlResult } from './function-url-event.ts';
import { headerOf } from './function-url-event.ts';
import { textResponse } from './responses.ts';
import type { SecretRing, SecretRingSource } from './secret-ring.ts';

/**
 * The header CloudFront adds to every request it forwards to the public functions (an origin
 * custom header; lib/constructs/site-construct.ts). Function URLs are reachable directly on
 * the internet; without this header a request did not come through CloudFront.
 */
export const ORIGIN_SECRET_HEADER = 'x-aftershock-origin';

/** Decides whether a request came through CloudFront. */
export type OriginGuard = (event: FunctionUrlEvent) => Promise<boolean>;

/** Lets every request through: the local preview, where there is no CloudFront. */
export const anyOrigin: OriginGuard = async () => true;

function matches(given: string, ring: SecretRing): boolean {
  const candidate = Buffer.from(given);
  return [ring.current, ring.previous].some((secret) => {
    if (secret === undefined) return false;
    const expected = Buffer.from(secret);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}

/**
 * Accepts a request only when it carries {@link ORIGIN_SECRET_HEADER} with the current or the
 * previous origin secret (compared in constant time). An unknown value makes the ring be read
 * again once (rate-limited by the source), so a redeploy that rotated the value is picked up.
 */
export function originSecretGuard(source: SecretRingSource): OriginGuard {
  return async (event) => {
    const given = headerOf(event, ORIGIN_SECRET_HEADER);
    if (given === undefined || given === '') return false;
    if (matches(given, await source.get())) return true;
    return matches(given, await source.refresh());
  };
}

/** 403 for a request that did not come through CloudFront, or was posted by another site's page. */
export function refusedOrigin(): FunctionUrlResult {
  return textResponse(403, 'Use the links and the form on the site');
}

import { isIP } from 'node:net';
import type { FunctionUrlEvent } from './function-url-event.ts';
import { headerOf } from './function-url-event.ts';

/**
 * `CloudFront-Viewer-Address` is `ip:port` (`198.51.100.10:46532`, `2001:db8::1:46532`):
 * the address is everything before the last colon.
 */
function viewerAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cut = value.lastIndexOf(':');
  const ip = (cut > 0 ? value.slice(0, cut) : value).replace(/^\[|\]$/g, '');
  return isIP(ip) === 0 ? undefined : ip;
}

/**
 * The client's IP as a function URL behind CloudFront sees it: `CloudFront-Viewer-Address`,
 * which CloudFront sets from the connection (a client cannot forge it; the stack's origin
 * request policy forwards it). `X-Forwarded-For` is not used: a function URL keeps only its
 * leftmost entry, which is whatever the client sent. Without the header (the local preview)
 * it is the connection's source; behind CloudFront that would be the edge's address, which
 * only ever makes the limit stricter.
 *
 * @example
 * clientIpOf({ headers: { 'cloudfront-viewer-address': '203.0.113.9:5000' }, … }); // '203.0.113.9'
 */
export function clientIpOf(event: FunctionUrlEvent): string | undefined {
  return (
    viewerAddress(headerOf(event, 'cloudfront-viewer-address')) ??
    event.requestContext.http.sourceIp
  );
}

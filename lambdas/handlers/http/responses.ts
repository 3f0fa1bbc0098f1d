import type { FunctionUrlResult } from './function-url-event.ts';

/** Headers every answer carries: never cached (answers depend on tokens), never sniffed. */
const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** A JSON answer. */
export function jsonResponse(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): FunctionUrlResult {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** An HTML page; framing is refused so the unsubscribe button cannot be clickjacked. */
export function htmlResponse(
  statusCode: number,
  html: string,
  headers: Record<string, string> = {},
): FunctionUrlResult {
  return {
    statusCode,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'x-frame-options': 'DENY',
      'content-security-policy': "frame-ancestors 'none'",
      ...headers,
    },
    body: html,
  };
}

/** A short plain-text answer (one-click unsubscribe clients ignore the body). */
export function textResponse(statusCode: number, text: string): FunctionUrlResult {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    body: `${text}\n`,
  };
}

/** 405 with the `Allow` header listing what the endpoint accepts (plus any extra headers). */
export function methodNotAllowed(
  allowed: readonly string[],
  headers: Record<string, string> = {},
): FunctionUrlResult {
  const answer = textResponse(405, `Method not allowed; use ${allowed.join(' or ')}`);
  return { ...answer, headers: { ...answer.headers, allow: allowed.join(', '), ...headers } };
}

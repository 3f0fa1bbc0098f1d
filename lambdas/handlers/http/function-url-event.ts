/**
 * The parts of a Lambda function URL request (payload format 2.0) the handlers read.
 * Declared here because `@types/aws-lambda` is not a dependency.
 */
export interface FunctionUrlEvent {
  rawPath: string;
  rawQueryString: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: { http: { method: string; sourceIp?: string } };
}

/** A function URL response (payload format 2.0). */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A request header by case-insensitive name (function URLs lower-case them; tests may not).
 *
 * @example
 * headerOf({ headers: { 'Content-Type': 'text/html' } }, 'content-type'); // 'text/html'
 */
export function headerOf(
  event: Pick<FunctionUrlEvent, 'headers'>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * One query-string parameter (the first, decoded), or undefined.
 *
 * @example
 * queryParam({ rawQueryString: 'token=a.b&x=1' }, 'token'); // 'a.b'
 */
export function queryParam(
  event: Pick<FunctionUrlEvent, 'rawQueryString'>,
  name: string,
): string | undefined {
  return new URLSearchParams(event.rawQueryString).get(name) ?? undefined;
}

/** The HTTP method, upper case. */
export function methodOf(event: FunctionUrlEvent): string {
  return event.requestContext.http.method.toUpperCase();
}

/** True when the client prefers HTML (a browser form post) over JSON (a script). */
export function wantsHtml(event: Pick<FunctionUrlEvent, 'headers'>): boolean {
  const accept = headerOf(event, 'accept') ?? '';
  return accept.includes('text/html') && !accept.startsWith('application/json');
}

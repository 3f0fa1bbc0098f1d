import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * s3rver 3.7 ignores `If-Match` and `If-None-Match` on PutObject (it honours them only on GET),
 * so a conditional write against it always succeeds. This is a real HTTP proxy in front of
 * s3rver that adds what S3 does: for a PUT carrying either header it reads the object's ETag
 * from s3rver (HEAD) and answers `412 PreconditionFailed` (S3's XML error) when the condition
 * does not hold, or `404 NoSuchKey` for `If-Match` on a missing key, as S3 does. Every request
 * on one key is serialised inside the proxy: the check and the write are then atomic, as in S3,
 * and a GET never sees the half-written file s3rver exposes while a PUT streams to disk (S3
 * replaces objects atomically). Every other request, and every passing PUT, goes to s3rver
 * byte for byte (signatures stay valid: the Host header is kept).
 */
export interface S3ConditionalProxy {
  endpoint: string;
  /** Conditional PUTs seen, and how many were refused with 412. */
  stats: { conditionalPuts: number; preconditionFailed: number };
  stop(): Promise<void>;
}

interface Upstream {
  hostname: string;
  port: number;
}

function forward(
  upstream: Upstream,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname: upstream.hostname, port: upstream.port, method, path, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({
            status: answer.statusCode ?? 502,
            headers: answer.headers,
            body: Buffer.concat(chunks),
          }),
        );
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function s3Error(code: 'PreconditionFailed' | 'NoSuchKey', condition: string) {
  const message =
    code === 'PreconditionFailed'
      ? 'At least one of the pre-conditions you specified did not hold'
      : 'The specified key does not exist.';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Condition>${condition}</Condition><RequestId>${randomUUID()}</RequestId></Error>`;
  return {
    status: code === 'PreconditionFailed' ? 412 : 404,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(xml),
  };
}

/** Strips `W/` and whitespace so `"abc"` and `W/"abc"` compare equal, as S3 does for If-Match. */
function normalEtag(value: string): string {
  return value.trim().replace(/^W\//, '');
}

/** Why the condition failed, or null when the PUT may go ahead. */
async function refusal(
  upstream: Upstream,
  path: string,
  headers: IncomingHttpHeaders,
): Promise<ReturnType<typeof s3Error> | null> {
  // HEAD without the request's signature: s3rver serves unsigned requests.
  const head = await forward(upstream, 'HEAD', path, { host: headers.host }, Buffer.alloc(0));
  const exists = head.status === 200;
  const etag = typeof head.headers.etag === 'string' ? normalEtag(head.headers.etag) : null;
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() === '*' && exists) {
    return s3Error('PreconditionFailed', 'If-None-Match');
  }
  if (typeof ifMatch === 'string') {
    if (!exists) return s3Error('NoSuchKey', 'If-Match');
    if (normalEtag(ifMatch) !== etag) return s3Error('PreconditionFailed', 'If-Match');
  }
  return null;
}

/** Starts the proxy on a free loopback port in front of `upstreamEndpoint` (s3rver). */
export async function startS3ConditionalProxy(
  upstreamEndpoint: string,
): Promise<S3ConditionalProxy> {
  const url = new URL(upstreamEndpoint);
  const upstream = { hostname: url.hostname, port: Number(url.port) };
  const stats = { conditionalPuts: 0, preconditionFailed: 0 };
  // One chain per key: requests on one key are answered one after another.
  const keyChains = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier request on the same key has been answered. */
  async function inKeyOrder<T>(path: string, task: () => Promise<T>): Promise<T> {
    const key = path.split('?')[0] ?? path;
    const previous = keyChains.get(key) ?? Promise.resolve();
    const turn = previous.then(task);
    const settled = turn.catch(() => undefined);
    keyChains.set(key, settled);
    try {
      return await turn;
    } finally {
      if (keyChains.get(key) === settled) keyChains.delete(key);
    }
  }

  async function conditionalPut(req: IncomingMessage, path: string, body: Buffer) {
    stats.conditionalPuts += 1;
    const refused = await refusal(upstream, path, req.headers);
    if (refused !== null) {
      stats.preconditionFailed += refused.status === 412 ? 1 : 0;
      return refused;
    }
    return forward(upstream, 'PUT', path, req.headers, body);
  }

  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    readBody(req)
      .then((body) => {
        const conditional =
          method === 'PUT' &&
          req.headers['x-amz-copy-source'] === undefined &&
          (req.headers['if-match'] !== undefined || req.headers['if-none-match'] !== undefined);
        return inKeyOrder(path, () =>
          conditional
            ? conditionalPut(req, path, body)
            : forward(upstream, method, path, req.headers, body),
        );
      })
      .then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })
      .catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error instanceof Error ? error.message : String(error)}`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

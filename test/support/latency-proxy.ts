import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy that holds every request `delayMs` before passing it on byte for byte,
 * standing in for a mail service that is tens of milliseconds away (the reliability audit put
 * 40–65 ms in front of aws-ses-v2-local the same way). Counts what it forwarded.
 */
export async function startLatencyProxy(upstreamEndpoint: string, delayMs: number) {
  const upstream = new URL(upstreamEndpoint);
  const stats = { forwarded: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        stats.forwarded += 1;
        const outgoing = request(
          {
            hostname: upstream.hostname,
            port: Number(upstream.port),
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        outgoing.on('error', (error) => res.writeHead(502).end(error.message));
        outgoing.end(Buffer.concat(chunks));
      }, delayMs);
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

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { UsageError } from '../../lambdas/errors.ts';
import { cacheControlFor, contentTypeFor } from '../../lambdas/publish/index.ts';
import { errorText } from '../../lambdas/shared/error-text.ts';
import { type Command, loadCommandConfig, parseCommandArgs } from '../cli-support.ts';
import { createLocalSubscriptionApi } from '../local-subscription-api.ts';

/** Options of {@link startPreviewServer}. */
export interface PreviewOptions {
  siteDir: string;
  port: number;
  host?: string;
  /**
   * Builds the listener for dynamic routes (the local subscription API) once the server's
   * URL is known; it answers a request and returns true, or returns false to fall through.
   */
  createApi?: (url: string) => Promise<ApiListener>;
}

/** A request listener for dynamic routes; false means "not mine". */
export type ApiListener = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Serves a built site folder over HTTP on localhost, as CloudFront would:
 * `/dir/` → `/dir/index.html`, unknown paths → `404.html` with status 404.
 */
export async function startPreviewServer(
  options: PreviewOptions,
): Promise<{ server: Server; url: string }> {
  const root = path.resolve(options.siteDir);
  let api: ApiListener | null = null;
  const server = createServer((req, res) => {
    if (api) {
      const handled = api(req, res);
      handled
        .then((done) => {
          if (!done) serveStatic(root, req, res);
        })
        .catch((error: unknown) => {
          process.stderr.write(`preview: ${errorText(error)}\n`);
          if (!res.headersSent) res.writeHead(500).end('Internal error');
        });
      return;
    }
    serveStatic(root, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host}:${port}/`;
  if (options.createApi) api = await options.createApi(url);
  return { server, url };
}

/** The request's path, percent-decoded; null for a malformed escape such as `/%` or `/%E0%A4%A`. */
function decodedPath(req: IncomingMessage): string | null {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch (error) {
    if (error instanceof URIError) return null;
    throw error;
  }
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const urlPath = decodedPath(req);
  // A malformed escape is the client's error (audit #23 got a 500 for it).
  if (urlPath === null) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request path');
    return;
  }
  resolveFile(root, urlPath)
    .then(async (file) => {
      const target = file ?? path.join(root, '404.html');
      const found = file !== null || (await isFile(target));
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      sendFile(res, path.relative(root, target), target, {
        status: file ? 200 : 404,
        acceptsGzip: /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')),
      });
    })
    .catch(() => res.writeHead(500).end('Internal error'));
}

/** Sends a file with the headers CloudFront would: the store's cache policy, gzip for text. */
function sendFile(
  res: ServerResponse,
  key: string,
  file: string,
  options: { status: number; acceptsGzip: boolean },
): void {
  const contentType = contentTypeFor(key);
  const gzip =
    options.acceptsGzip && /^(text\/|application\/(json|xml|rss|atom|feed))/.test(contentType);
  res.writeHead(options.status, {
    'content-type': contentType,
    'cache-control': options.status === 200 ? cacheControlFor(key) : 'no-cache',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  });
  const body = createReadStream(file);
  (gzip ? body.pipe(createGzip()) : body).pipe(res);
}

async function resolveFile(root: string, urlPath: string): Promise<string | null> {
  const candidate = path.join(root, urlPath);
  // A path that climbs out of the site folder is never served.
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  if (await isFile(candidate)) return candidate;
  const index = path.join(candidate, 'index.html');
  return (await isFile(index)) ? index : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const HELP = `Usage: aftershock preview [options]

Serves the locally built site (<out>/site) on http://127.0.0.1:PORT/ until Ctrl-C,
with the subscribe/confirm/unsubscribe endpoints under /api/ wired to the local
subscriber list (<out>/subscribers.json) and outbox (<out>/outbox/).

Options:
  --out DIR     output folder that "generate" wrote (default: out)
  --config FILE settings file (default: aftershock.config.json if present)
  --port N      port to listen on (default: 8080; 0 picks a free one)
  -h, --help    show this help
`;

/** `aftershock preview`: serve `<out>/site` on localhost. */
export const previewCommand: Command = {
  name: 'preview',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs('preview', args, {
      out: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const port = Number(values.port ?? '8080');
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}".`);
    }
    const config = loadCommandConfig(io, values.config);
    const outDir = path.resolve(io.cwd, values.out ?? config.local.outDir);
    const siteDir = path.join(outDir, 'site');
    if (!(await isFile(path.join(siteDir, 'index.html')))) {
      throw new UsageError(
        `No site in ${siteDir}. Run "npm start" (or "aftershock generate") first.`,
      );
    }
    const { server, url } = await startPreviewServer({
      siteDir,
      port,
      createApi: (siteBaseUrl) => createLocalSubscriptionApi({ config, outDir, siteBaseUrl }),
    });
    io.out(`Serving ${siteDir} at ${url} (Ctrl-C to stop)`);
    io.out(
      `Subscribe, confirm and unsubscribe work locally: mail lands in ${path.join(outDir, 'outbox')}`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

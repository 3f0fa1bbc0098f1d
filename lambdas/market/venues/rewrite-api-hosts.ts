/** A tree of URLs as in ccxt's `exchange.urls.api` (strings, or nested objects of them). */
export type UrlTree = string | { [key: string]: UrlTree };

const ORIGIN = /^(https?|wss?):\/\/[^/]+/;

/**
 * Replaces the scheme and host of every URL in `api` with `baseUrl`, keeping each path,
 * so ccxt talks to a proxy, a regional host or a local emulator while its request
 * building, parsing and error mapping stay real. Websocket URLs get `ws(s)://`.
 * A `baseUrl` path (e.g. `/okx`) is prefixed to every path.
 * @example
 * rewriteApiHosts({ rest: 'https://www.okx.com' }, 'http://127.0.0.1:9/okx') // { rest: 'http://127.0.0.1:9/okx' }
 */
export function rewriteApiHosts(api: UrlTree, baseUrl: string): UrlTree {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const rewrite = (url: string): string => {
    const match = ORIGIN.exec(url);
    if (match === null) return url;
    const secure = base.protocol === 'https:';
    const isSocket = match[1]?.startsWith('ws') ?? false;
    const scheme = isSocket ? (secure ? 'wss' : 'ws') : secure ? 'https' : 'http';
    return `${scheme}://${base.host}${prefix}${url.slice(match[0].length)}`;
  };
  const walk = (node: UrlTree): UrlTree => {
    if (typeof node === 'string') return rewrite(node);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(api);
}

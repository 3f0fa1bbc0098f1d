import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { binanceEmulation } from './binance-emulation.ts';
import { bybitEmulation } from './bybit-emulation.ts';
import type {
  EmulatedLiquidation,
  EmulatorFault,
  EmulatorRequest,
  RouteRequest,
  VenueEmulation,
} from './emulator-types.ts';
import { gateEmulation } from './gate-emulation.ts';
import { hyperliquidEmulation } from './hyperliquid-emulation.ts';
import { EMULATED_ASSETS, EMULATED_LONG_TAIL, generatedCoins } from './market-fixtures.ts';
import { okxEmulation } from './okx-emulation.ts';

const VENUES: Record<string, VenueEmulation> = {
  binanceusdm: binanceEmulation,
  bybit: bybitEmulation,
  okx: okxEmulation,
  gate: gateEmulation,
  hyperliquid: hyperliquidEmulation,
};

/** Venue ids the emulator serves. */
export const EMULATED_VENUE_IDS: readonly string[] = Object.keys(VENUES);

/** A running emulator and the knobs tests turn. */
export interface ExchangeEmulator {
  /** Base URL to give a venue as `apiBaseUrl`, e.g. `http://127.0.0.1:PORT/okx`. */
  urlFor(venue: string): string;
  requests: EmulatorRequest[];
  /**
   * Injects `fault` into every request of `venue` whose path and query (`/path?a=1`) contain
   * `pathPart` ('' = all).
   */
  setFault(venue: string, pathPart: string, fault: EmulatorFault): void;
  /**
   * Rewrites the documented answer of every request of `venue` whose path and query contain `pathPart`
   * before it is sent, e.g. to serve a well-formed but absurd open interest.
   */
  setAnswerEdit(venue: string, pathPart: string, edit: AnswerEdit): void;
  /** Clears the faults and the answer edits. */
  clearFaults(): void;
  /** Liquidations sent (as one burst) to every socket of `venue` subscribed to their symbol. */
  emitLiquidations(venue: string, events: EmulatedLiquidation[]): number;
  /** Liquidations sent automatically right after each subscription (a burst ccxt must not undercount). */
  setSubscribeBurst(venue: string, events: () => EmulatedLiquidation[]): void;
  /** Liquidations a venue's REST history (Gate `liq_orders`) lists, replacing earlier ones. */
  setRecordedLiquidations(venue: string, events: EmulatedLiquidation[]): void;
  /** Terminates every websocket of `venue` (a drop mid-window, close code 1006). */
  dropSockets(venue: string): number;
  /** Subscriptions of `venue` made so far. */
  subscribedCount(venue: string): number;
  /** Resolves once `count` subscriptions of `venue` have been made in total. */
  subscribed(venue: string, count: number): Promise<void>;
  stop(): Promise<void>;
}

/** Turns a venue's documented answer into the one a test wants served. */
export type AnswerEdit = (answer: unknown, request: RouteRequest) => unknown;

interface SocketState {
  venue: string;
  topics: Set<string>;
  socket: WebSocket;
}

function splitVenue(url: string): { venue: string; path: string; query: URLSearchParams } {
  const parsed = new URL(url, 'http://emulator');
  const [, venue = '', ...rest] = parsed.pathname.split('/');
  return { venue, path: `/${rest.join('/')}`, query: parsed.searchParams };
}

const FAULT_STATUS: Record<Exclude<EmulatorFault, 'timeout' | 'malformed'>, [number, string]> = {
  http500: [500, '<html><body>500 Internal Server Error</body></html>'],
  http429: [429, '{"code":-1003,"msg":"Too many requests."}'],
  http451: [
    451,
    '{"code":0,"msg":"Service unavailable from a restricted location according to \'b. Eligibility\'."}',
  ],
};

/** Options of {@link startExchangeEmulator}. */
export interface EmulatorOptions {
  /** List the long tail ({@link EMULATED_LONG_TAIL}) too, as the whole market's feeds need. */
  market?: boolean;
  /** With `market`, this many generated coins more ({@link generatedCoins}), for benchmarks. */
  extraCoins?: number;
}

/** Starts the emulator on a free port of 127.0.0.1. */
export async function startExchangeEmulator(
  options: EmulatorOptions = {},
): Promise<ExchangeEmulator> {
  const wholeMarket = options.market === true;
  const listed = wholeMarket
    ? [...EMULATED_ASSETS, ...EMULATED_LONG_TAIL, ...generatedCoins(options.extraCoins ?? 0)]
    : EMULATED_ASSETS;
  const requests: EmulatorRequest[] = [];
  const faults: { venue: string; pathPart: string; fault: EmulatorFault }[] = [];
  const edits: { venue: string; pathPart: string; edit: AnswerEdit }[] = [];
  const sockets = new Set<SocketState>();
  const hanging = new Set<ServerResponse>();
  const bursts = new Map<string, () => EmulatedLiquidation[]>();
  const recorded = new Map<string, EmulatedLiquidation[]>();
  const subscriptionCounts = new Map<string, number>();
  const waiters: { venue: string; count: number; resolve(): void }[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const { venue, path, query } = splitVenue(req.url ?? '/');
    requests.push({ venue, path, query: query.toString() });
    // Matched against the query too, so a test can fault a bulk read (`instType=SWAP`) alone.
    const target = `${path}?${query.toString()}`;
    const fault = faults.find((f) => f.venue === venue && target.includes(f.pathPart))?.fault;
    if (fault === 'timeout') return void hanging.add(res);
    if (fault === 'malformed')
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"symbol": "BTCUSDT", "openInt');
    if (fault !== undefined) {
      const [status, text] = FAULT_STATUS[fault];
      return void res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    }
    const liquidations = recorded.get(venue) ?? [];
    const request: RouteRequest = {
      path,
      query,
      body,
      nowMs: Date.now(),
      liquidations,
      listed,
      wholeMarket,
    };
    let answer = VENUES[venue]?.route(request);
    if (answer === undefined) return void res.writeHead(404).end(`{"msg":"no route ${path}"}`);
    for (const e of edits)
      if (e.venue === venue && target.includes(e.pathPart)) answer = e.edit(answer, request);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => handle(req, res, body));
  });
  const connections = new Set<Socket>();
  server.on('connection', (c) => {
    connections.add(c);
    c.on('close', () => connections.delete(c));
  });

  const emitTo = (
    state: SocketState,
    events: EmulatedLiquidation[],
    topics = state.topics,
  ): number => {
    const messages = VENUES[state.venue]?.liquidationMessages(events, topics) ?? [];
    for (const m of messages) state.socket.send(m);
    return messages.length;
  };
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    const state: SocketState = {
      venue: splitVenue(req.url ?? '/').venue,
      topics: new Set(),
      socket,
    };
    sockets.add(state);
    socket.on('close', () => sockets.delete(state));
    socket.on('message', (data) => {
      const emulation = VENUES[state.venue];
      if (emulation === undefined) return;
      const { replies, topics } = emulation.onSocketMessage(data.toString());
      for (const r of replies) socket.send(r);
      for (const t of topics) state.topics.add(t);
      if (topics.length === 0) return;
      const total = (subscriptionCounts.get(state.venue) ?? 0) + 1;
      subscriptionCounts.set(state.venue, total);
      const burst = bursts.get(state.venue);
      // Only the topics just subscribed: a resubscription after a drop gets its own burst.
      if (burst) setTimeout(() => emitTo(state, burst(), new Set(topics)), 20);
      for (const w of waiters.filter((x) => x.venue === state.venue && total >= x.count))
        w.resolve();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (venue) => `http://127.0.0.1:${port}/${venue}`,
    requests,
    setFault: (venue, pathPart, fault) => void faults.unshift({ venue, pathPart, fault }),
    setAnswerEdit: (venue, pathPart, edit) => void edits.push({ venue, pathPart, edit }),
    clearFaults: () => {
      faults.splice(0);
      edits.splice(0);
    },
    emitLiquidations: (venue, events) =>
      [...sockets].filter((s) => s.venue === venue).reduce((n, s) => n + emitTo(s, events), 0),
    setSubscribeBurst: (venue, events) => void bursts.set(venue, events),
    setRecordedLiquidations: (venue, events) => void recorded.set(venue, events),
    dropSockets(venue) {
      const victims = [...sockets].filter((s) => s.venue === venue);
      for (const s of victims) s.socket.terminate();
      return victims.length;
    },
    subscribedCount: (venue) => subscriptionCounts.get(venue) ?? 0,
    subscribed: (venue, count) =>
      new Promise<void>((resolve) => {
        if ((subscriptionCounts.get(venue) ?? 0) >= count) resolve();
        else waiters.push({ venue, count, resolve });
      }),
    async stop() {
      for (const res of hanging) res.destroy();
      for (const s of sockets) s.socket.terminate();
      wss.close();
      for (const c of connections) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

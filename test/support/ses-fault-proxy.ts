import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one `SendRawEmail` call:
 * - `pass`: forwards it to SES and relays the answer;
 * - `throttle`, `reject`, `account`, `invalid`: answers 400 `Throttling`, `MessageRejected`,
 *   `AccountSendingPausedException` or `InvalidParameterValue` without forwarding;
 * - `hang`: never forwards nor answers (the client's timeout or abort ends it);
 * - `lost-answer`: forwards, SES accepts, the client gets `500 InternalFailure`;
 * - `hold`: forwards, SES accepts, the client never hears back (and `onHold` is told, so a
 *   test can kill the sender while it holds that claim).
 */
export type SesFault =
  | 'pass'
  | 'throttle'
  | 'reject'
  | 'account'
  | 'invalid'
  | 'hang'
  | 'lost-answer'
  | 'hold';

/** One `SendRawEmail` call as the proxy saw it. */
export interface SesCall {
  recipient: string;
  /** 1 for the first call to this recipient, 2 for the next… */
  attempt: number;
  /** Every call so far, this one included. */
  callNumber: number;
  tags: Record<string, string>;
}

/** A message SES accepted (the emulator answered 200), with the tags the event will carry. */
export interface AcceptedMessage {
  messageId: string;
  recipient: string;
  tags: Record<string, string>;
  atMs: number;
}

/** Settings of {@link SesFaultProxy.start}. */
export interface SesFaultProxyOptions {
  /** The aws-ses-v2-local endpoint. */
  upstream: string;
  /** The fault for each call (default: always `pass`). */
  decide?: (call: SesCall) => SesFault;
  /** Awaited after SES accepted a message and before the client hears anything. */
  onAccepted?: (message: AcceptedMessage) => Promise<void> | void;
  /** Told when a `hold` call was accepted and is now held. */
  onHold?: (message: AcceptedMessage) => void;
}

const ERRORS = {
  throttle: [400, 'Sender', 'Throttling', 'Maximum sending rate exceeded.'],
  reject: [400, 'Sender', 'MessageRejected', 'Address blacklisted.'],
  account: [400, 'Sender', 'AccountSendingPausedException', 'Email sending is disabled.'],
  invalid: [400, 'Sender', 'InvalidParameterValue', 'Value at rawMessage failed a constraint.'],
  'lost-answer': [500, 'Receiver', 'InternalFailure', 'An internal failure occurred.'],
} as const;

function answerError(res: ServerResponse, fault: keyof typeof ERRORS): void {
  const [status, type, code, message] = ERRORS[fault];
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function tagsOf(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; params.has(`Tags.member.${i}.Name`); i += 1) {
    tags[params.get(`Tags.member.${i}.Name`) ?? ''] = params.get(`Tags.member.${i}.Value`) ?? '';
  }
  return tags;
}

/**
 * A real HTTP proxy in front of aws-ses-v2-local that injects the faults no emulator plays:
 * throttling, permanent and account-level refusals, lost answers, hangs. The SDK client is
 * pointed at it (`aws.endpoints.ses`), so the real `SesMailer` and its error handling run.
 * It counts calls per recipient and lists every message SES accepted.
 */
export class SesFaultProxy {
  public readonly accepted: AcceptedMessage[] = [];
  public readonly callsTo = new Map<string, number>();
  /** When each call to a recipient arrived (ms), in order. */
  public readonly callTimes = new Map<string, number[]>();
  public readonly faults = new Map<SesFault, number>();
  private calls = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: SesFaultProxyOptions,
  ) {}

  /** Starts the proxy on a free loopback port. */
  public static async start(options: SesFaultProxyOptions): Promise<SesFaultProxy> {
    let proxy: SesFaultProxy | undefined;
    const server = createServer((req, res) => {
      proxy?.handle(req, res).catch(() => res.destroy());
    });
    proxy = new SesFaultProxy(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** Where to point `aws.endpoints.ses`. */
  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops, dropping the calls still hung or held. */
  public stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const params = new URLSearchParams(body.toString('utf8'));
    if (params.get('Action') !== 'SendRawEmail') {
      const upstream = await this.forward(req, body);
      res.writeHead(upstream.status, { 'content-type': 'text/xml' }).end(upstream.body);
      return;
    }
    const recipient = params.get('Destinations.member.1') ?? '';
    const attempt = (this.callsTo.get(recipient) ?? 0) + 1;
    this.callsTo.set(recipient, attempt);
    this.callTimes.set(recipient, [...(this.callTimes.get(recipient) ?? []), Date.now()]);
    this.calls += 1;
    const call = { recipient, attempt, callNumber: this.calls, tags: tagsOf(params) };
    const fault = this.options.decide?.(call) ?? 'pass';
    this.faults.set(fault, (this.faults.get(fault) ?? 0) + 1);
    if (fault === 'hang') return; // never answered: the client's timeout ends it
    if (fault !== 'pass' && fault !== 'lost-answer' && fault !== 'hold') {
      answerError(res, fault);
      return;
    }
    const upstream = await this.forward(req, body);
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(upstream.body)?.[1];
    if (upstream.status !== 200 || messageId === undefined) {
      res.writeHead(upstream.status, { 'content-type': 'text/xml' }).end(upstream.body);
      return;
    }
    const message = { messageId, recipient, tags: call.tags, atMs: Date.now() };
    this.accepted.push(message);
    await this.options.onAccepted?.(message);
    if (fault === 'hold') this.options.onHold?.(message);
    else if (fault === 'lost-answer') answerError(res, 'lost-answer');
    else res.writeHead(200, { 'content-type': 'text/xml' }).end(upstream.body);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const upstream = request(
        `${this.options.upstream}${req.url ?? '/'}`,
        { method: req.method, headers: { ...req.headers, 'content-length': body.length } },
        async (answer) => {
          const text = (await readBody(answer)).toString('utf8');
          resolve({ status: answer.statusCode ?? 502, body: text });
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

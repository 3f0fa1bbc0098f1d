import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAdHocCommand } from '../../../bin/commands/adhoc-command.ts';
import { lambdaInvoker } from '../../../bin/commands/lambda-invoker.ts';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import { UsageError } from '../../../lambdas/errors.ts';
import { createReportHandler } from '../../../lambdas/handlers/report-handler.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { DynamoSendLedger } from '../../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import { MANIFEST_KEY } from '../../../lambdas/publish/index.ts';
import { maskEmail } from '../../../lambdas/publish/normalize-email.ts';
import type { SendJob } from '../../../lambdas/publish/send-job.ts';
import {
  ArraySubscriberStore,
  createBucket,
  createLedgerTable,
  emulatorClients,
  emulatorConfig,
  sesEmailsTo,
  subscriber,
} from '../../integration/publish/aws-test-support.ts';

const scenario = generateScenario('long-flush-reclaim', { seed: 3 });
const asOf = scenario.snapshots.at(-1)?.takenAt ?? '';
const config = {
  ...emulatorConfig(),
  venues: scenario.configuredVenues.map((id) => venueConfigSchema.parse({ id })),
};
const clients = emulatorClients(config);

/** The real report handler on the emulators, invoked in-process as the CLI's invoker. */
async function localFunction(subscriberDomain: string) {
  const site = new S3SiteStore(clients.s3, { bucket: await createBucket(config, 'adhoc-site') });
  const queued: SendJob[] = [];
  const handler = createReportHandler({
    config,
    site,
    artifacts: new S3SiteStore(clients.s3, { bucket: await createBucket(config, 'adhoc-data') }),
    subscribers: new ArraySubscriberStore([subscriber(`reader@${subscriberDomain}`)]),
    mailer: new SesMailer(clients.ses),
    ledger: new DynamoSendLedger(clients.doc, { tableName: await createLedgerTable(clients.doc) }),
    tokenSecret: config.tokenSecret ?? '',
    queue: { enqueue: async (job) => void queued.push(job) },
    snapshots: {
      list: async ({ fromMs, toMs }) =>
        scenario.snapshots.filter(
          (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
        ),
    },
  });
  const invoked: Array<{ fn: string; event: unknown }> = [];
  const command = createAdHocCommand(() => async (fn, event) => {
    invoked.push({ fn, event });
    return JSON.parse(JSON.stringify(await handler(event)));
  });
  return { site, queued, handler, invoked, command };
}

async function io() {
  const lines = { out: [] as string[], err: [] as string[] };
  const cwd = await mkdtemp(path.join(tmpdir(), 'aftershock-adhoc-'));
  return {
    lines,
    io: {
      out: (l: string) => lines.out.push(l),
      err: (l: string) => lines.err.push(l),
      env: {},
      cwd,
    },
  };
}

describe('aftershock adhoc argument validation', () => {
  const bad: Array<[string, string[], RegExp]> = [
    ['no mode', ['--asset', 'BTC', '--function', 'f'], /exactly one of/],
    [
      'two modes',
      ['--asset', 'BTC', '--dry-run', '--publish', '--function', 'f'],
      /exactly one of/,
    ],
    [
      'unknown asset',
      ['--asset', 'DOGE', '--dry-run', '--function', 'f'],
      /--asset must be one of BTC, ETH, SOL/,
    ],
    [
      'bad address',
      ['--asset', 'ETH', '--send-test', 'not-an-address', '--function', 'f'],
      /email address/,
    ],
    [
      'bad time',
      ['--asset', 'ETH', '--dry-run', '--as-of', '2026-02-30T00:00:00Z', '--function', 'f'],
      /ISO-8601/,
    ],
    ['no function', ['--asset', 'ETH', '--dry-run'], /--function/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with a usage error before invoking anything`, async () => {
      const invoker = vi.fn();
      const { io: cliIo } = await io();
      const run = createAdHocCommand(() => invoker).run(args, cliIo);
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(message);
      expect(invoker).not.toHaveBeenCalled();
    });
  }
});

describe('aftershock adhoc against a local invoke of the report handler', () => {
  it('prints a draft URL for --dry-run and leaves the manifest alone', async () => {
    const fn = await localFunction(`${randomUUID().slice(0, 8)}.example.test`);
    const { io: cliIo, lines } = await io();
    const code = await fn.command.run(
      ['--asset', 'btc', '--as-of', asOf, '--dry-run', '--function', 'aftershock-report'],
      cliIo,
    );
    expect(code, lines.err.join('\n')).toBe(0);
    expect(fn.invoked[0]).toEqual({
      fn: 'aftershock-report',
      event: { kind: 'ad-hoc', asset: 'BTC', mode: 'dry-run', asOf },
    });
    const url = /Draft: (\S+)/.exec(lines.out.join('\n'))?.[1] ?? '';
    expect(url).toMatch(
      /^https:\/\/aftershock\.example\.com\/drafts\/reports\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+-ad-hoc\/$/,
    );
    const key = `${new URL(url).pathname.slice(1)}index.html`;
    expect(await fn.site.getText(key)).toContain('<html');
    expect(
      await fn.site.getText(MANIFEST_KEY),
      'no manifest: nothing links to the draft',
    ).toBeNull();
    expect(fn.queued, 'nobody mailed').toEqual([]);
  });

  it('mails only the given address for --send-test', async () => {
    const domain = `${randomUUID().slice(0, 8)}.example.test`;
    const fn = await localFunction(domain);
    const { io: cliIo, lines } = await io();
    const code = await fn.command.run(
      ['--asset', 'BTC', '--as-of', asOf, '--send-test', `Editor@${domain}`, '--function', 'f'],
      cliIo,
    );
    expect(code, lines.err.join('\n')).toBe(0);
    expect(lines.out.join('\n'), 'addresses are masked in output').toContain(
      `${maskEmail(`editor@${domain}`)}: sent`,
    );
    const mails = await sesEmailsTo(domain);
    expect(
      mails.map((m) => m.destination.to),
      'the subscriber gets nothing',
    ).toEqual([[`editor@${domain}`]]);
    expect(mails[0]?.subject).toMatch(/^\[Test\] /);
    expect(fn.queued).toEqual([]);
  });

  it('answers a malformed event with a clear error result', async () => {
    const fn = await localFunction('unused.example.test');
    const result = await fn.handler({ kind: 'ad-hoc', asset: 'BTC', mode: 'send-test' });
    expect(result).toEqual({
      ok: false,
      error: 'Invalid ad-hoc event: to: "to" is required for mode send-test and allowed only there',
    });
  });
});

describe('lambda invoker error messages (real SDK client, local endpoints)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('says how to provide credentials when none are found', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-nocreds-'));
    await writeFile(path.join(dir, 'config'), '');
    await writeFile(path.join(dir, 'credentials'), '');
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', 'aftershock-no-such-profile');
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', undefined);
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', undefined);
    const invoke = lambdaInvoker({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
    await expect(invoke('aftershock-report', {})).rejects.toThrow(
      /^no AWS credentials found: set AWS_PROFILE/,
    );
  });

  it('names the editors policy when the function answers 403 AccessDenied', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
    const server = createServer((_req, res) => {
      res.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'AccessDeniedException',
      });
      res.end(JSON.stringify({ Message: 'not authorized to perform lambda:InvokeFunction' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const invoke = lambdaInvoker({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` });
      await expect(invoke('aftershock-report', {})).rejects.toThrow(
        'your IAM identity may not invoke aftershock-report: ask for the Aftershock editors policy.',
      );
    } finally {
      server.close();
    }
  });

  it('reports an unreachable endpoint as a failed invoke, not a credentials problem', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
    const invoke = lambdaInvoker({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
    await expect(invoke('aftershock-report', {})).rejects.toThrow(
      /^could not invoke aftershock-report: /,
    );
  });
});

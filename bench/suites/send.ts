import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { parseConfig } from '../../lambdas/load-config.ts';
import type { ReportMeta } from '../../lambdas/model/index.ts';
import {
  dynamoDocumentClient,
  s3Client,
  sesClient,
} from '../../lambdas/publish/aws/aws-clients.ts';
import { DynamoSendLedger } from '../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { S3SiteStore } from '../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../lambdas/publish/aws/ses-mailer.ts';
import type { Subscriber, SubscriberPage, SubscriberStore } from '../../lambdas/publish/index.ts';
import { MANIFEST_KEY, publishReportFiles, publishSiteFiles } from '../../lambdas/publish/index.ts';
import { storeReportEmail } from '../../lambdas/publish/send-job.ts';
import { renderSiteIndexFiles } from '../../lambdas/report/index.ts';
import { fanOutSend } from '../../lambdas/use-cases/fan-out-send.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../../test/integration/emulators.ts';
import { sampleRenderedReport } from '../../test/unit/publish/sample-rendered-report.ts';
import type { BenchSuite } from '../bench-support.ts';

/** The emulators, running in a child process (see bench/emulator-host.ts). */
export interface EmulatorHost {
  endpoints: { s3: string; ses: string; dynamodb: string };
  stop(): Promise<void>;
}

/** Starts bench/emulator-host.ts; used by the send suite and `npm run chaos`. */
export async function startEmulatorHost(): Promise<EmulatorHost> {
  // execArgv carries tsx's loader, so the child runs the TypeScript host as this process does.
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(import.meta.dirname, '..', 'emulator-host.ts')],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return {
    endpoints: JSON.parse(line) as EmulatorHost['endpoints'],
    async stop() {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

/** `BENCH_QUICK=1` sends to 1,000 subscribers per rate instead of 10,000 (200 s at 50/s). */
const QUICK = process.env.BENCH_QUICK === '1';
const CREDENTIALS = { credentials: EMULATOR_CREDENTIALS };

/** Subscribers made on demand per page, so the store itself holds nothing in memory. */
function syntheticSubscribers(count: number, domain: string): SubscriberStore {
  const at = '2026-01-01T00:00:00.000Z';
  const make = (i: number): Subscriber => ({
    email: `r${i}@${domain}`,
    status: 'active',
    assets: [],
    createdAt: at,
    updatedAt: at,
    consent: { at, form: 'bench' },
  });
  const unused = () => Promise.reject(new Error('not used by the benchmark'));
  return {
    upsert: unused,
    get: unused,
    setStatus: unused,
    setPreferences: unused,
    list: unused,
    listActive: async ({ pageSize, cursor }): Promise<SubscriberPage> => {
      const start = Number(cursor ?? '0');
      const end = Math.min(count, start + pageSize);
      const subscribers = Array.from({ length: end - start }, (_, i) => make(start + i));
      return { subscribers, nextCursor: end < count ? String(end) : null };
    },
  };
}

// Peak heapUsed counts garbage not yet collected, which grows with any long run; the heap live
// after a forced collection is what the sender actually holds.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Samples the heap after a forced collection every `everyMs` until stopped; returns the peak. */
function sampleLiveHeap(everyMs: number): () => number {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

async function measureSend(
  endpoints: Record<'s3' | 'ses' | 'dynamodb', string>,
  count: number,
  ratePerSecond: number,
  options: { liveHeap?: boolean } = {},
) {
  const config = parseConfig({
    tokenSecret: 'bench-secret-0123456789abcdef-ghijklmnopq',
    aws: { region: EMULATOR_REGION, endpoints, sesMaxSendRatePerSecond: ratePerSecond },
  });
  const doc = dynamoDocumentClient(config, CREDENTIALS);
  const tag = `b${Date.now().toString(36)}${count}x${ratePerSecond}`;
  await doc.send(
    new CreateTableCommand({
      TableName: tag,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const s3 = s3Client(config, CREDENTIALS);
  await s3.send(new CreateBucketCommand({ Bucket: tag }));
  const artifacts = new S3SiteStore(s3, { bucket: tag });
  const rendered = sampleRenderedReport({ id: tag });
  const job = await storeReportEmail(artifacts, rendered, Date.now());
  collectGarbage();
  const baseHeap = process.memoryUsage().heapUsed;
  const stopLiveHeap = options.liveHeap ? sampleLiveHeap(500) : null;
  let peakHeap = baseHeap;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 25);
  const startMs = performance.now();
  const record = await fanOutSend({
    job,
    artifacts,
    subscribers: syntheticSubscribers(count, `${tag}.bench.test`),
    mailer: new SesMailer(sesClient(config, CREDENTIALS)),
    ledger: new DynamoSendLedger(doc, { tableName: tag }),
    config,
    tokenSecret: config.tokenSecret ?? '',
  });
  const seconds = (performance.now() - startMs) / 1000;
  clearInterval(sampler);
  const liveHeapPeak = stopLiveHeap?.() ?? null;
  const achieved = (record.runs.at(-1)?.sent ?? 0) / seconds;
  return {
    subscribers: count,
    configuredPerSecond: ratePerSecond,
    achievedPerSecond: Math.round(achieved * 10) / 10,
    ratio: Math.round((achieved / ratePerSecond) * 1000) / 1000,
    target: 0.95,
    withinTarget: achieved / ratePerSecond >= 0.95,
    peakHeapGrowthMb: Math.round(((peakHeap - baseHeap) / 2 ** 20) * 10) / 10,
    ...(liveHeapPeak === null
      ? {}
      : { peakLiveHeapGrowthMb: Math.round(((liveHeapPeak - baseHeap) / 2 ** 20) * 10) / 10 }),
  };
}

async function measureArchivePublish(s3Endpoint: string) {
  const config = parseConfig({ aws: { region: EMULATOR_REGION, endpoints: { s3: s3Endpoint } } });
  const s3 = s3Client(config, CREDENTIALS);
  const bucket = `archive-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const site = new S3SiteStore(s3, { bucket });
  const older: ReportMeta[] = Array.from({ length: 1000 }, (_, i) => {
    const slug = `old-${i}`;
    const asOf = new Date(Date.parse('2024-01-01T00:00:00Z') + i * 3_600_000).toISOString();
    const path = `reports/${asOf.slice(0, 10).replaceAll('-', '/')}/${slug}/`;
    return sampleRenderedReport({ id: slug, slug, asOf, path }).meta;
  });
  await site.putFile({
    key: MANIFEST_KEY,
    body: JSON.stringify(older),
    contentType: 'application/json',
    cacheControl: 'public, max-age=300',
  });
  await publishSiteFiles(site, renderSiteIndexFiles(older, config.site));
  const startMs = performance.now();
  const reports = await publishReportFiles(site, sampleRenderedReport());
  const written = await publishSiteFiles(site, renderSiteIndexFiles(reports, config.site));
  return {
    archiveSize: 1000,
    publishMs: Math.round(performance.now() - startMs),
    siteFilesWritten: written.length,
  };
}

/**
 * Fan-out throughput against the local SES emulator at 50/s and 200/s (achieved ÷
 * configured, target ≥ 0.95), the sender's heap growth at 1k vs 10k subscribers (should be
 * flat; the emulators run in a child process so their stored mail is not counted),
 * and the time to publish one report into an archive of 1,000 on s3rver.
 */
export const sendSuite: BenchSuite = {
  name: 'send',
  async run() {
    const host = await startEmulatorHost();
    try {
      const endpoints = host.endpoints;
      const count = QUICK ? 1000 : 10_000;
      const throughput = [];
      for (const rate of [50, 200]) throughput.push(await measureSend(endpoints, count, rate));
      const memorySmall = await measureSend(endpoints, 1000, 1000, { liveHeap: true });
      const memoryLarge = QUICK
        ? null
        : await measureSend(endpoints, 10_000, 1000, { liveHeap: true });
      return {
        quick: QUICK,
        throughput,
        memory: {
          at1k: memorySmall.peakLiveHeapGrowthMb,
          at10k: memoryLarge?.peakLiveHeapGrowthMb ?? 'not run with BENCH_QUICK=1',
          unit: 'MB peak live heap growth (sampled after a forced collection every 0.5 s)',
          withGarbage: {
            at1k: memorySmall.peakHeapGrowthMb,
            at10k: memoryLarge?.peakHeapGrowthMb ?? null,
          },
        },
        archivePublish: await measureArchivePublish(endpoints.s3),
      };
    } finally {
      await host.stop();
    }
  },
};

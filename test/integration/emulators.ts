import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';

/** A local AWS emulator: where to reach it and how to stop it. */
export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts `s3rver` on a free loopback port with a throw-away folder. */
export async function startS3Emulator(): Promise<RunningEmulator> {
  const directory = await mkdtemp(path.join(tmpdir(), 'aftershock-s3rver-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = (await s3.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await s3.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Starts `dynalite` (in-memory DynamoDB) on a free loopback port. */
export async function startDynamoEmulator(): Promise<RunningEmulator> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts `aws-ses-v2-local` on a free loopback port; sent mail is readable at `GET /store`. */
export async function startSesEmulator(): Promise<RunningEmulator> {
  type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;
  const module: { default: unknown } = await import('aws-ses-v2-local');
  // A CommonJS module with __esModule: under plain Node the function sits one `default` deeper.
  const startSes = (
    typeof module.default === 'function'
      ? module.default
      : (module.default as { default: unknown }).default
  ) as StartSes;
  const server = await startSes({ host: '127.0.0.1', port: 0 });
  if (!server.listening)
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  // Node closes an idle keep-alive socket after 5 s; a client that reuses it in that instant
  // gets ECONNRESET after writing its request, which the one-attempt sender rightly counts as
  // a lost answer (`unknown`). SES keeps idle connections far longer, so the emulator does too,
  // or a loaded test machine turns that race into missing mail in every fan-out test.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Credentials the emulators accept; never real ones. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** Region the SDK clients use against the emulators. */
export const EMULATOR_REGION = 'us-east-1';

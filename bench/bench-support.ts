import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';

/** One benchmark suite: a name and a function that measures and returns its figures. */
export interface BenchSuite {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

/** The median of a sample (0 for an empty one). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A measured figure beside its target (null where no issue sets one), rounded for reading. */
export function figure(samples: number[], target: number | null, unit = 'ms') {
  return {
    median: Math.round(median(samples) * 10) / 10,
    samples: samples.map((s) => Math.round(s * 10) / 10),
    target,
    unit,
    withinTarget: target === null ? null : median(samples) <= target,
  };
}

/** The CoinGlass exports in ../shared/data beside the repository (never copied in). */
export const COINGLASS_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'data',
  'coinglass',
);

/** Why a suite over the CoinGlass file cannot run here, or null when it can. */
export function coinglassMissing(): string | null {
  return existsSync(COINGLASS_DIR) && readdirSync(COINGLASS_DIR).some((f) => f.includes('_regime_'))
    ? null
    : `no CoinGlass regime file in ${COINGLASS_DIR}`;
}

/** Counts the S3 GetObject and PutObject requests a client sends (the objects read and written). */
export function countS3Requests(client: S3Client): { gets: number; puts: number } {
  const counter = { gets: 0, puts: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetObjectCommand') counter.gets += 1;
      if (context.commandName === 'PutObjectCommand') counter.puts += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountS3Requests' },
  );
  return counter;
}

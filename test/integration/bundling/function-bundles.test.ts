import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AftershockFunction } from '../../../lib/constructs/aftershock-function.ts';
import type { BundlePayload } from '../../../lib/constructs/bundle-payload.ts';
import { HANDLER_ENTRIES } from '../../../lib/handler-entries.ts';

// Outside the project, so nothing resolves from its node_modules: a bundle must carry all it needs.
const LOAD_DIR = path.join(tmpdir(), `aftershock-bundling-${process.pid}`);

let assets: { report: string; collector: string };

function bundledFunction(
  stack: Stack,
  id: string,
  entry: string,
  payload: BundlePayload,
): AftershockFunction {
  return new AftershockFunction(stack, id, {
    entry,
    service: id.toLowerCase(),
    description: `${id} bundling test`,
    settings: {},
    timeout: Duration.minutes(1),
    memorySizeMb: 1024,
    payload,
  });
}

/** Synthesizes the report and collector functions exactly as the stack bundles them. */
function synthesizeBundles(): { report: string; collector: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'aftershock-bundles-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundles');
  const report = bundledFunction(stack, 'Report', HANDLER_ENTRIES.report, 'report');
  const collector = bundledFunction(stack, 'Collector', HANDLER_ENTRIES.collector, 'plain');
  const assembly = app.synth();
  const template = assembly.getStackByName('Bundles').template as {
    Resources: Record<string, { Metadata?: Record<string, string> }>;
  };
  const assetOf = (fn: AftershockFunction) => {
    const logicalId = stack.getLogicalId(fn.fn.node.defaultChild as CfnFunction);
    const assetPath = template.Resources[logicalId]?.Metadata?.['aws:asset:path'];
    if (assetPath === undefined) throw new Error(`no asset for ${logicalId}`);
    return path.join(assembly.directory, assetPath);
  };
  return { report: assetOf(report), collector: assetOf(collector) };
}

function sourcesOf(assetDir: string): string[] {
  const map = JSON.parse(readFileSync(path.join(assetDir, 'index.mjs.map'), 'utf8')) as {
    sources: string[];
  };
  return map.sources;
}

/** Imports a bundle in a fresh Node process, as Lambda's cold start does; returns its exports. */
function importBundle(assetDir: string, name: string): { status: number | null; out: string } {
  const dir = path.join(LOAD_DIR, name);
  mkdirSync(LOAD_DIR, { recursive: true });
  cpSync(assetDir, dir, { recursive: true });
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import('./index.mjs'); console.log(Object.keys(m).join(','));`,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

beforeAll(() => {
  assets = synthesizeBundles();
}, 300_000);

afterAll(() => {
  rmSync(LOAD_DIR, { recursive: true, force: true });
});

describe('function bundles (real esbuild bundling)', () => {
  it('ships the linux-x64 canvas binary with the report function', () => {
    const binaryDir = path.join(assets.report, 'node_modules', '@napi-rs', 'canvas-linux-x64-gnu');
    const binaries = readdirSync(binaryDir).filter((file) => file.endsWith('.node'));
    expect(binaries, 'Lambda x86_64 needs the glibc x64 build').toEqual([
      'skia.linux-x64-gnu.node',
    ]);
    expect(
      existsSync(path.join(assets.report, 'node_modules', '@napi-rs', 'canvas', 'package.json')),
    ).toBe(true);
  });

  it('ships the DejaVu fonts where register-chart-font resolves them', () => {
    const fontDir = path.join(assets.report, 'node_modules', 'dejavu-fonts-ttf');
    expect(existsSync(path.join(fontDir, 'package.json'))).toBe(true);
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
      expect(statSync(path.join(fontDir, 'ttf', file)).size, file).toBeGreaterThan(100_000);
    }
  });

  it('ships the templates next to the bundle, where the renderer looks first', () => {
    for (const file of [
      'report.hbs',
      'email.html.hbs',
      'partials/head.hbs',
      'subscription/confirmed.hbs',
    ]) {
      expect(existsSync(path.join(assets.report, 'templates', file)), file).toBe(true);
    }
  });

  it('bundles only the collector’s own ccxt venues, not all of ccxt', () => {
    const sources = sourcesOf(assets.collector);
    expect(
      sources.some((s) => s.endsWith('ccxt/js/src/pro/binanceusdm.js')),
      'its venues are in',
    ).toBe(true);
    expect(
      sources.some((s) => s.endsWith('ccxt/js/src/kraken.js')),
      'other venues stay out',
    ).toBe(false);
    expect(statSync(path.join(assets.collector, 'index.mjs')).size).toBeLessThan(4 * 1024 * 1024);
  });

  it('bundles the AWS SDK instead of relying on the runtime’s copy', () => {
    const sources = sourcesOf(assets.collector);
    expect(
      sources.some((s) => s.includes('@aws-sdk/client-s3/')),
      'the functions run the SDK version the tests ran',
    ).toBe(true);
  });

  it('loads both bundles cold, away from node_modules, without a missing module', () => {
    const collector = importBundle(assets.collector, 'collector');
    expect(collector.out, 'collector import').toContain('handler');
    expect(collector.status).toBe(0);
    const report = importBundle(assets.report, 'report');
    expect(report.out, 'report import').toContain('handler');
    expect(report.status).toBe(0);
  }, 60_000);
});

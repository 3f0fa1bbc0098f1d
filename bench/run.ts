import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import type { BenchSuite } from './bench-support.ts';
import { bundlesSuite } from './suites/bundles.ts';
import { collectorSuite } from './suites/collector.ts';
import { detectSuite } from './suites/detect.ts';
import { lighthouseSuite } from './suites/lighthouse.ts';
import { marketSuite } from './suites/market.ts';
import { replaySuite } from './suites/replay.ts';
import { reportSuite } from './suites/report.ts';
import { rollupsSuite } from './suites/rollups.ts';
import { sendSuite } from './suites/send.ts';
import { simulateSuite } from './suites/simulate.ts';

/**
 * `npm run bench [suite…]`: measures, never asserts. Figures go to
 * bench/results/latest.json with their targets beside them. Naming suites re-measures only
 * those; the other suites' last figures stay in the file, each with the time it was measured.
 */
const SUITES: readonly BenchSuite[] = [
  reportSuite,
  marketSuite,
  lighthouseSuite,
  replaySuite,
  simulateSuite,
  sendSuite,
  collectorSuite,
  detectSuite,
  rollupsSuite,
  bundlesSuite,
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
const file = path.join(import.meta.dirname, 'results', 'latest.json');
const earlier: Record<string, unknown> =
  wanted.length && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const results: Record<string, unknown> = {
  ...earlier,
  machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
};
for (const suite of selected) {
  process.stderr.write(`bench: ${suite.name}…\n`);
  const measuredAt = new Date().toISOString();
  results[suite.name] = { measuredAt, ...(await suite.run()) };
}
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(
  JSON.stringify(Object.fromEntries(selected.map((s) => [s.name, results[s.name]])), null, 2),
);

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import type { BenchSuite } from './bench-support.ts';
import { bundlesSuite } from './suites/bundles.ts';
import { collectorSuite } from './suites/collector.ts';
import { lighthouseSuite } from './suites/lighthouse.ts';
import { replaySuite } from './suites/replay.ts';
import { reportSuite } from './suites/report.ts';
import { sendSuite } from './suites/send.ts';

/**
 * `npm run bench [suite…]`: measures, never asserts. Figures go to
 * bench/results/latest.json with their targets beside them.
 */
const SUITES: readonly BenchSuite[] = [
  reportSuite,
  lighthouseSuite,
  replaySuite,
  sendSuite,
  collectorSuite,
  bundlesSuite,
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
const results: Record<string, unknown> = {
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
};
for (const suite of selected) {
  process.stderr.write(`bench: ${suite.name}…\n`);
  results[suite.name] = await suite.run();
}
const dir = path.join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));

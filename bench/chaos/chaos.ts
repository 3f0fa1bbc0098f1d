import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { runChaosScenario } from '../../test/support/fanout/chaos-scenario.ts';
import type { ChaosFigures } from '../../test/support/fanout/chaos-tally.ts';
import { startEmulatorHost } from '../suites/send.ts';
import { describeChaos, totalsOf } from './report.ts';
import { CHAOS_SUBSCRIBERS, CHAOS_TUNING, chaosScenarios } from './scenarios.ts';

/**
 * `npm run chaos`: the reliability audit's fan-out table, reproduced against the emulators
 * (s3rver, aws-ses-v2-local, dynalite in a child process) behind the SES fault proxy, with the
 * real send and ses-events handlers. Prints one row per fault and all together, writes the
 * figures to bench/results/chaos.json, and exits 1 if anyone was mailed twice or skipped silently.
 */
const host = await startEmulatorHost();
const figures: ChaosFigures[] = [];
try {
  for (const scenario of chaosScenarios(CHAOS_SUBSCRIBERS)) {
    process.stderr.write(`chaos: ${scenario.name}…\n`);
    figures.push(
      await runChaosScenario({ endpoints: host.endpoints, tuning: CHAOS_TUNING }, scenario),
    );
  }
} finally {
  await host.stop();
}
const total = totalsOf(figures);
const file = path.join(import.meta.dirname, '..', 'results', 'chaos.json');
mkdirSync(path.dirname(file), { recursive: true });
const machine = {
  node: process.version,
  cpus: cpus().length,
  model: cpus()[0]?.model ?? 'unknown',
};
writeFileSync(
  file,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, tuning: CHAOS_TUNING, total, scenarios: figures }, null, 2)}\n`,
);
for (const line of describeChaos(figures, total)) console.log(line);
const failed =
  total.twiceOrMore > 0 || total.skippedSilently > 0 || figures.some((f) => !f.run.completed);
process.exit(failed ? 1 : 0);

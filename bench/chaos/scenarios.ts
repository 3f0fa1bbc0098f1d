import type { ChaosScenario, ChaosTuning } from '../../test/support/fanout/chaos-scenario.ts';

/** The reliability audit's fan-out faults (audits/reliability-2026-11-30.md, rows #1–#7). */
const KILLS = [0.24, 0.5, 0.76];

/** Subscribers per scenario: 500 as in the audit (`CHAOS_SUBSCRIBERS` overrides it). */
export const CHAOS_SUBSCRIBERS = Number(process.env.CHAOS_SUBSCRIBERS ?? 500);

/** Each fault alone, then all together (the audit's table, one row per fault). */
export function chaosScenarios(subscribers: number): ChaosScenario[] {
  const rows: Array<[string, ChaosScenario['faults']]> = [
    ['sender SIGKILLed 3×', { kills: KILLS }],
    ['throttling 10 %', { throttle: 0.1 }],
    ['permanent rejects 1 %', { reject: 0.01, redeliverAfter: true }],
    ['lost answers 2 %', { lostAnswer: 0.02 }],
    ['hung calls 1 %', { hang: 0.01 }],
    ['duplicated job', { duplicateJob: true }],
    [
      'all together',
      {
        kills: KILLS,
        throttle: 0.1,
        reject: 0.01,
        lostAnswer: 0.02,
        hang: 0.01,
        duplicateJob: true,
        redeliverAfter: true,
      },
    ],
  ];
  return rows.map(([name, faults], i) => ({ name, subscribers, seed: 2026 + i, faults }));
}

/**
 * The senders' settings for the chaos run: the audit's rate (40/s puts 4 sends in flight),
 * Lambda runs shortened to 10 s so leases of killed senders end quickly, SES timeouts of 1 s,
 * and a 2 s grace period (the real one is 30 min: events here arrive within milliseconds).
 * Events come right after the answer, as SES publishes them.
 */
export const CHAOS_TUNING: ChaosTuning = {
  ratePerSecond: 40,
  remainingMs: 10_000,
  pauseMs: 1_000,
  maxRounds: 80,
  delivery: { sesRequestTimeoutMs: 1_000, sesConnectionTimeoutMs: 300, unknownGraceSeconds: 2 },
  events: 'after-answer',
};

import { describe, expect, inject, it } from 'vitest';
import { type ChaosEnvironment, runChaosScenario } from '../../support/fanout/chaos-scenario.ts';

/** The chaos command's fault mix, on 50 subscribers, with rates high enough to hit each fault. */
const SMALL_MIX = {
  name: 'all together, small',
  subscribers: 50,
  seed: 7,
  faults: {
    throttle: 0.2,
    reject: 0.04,
    lostAnswer: 0.06,
    hang: 0.06,
    kills: [0.2],
    duplicateJob: true,
    redeliverAfter: true,
  },
};

describe('npm run chaos, small', () => {
  it('mails 50 subscribers under every fault at once with 0 mailed twice and 0 skipped silently', async () => {
    const env: ChaosEnvironment = {
      endpoints: {
        ses: inject('sesEndpoint'),
        s3: inject('s3Endpoint'),
        dynamodb: inject('dynamoEndpoint'),
      },
      tuning: {
        ratePerSecond: 80,
        remainingMs: 6_000,
        pauseMs: 200,
        // Rounds are paced by pauseMs; the cap only ends a run that would never finish.
        maxRounds: 200,
        delivery: { sesRequestTimeoutMs: 500, sesConnectionTimeoutMs: 200, unknownGraceSeconds: 1 },
        events: 'before-answer',
      },
    };
    const figures = await runChaosScenario(env, SMALL_MIX);
    const summary = JSON.stringify({ ...figures, notMailed: figures.notMailed.length });
    expect(figures.run.completed, summary).toBe(true);
    expect(figures.run.kills, 'one sender SIGKILLed holding a claim').toBe(1);
    for (const fault of ['throttle', 'reject', 'lost-answer'] as const) {
      expect(figures.ses.faults[fault] ?? 0, `${fault} injected`).toBeGreaterThan(0);
    }
    expect(
      (figures.ses.faults.hang ?? 0) + (figures.ses.faults.hold ?? 0),
      'hangs',
    ).toBeGreaterThan(1);
    expect(figures.mailed.twiceOrMore, 'mailed twice or more').toBe(0);
    expect(figures.skippedSilently, 'skipped silently').toBe(0);
    expect(
      figures.rejectedRetried,
      'rejected addresses retried after their reject was recorded',
    ).toBe(0);
    expect(figures.rejected, 'the 4 % rejected').toBeGreaterThan(0);
    expect(figures.mailed.once + figures.notMailed.length).toBe(50);
    for (const missing of figures.notMailed) {
      expect(['rejected', 'unknown'], missing.subscriber).toContain(missing.status);
      expect(missing.reason, missing.subscriber).not.toBe('no reason recorded');
    }
  });
});

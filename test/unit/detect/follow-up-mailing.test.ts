import { describe, expect, it } from 'vitest';
import type { RegimeAssessment } from '../../../lambdas/model/index.ts';
import { followUpMailing } from '../../../lambdas/use-cases/detect-follow-ups.ts';

const reading = (label: RegimeAssessment['label'], checkpoint: RegimeAssessment['checkpoint']) =>
  ({ label, checkpoint }) as RegimeAssessment;

describe('followUpMailing', () => {
  const history = [reading('stabilizing', '1h'), reading('reclaim', '4h')];

  it('mails a follow-up whose reading changed since the one before, by default', () => {
    expect(
      followUpMailing({ emailed: true }, 'grind-lower', history, { followUpMail: 'when-changed' }),
    ).toEqual({ mail: true, note: null });
  });

  it('publishes but does not mail a follow-up whose reading is unchanged, and says why', () => {
    const decision = followUpMailing({ emailed: true }, 'reclaim', history, {
      followUpMail: 'when-changed',
    });
    expect(decision.mail).toBe(false);
    expect(decision.note).toBe(
      'not mailed: the reading is reclaim, as at 4h; the story page is updated',
    );
  });

  it('mails every follow-up when set to always, and none when off', () => {
    expect(
      followUpMailing({ emailed: true }, 'reclaim', history, { followUpMail: 'always' }).mail,
    ).toBe(true);
    expect(
      followUpMailing({ emailed: true }, 'grind-lower', history, { followUpMail: 'off' }),
    ).toEqual({
      mail: false,
      note: 'follow-up mail is off',
    });
  });

  it('never mails the follow-up of a flash that was not mailed, whatever the setting', () => {
    for (const followUpMail of ['when-changed', 'always', 'off'] as const) {
      expect(
        followUpMailing({ emailed: false }, 'grind-lower', history, { followUpMail }).mail,
      ).toBe(false);
    }
  });
});
